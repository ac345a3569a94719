"""Shared fixtures: the bundled corpus (specs/sources/), and the mbgen CLI as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ir import IR
from generator.sources import read_source

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
