"""black over the generated modules, with a cache of what is already formatted (as black keeps
one): regenerating an unchanged release formats nothing. Cache misses are formatted in parallel,
one process per core.

black's public `format_str` formats twice whenever the input changes (a forced second pass for a
rare trailing-comma interplay); one pass gives the same text on every module mbgen renders
(tests/test_generate.py runs `black --check` on the output), so one pass is used where black has
it, at half the cost."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.metadata
import multiprocessing
import os
import signal
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
# The cache keeps the most recently used modules up to this size (2025-12's client is 3 MB),
# and no module larger than MAX_ENTRY_CHARS (a huge input's, formatted once).
MAX_CACHE_BYTES = 256 * 1024 * 1024
MAX_ENTRY_CHARS = 32 * 1024 * 1024
_PR_SET_PDEATHSIG = 1


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
        text = (folder / key).read_text(encoding="utf-8")
        os.utime(folder / key)  # recently used: evicted last
        return text
    except (OSError, UnicodeDecodeError):
        return None


def _evict(folder: Path | None) -> None:
    """Oldest-used entries go once the cache holds more than MAX_CACHE_BYTES."""
    if folder is None:
        return
    try:
        entries = [(e.stat().st_mtime, e.stat().st_size, e) for e in os.scandir(folder)]
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, entry in sorted(entries, key=lambda e: (e[0], e[2].name)):
        if total <= MAX_CACHE_BYTES:
            break
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            total -= size


def _store(folder: Path | None, key: str, text: str) -> None:
    if folder is None or len(text) > MAX_ENTRY_CHARS:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, folder / key)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _die_with_parent(parent: int) -> None:
    """A worker ends when mbgen does, even killed (Linux's parent-death signal): black on a huge
    module would otherwise run on for minutes after the user stopped mbgen."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # mbgen died before the signal was asked for
        os._exit(1)


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
        with context.Pool(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            results = pool.map(_black, [sources[o] for o in todo], chunksize=1)
    else:
        results = [_black(sources[o]) for o in todo]
    for origin, result in zip(todo, results, strict=True):
        done[origin] = _check(result, origin)
        _store(folder, keys[origin], done[origin])
    if todo:
        _evict(folder)
    return {origin: done[origin] for origin in sources}
