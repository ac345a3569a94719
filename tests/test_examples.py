"""The six everyday tasks in examples/, type-checked with mypy --strict against the generated
2025-12 package and run against Prism; the generated README's code, type-checked against the
package of every bundled release."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Generated, generate_and_import, prism_serving_2025, run_mbgen

EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))
MYPY = Path(sys.executable).parent / "mypy"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


# Where the 2025-12 description declares no answer, Prism answers nothing; these are the answers
# Metabase gives (trimmed to what the examples read), declared as examples so Prism returns them.
# Prism still validates every request against the description.
ANSWERS: dict[tuple[str, str], object] = {
    ("post", "/api/card/"): {"id": 1, "name": "Orders per day", "display": "line"},
    ("post", "/api/dashboard/"): {"id": 2, "name": "Sales"},
    ("post", "/api/user/"): {"id": 3, "email": "ada@example.com"},
    ("post", "/api/permissions/group"): {"id": 4, "name": "Analysts"},
    ("get", "/api/search/"): {
        "data": [{"model": "card", "id": 1, "name": "Orders per day"}],
        "total": 1,
    },
    ("get", "/api/collection/tree"): [
        {"id": 5, "name": "Sales", "children": [{"id": 6, "name": "Europe", "children": []}]}
    ],
    ("post", "/api/card/{card-id}/query/{export-format}"): "day,orders\n2025-12-01,42\n",
}


EXPORT = ("post", "/api/card/{card-id}/query/{export-format}")


def with_answers(document: dict[str, Any]) -> dict[str, Any]:
    for (method, path), answer in ANSWERS.items():
        responses = document["paths"][path][method]["responses"]
        media = "text/csv" if isinstance(answer, str) else "application/json"
        responses["200"] = {
            "description": "What Metabase answers",
            "content": {media: {"example": answer}},
        }
    return document


@pytest.fixture(scope="module")
def prism_with_answers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with prism_serving_2025(tmp_path_factory.mktemp("prism-examples"), with_answers) as url:
        yield url


@pytest.fixture(scope="module")
def client_2025(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    """The 2025-12 client under its default name, which the examples import."""
    out = tmp_path_factory.mktemp("examples") / "client"
    generated = generate_and_import(ROOT / "specs" / "metabase-0.58.json", out, "metabase_client")
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


RELEASES = [e["release"] for e in json.loads((ROOT / "specs" / "index.json").read_text())]
# Metabase's descriptions declare `password` for POST /api/user/ up to 0.42.0, omit it from
# 2022-07-27 to 0.58, and declare it again from 0.59.
OMITS_PASSWORD = {"2022-07-27", "2023-01-05", "2024-05-10", "0.58"}
RUNTIME_BLOCK_NEEDS = {
    ("GET", "/api/card/{id}"),
    ("POST", "/api/card/{card-id}/query/{export-format}"),
    ("GET", "/api/collection/{id}/items"),
}


@dataclass
class ReadmeCheck:
    packages: dict[str, Path]  # release -> the generated package (README.md one folder up)
    mypy: subprocess.CompletedProcess[str]  # one run over every release's program


def _program(release: str) -> str:
    return "readme_" + re.sub(r"\W", "_", release) + ".py"


@pytest.fixture(scope="module")
def readme_check(client_2025: Generated, tmp_path_factory: pytest.TempPathFactory) -> ReadmeCheck:
    """Every bundled release's README code, type-checked by one mypy --strict run (one run
    over eight programs takes a fraction of eight runs: the stdlib and httpx are read once).
    Each release gets its own package name so that the packages sit side by side."""
    folder = tmp_path_factory.mktemp("readmes")
    packages = {"0.58": client_2025.package_dir}
    for release in RELEASES:
        if release not in packages:
            package = "mb_" + re.sub(r"\W", "_", release)
            spec = ROOT / "specs" / f"metabase-{release}.json"
            out = folder / release
            result = run_mbgen("generate", str(spec), "-o", str(out), "--package-name", package)
            assert result.returncode == 0, result.stderr
            packages[release] = out / package
        # The blocks read in order as one program (later ones use the first one's import).
        blocks = PYTHON_BLOCK.findall((packages[release].parent / "README.md").read_text())
        (folder / _program(release)).write_text("\n".join(blocks))
    options = ["--strict", "--no-incremental", "--cache-dir=/dev/null", "--explicit-package-bases"]
    result = subprocess.run(
        [str(MYPY), *options, *map(_program, RELEASES)],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "MYPYPATH": os.pathsep.join(str(p.parent) for p in packages.values())},
    )
    return ReadmeCheck(packages, result)


@pytest.mark.parametrize("release", RELEASES)
def test_generated_readme_code_passes_mypy_strict(release: str, readme_check: ReadmeCheck) -> None:
    mypy = readme_check.mypy
    assert f" {len(RELEASES)} source files" in mypy.stdout, mypy.stdout + mypy.stderr
    errors = [line for line in mypy.stdout.splitlines() if line.startswith(_program(release))]
    assert not errors, "\n".join(errors)
    package = readme_check.packages[release]
    blocks = PYTHON_BLOCK.findall((package.parent / "README.md").read_text())
    assert len(blocks) >= 3
    assert any("NewUser(" in block for block in blocks) == (release in OMITS_PASSWORD)
    # The runtime block is dropped where the release lacks its operations, and only there
    # (not where an argument of the declared type could not be written).
    operations = json.loads((package / "operations.json").read_text())["operations"]
    declared = {(o["method"], o["path"]) for o in operations}
    assert any("paginate(" in block for block in blocks) == (declared >= RUNTIME_BLOCK_NEEDS)


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
    script: Path, client_2025: Generated, prism_with_answers: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(client_2025.root),
        "METABASE_URL": prism_with_answers,
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
        assert (tmp_path / "card.csv").read_text() == ANSWERS[EXPORT]
