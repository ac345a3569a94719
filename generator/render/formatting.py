"""black over the generated modules, with a cache of what is already formatted (as black keeps
one): regenerating an unchanged release formats nothing."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import tempfile
from pathlib import Path

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.errors import MbgenError

MODE = black.Mode(target_versions={TargetVersion.PY311})
BLACK_VERSION = importlib.metadata.version("black")


def cache_dir() -> Path | None:
    if os.environ.get("MBGEN_NO_CACHE"):
        return None
    root = os.environ.get("MBGEN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    base = Path(root) if root else Path.home() / ".cache"
    return base / "mbgen" / "black"


def _key(source: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{BLACK_VERSION}|{MODE!r}|".encode())
    digest.update(source.encode())
    return digest.hexdigest()


def _cached(folder: Path | None, key: str) -> str | None:
    if folder is None:
        return None
    try:
        return (folder / key).read_text(encoding="utf-8")
    except OSError:
        return None


def _store(folder: Path | None, key: str, text: str) -> None:
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, folder / key)
    except OSError:
        pass  # a cache that cannot be written only costs time


def format_python(source: str, origin: str) -> str:
    folder = cache_dir()
    key = _key(source)
    cached = _cached(folder, key)
    if cached is not None:
        return cached
    try:
        formatted = black.format_str(source, mode=MODE)
    except InvalidInput as err:
        raise MbgenError(origin, f"rendered code is not valid Python: {err}") from None
    _store(folder, key, formatted)
    return formatted
