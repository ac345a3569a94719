"""The hostile corpus (tests/hostile_inputs.py) through the real CLI: every input ends in success
or a one-line refusal (exit 1) within the subprocess timeout and an address-space limit, with no
connection to the listener, and every package generate writes imports."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MBGEN
from tests.hostile_inputs import Case, cases
from tests.listener import listening

TIMEOUT = 30  # seconds: a hang guard on a shared machine, not a timing
MEMORY = 2 * 1024**3  # bytes of address space per run

CASES = cases()


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_limited(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MBGEN_CACHE_DIR": str(cache)}
    env.pop("MBGEN_DEBUG", None)
    return subprocess.run(
        [str(MBGEN), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        preexec_fn=_limit_memory,
    )


def _check(result: subprocess.CompletedProcess[str], case: Case, refused: bool) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode != 70, result.stderr
    if refused:
        assert case.refusal is not None
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and len(lines) == 1, result.stderr
        assert case.name in lines[0] and case.refusal in lines[0], lines[0]
    else:
        assert result.returncode == 0, result.stderr


def _imports(folder: Path) -> subprocess.CompletedProcess[str]:
    code = f"import sys; sys.path.insert(0, {str(folder)!r}); import metabase_client.api"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One formatting cache for the corpus: the modules every package shares format once."""
    return tmp_path_factory.mktemp("black-cache")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path, cache: Path) -> None:
    source = tmp_path / case.name
    out = tmp_path / "client"
    with listening() as listener:
        source.write_bytes(case.data.replace(b"LISTENER", listener.url.encode()))
        if case.generate:
            generate = run_limited(["generate", str(source), "-o", str(out)], cache)
            _check(generate, case, case.refusal is not None)
        if not case.generate_only or case.refusal is None:
            ingest = run_limited(["ingest", str(source), "-o", str(tmp_path / "ir.json")], cache)
            _check(ingest, case, case.refusal is not None and not case.generate_only)
        if case.refusal is None:
            diff = run_limited(["diff", str(tmp_path / "ir.json"), str(source)], cache)
            _check(diff, case, False)
        if case.refusal is None and case.generate:
            imported = _imports(out)
            assert imported.returncode == 0, imported.stderr
        else:
            assert not out.exists()  # nothing written
        assert listener.connections == []
