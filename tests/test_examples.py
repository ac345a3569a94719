"""The six everyday tasks in examples/ and the generated README's code: type-checked with
mypy --strict against the generated 2025-12 package, and the scripts run against Prism."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, Generated, generate_and_import

EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))
MYPY = Path(sys.executable).parent / "mypy"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def client_2025(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    """The 2025-12 client under its default name, which the examples import."""
    out = tmp_path_factory.mktemp("examples") / "client"
    generated = generate_and_import(
        ROOT / "specs" / "metabase-2025-12.json", out, "metabase_client"
    )
    yield generated
    for name in [
        m for m in sys.modules if m == "metabase_client" or m.startswith("metabase_client.")
    ]:
        del sys.modules[name]


def mypy_strict(files: list[Path], package_root: Path) -> subprocess.CompletedProcess[str]:
    options = ["--strict", "--no-incremental", "--cache-dir=/dev/null", "--explicit-package-bases"]
    return subprocess.run(
        [str(MYPY), *options, *map(str, files)],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": f"{package_root}{os.pathsep}{EXAMPLES}"},
    )


def test_six_everyday_tasks_are_there() -> None:
    assert [p.stem for p in SCRIPTS] == [
        "collection_tree",
        "create_sql_question",
        "export_csv",
        "question_on_dashboard",
        "search",
        "user_in_group",
    ]


def test_examples_pass_mypy_strict(client_2025: Generated) -> None:
    result = mypy_strict([*SCRIPTS, EXAMPLES / "_connect.py"], client_2025.root)
    assert result.returncode == 0, result.stdout[-3000:]


def test_generated_readme_code_passes_mypy_strict(client_2025: Generated, tmp_path: Path) -> None:
    readme = (client_2025.root / "README.md").read_text()
    blocks = PYTHON_BLOCK.findall(readme)
    assert len(blocks) >= 3 and any("NewUser(" in block for block in blocks)
    # The blocks read in order as one program (later ones use the first one's import).
    program = tmp_path / "readme_code.py"
    program.write_text("\n".join(blocks))
    result = mypy_strict([program], client_2025.root)
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_key_the_description_omits_is_a_type_error_without_the_subclass(
    client_2025: Generated, tmp_path: Path
) -> None:
    """The check above can fail: the plain dict with `password` does not type-check."""
    program = tmp_path / "plain_dict.py"
    program.write_text(
        "from metabase_client import MetabaseClient\n"
        'mb = MetabaseClient("http://localhost:3000", api_key="k")\n'
        'mb.user.create(body={"email": "a@b.c", "password": "x"})\n'
    )
    result = mypy_strict([program], client_2025.root)
    assert result.returncode == 1 and '"password"' in result.stdout


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_example_runs_against_prism(
    script: Path, client_2025: Generated, prism_2025: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(client_2025.root),
        "METABASE_URL": prism_2025,
        "METABASE_API_KEY": "YOUR_API_KEY",
    }
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip()
    if script.stem == "export_csv":
        assert (tmp_path / "card.csv").stat().st_size > 0
