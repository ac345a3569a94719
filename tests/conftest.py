"""Shared fixtures: the bundled corpus (specs/sources/), and the mbgen CLI as a subprocess."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.ingest import read_source
from generator.ir import IR

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "specs" / "sources" / "metabase"
MARKDOWN = CORPUS / "markdown"
OPENAPI_2025 = CORPUS / "openapi" / "metabase-2025-12.openapi.json"
SEEDS = ROOT / "specs" / "sources" / "seeds"
RENDERED_SEED = SEEDS / "004_a68a613526f8976e.txt"
TUTORIAL_SEED = SEEDS / "000_a5fc8e10a7457e30.txt"
MARKDOWN_SNAPSHOTS = sorted(p.name for p in MARKDOWN.iterdir() if p.is_dir())
MBGEN = Path(sys.executable).parent / "mbgen"

# Endpoint headings as every Markdown era writes them, read independently of the reader.
HEADING = re.compile(r"^#+ `(GET|POST|PUT|PATCH|DELETE) (\S+)`\s*$", re.MULTILINE)


def published_headings(snapshot: Path) -> set[tuple[str, str]]:
    """(METHOD, path with {name} placeholders) of every heading in a snapshot."""
    files = [snapshot] if snapshot.is_file() else sorted(snapshot.rglob("*.md"))
    found = set()
    for f in files:
        for method, path in HEADING.findall(f.read_text()):
            found.add((method, re.sub(r":([A-Za-z_][\w-]*)", r"{\1}", path)))
    return found


def run_mbgen(
    *args: str, input: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("MBGEN_DEBUG", None)
    return subprocess.run(
        [str(MBGEN), *args],
        input=input.decode() if input is not None else None,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def openapi_2025_ir() -> IR:
    return read_source(str(OPENAPI_2025), release="2025-12")


@dataclass
class Generated:
    root: Path  # the generated project folder
    package: str
    module: ModuleType

    @property
    def package_dir(self) -> Path:
        return self.root / self.package

    def manifest(self) -> list[dict[str, Any]]:
        data = json.loads((self.package_dir / "operations.json").read_text())
        operations: list[dict[str, Any]] = data["operations"]
        return operations


def generate_and_import(source: Path, out: Path, package: str, *extra: str) -> Generated:
    result = run_mbgen("generate", str(source), "-o", str(out), "--package-name", package, *extra)
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
    return Generated(out, package, module)


@pytest.fixture(scope="session")
def generated_2025(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """The 2025-12 client, generated once by the CLI and imported."""
    out = tmp_path_factory.mktemp("generated") / "client"
    return generate_and_import(ROOT / "specs" / "metabase-0.58.json", out, "mb2025")


@contextmanager
def prism_serving_2025(
    folder: Path, edit: Callable[[dict[str, Any]], dict[str, Any]] | None = None
) -> Iterator[str]:
    """Prism serving `mbgen normalize` of the 2025-12 document, first changed by `edit` if
    given (~30 s to start)."""
    from tests.prism import prism_mock

    repaired = folder / "metabase.openapi.json"
    result = run_mbgen(
        "normalize", str(OPENAPI_2025), "--openapi-out", str(repaired), "--release", "2025-12"
    )
    assert result.returncode == 0, result.stderr
    if edit is not None:
        repaired.write_text(json.dumps(edit(json.loads(repaired.read_text()))))
    with prism_mock(repaired, folder / "prism.log") as url:
        yield url


@pytest.fixture(scope="session")
def prism_2025(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prism serving `mbgen normalize` of the 2025-12 document (started once)."""
    with prism_serving_2025(tmp_path_factory.mktemp("prism")) as url:
        yield url
