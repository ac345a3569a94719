"""black over the generated modules, with a cache of what is already formatted (as black keeps
one): regenerating an unchanged release formats nothing. Cache misses are formatted in parallel,
one process per core.

black's public `format_str` formats twice whenever the input changes (a forced second pass for a
rare trailing-comma interplay); one pass gives the same text on every module mbgen renders
(tests/test_generate.py runs `black --check` on the output), so one pass is used where black has
it, at half the cost."""

from __future__ import annotations

import hashlib
import importlib.metadata
import multiprocessing
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.errors import MbgenError

MODE = black.Mode(target_versions={TargetVersion.PY311})
BLACK_VERSION = importlib.metadata.version("black")
_format_once: Callable[..., str] = getattr(black, "_format_str_once", black.format_str)
PARALLEL_MIN_CHARS = 200_000  # below this, starting workers costs more than it saves


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


def _black(source: str) -> str | InvalidInput:
    try:
        return _format_once(source, mode=MODE)
    except InvalidInput as err:
        return err


def _check(result: str | InvalidInput, origin: str) -> str:
    if isinstance(result, InvalidInput):
        first_line = str(result).splitlines()[0] if str(result) else "parse error"
        raise MbgenError(origin, f"rendered code is not valid Python: {first_line}")
    return result


def format_many(sources: dict[str, str]) -> dict[str, str]:
    """Formatted text of each source (keyed by origin, a name for error messages)."""
    folder = cache_dir()
    keys = {origin: _key(source) for origin, source in sources.items()}
    done: dict[str, str] = {}
    todo: list[str] = []
    for origin in sources:
        cached = _cached(folder, keys[origin])
        if cached is None:
            todo.append(origin)
        else:
            done[origin] = cached
    workers = min(len(todo), os.cpu_count() or 1)
    big = sum(len(sources[o]) for o in todo) >= PARALLEL_MIN_CHARS
    if workers > 1 and big and "fork" in multiprocessing.get_all_start_methods():
        # Largest first, so the longest job starts at once.
        todo.sort(key=lambda o: -len(sources[o]))
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            results = pool.map(_black, [sources[o] for o in todo], chunksize=1)
    else:
        results = [_black(sources[o]) for o in todo]
    for origin, result in zip(todo, results, strict=True):
        done[origin] = _check(result, origin)
        _store(folder, keys[origin], done[origin])
    return {origin: done[origin] for origin in sources}
