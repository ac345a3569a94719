"""The golden copy: a small description covering every type mapping (nullable, enum with null,
allOf, oneOf, a recursive reference, binary answers, multipart, additionalProperties, query,
path and header parameters, no body, a deprecated operation) and the package mbgen generates
from it, checked in, so a reviewer sees what a template or runtime change does to the output.

After an intended change: `make golden`, review `git diff tests/golden/package`, commit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_mbgen

GOLDEN = ROOT / "tests" / "golden"
FIXTURE = GOLDEN / "fixture.openapi.json"
PACKAGE = GOLDEN / "package"
REFRESH = "stale golden copy: run `make golden`, review `git diff tests/golden/package`, commit"


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


def test_generation_matches_the_golden_copy(tmp_path: Path) -> None:
    out = tmp_path / "package"
    result = run_mbgen("generate", str(FIXTURE), "-o", str(out), "--package-name", "golden_client")
    assert result.returncode == 0, result.stderr
    fresh, golden = files_under(out), files_under(PACKAGE)
    assert sorted(fresh) == sorted(golden), REFRESH
    differing = [name for name in fresh if fresh[name] != golden[name]]
    assert differing == [], f"{REFRESH} (differs: {', '.join(differing)})"


def test_golden_package_is_mypy_strict_clean() -> None:
    mypy = Path(sys.executable).parent / "mypy"
    result = subprocess.run(
        [str(mypy), "--strict", "--no-incremental", "--cache-dir=/dev/null", "golden_client"],
        capture_output=True,
        text=True,
        cwd=PACKAGE,
    )
    assert result.returncode == 0, result.stdout[-3000:]
