"""Writing a generated tree so that a failed or killed run leaves the output folder as it was,
and nothing mbgen did not write is ever deleted.

The new tree is built beside the output (`.DIR.mbgen-new-PID`) and swapped in by one atomic
exchange of the two names (Linux `renameat2(RENAME_EXCHANGE)`), so there is no moment without
the folder; where the file system cannot exchange, two renames with the old tree kept as
`.DIR.mbgen-old-PID` until the new one is in place. A later run removes what a killed run left
(and puts a kept old tree back if the folder is missing). Runs on one output take turns (a lock
on the parent folder). An output that is a symlink is written through: the folder it points to
is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import MbgenError

MARKER = ".mbgen-manifest.json"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise MbgenError(name, "refusing to write outside the output folder")
    return path


def _entries(folder: Path) -> tuple[set[str], set[str], set[str]]:
    """Files, folders and symlinks below `folder` (relative POSIX paths); links not followed."""
    files: set[str] = set()
    folders: set[str] = set()
    links: set[str] = set()
    for here, dirs, names in os.walk(folder, followlinks=False):
        base = Path(here).relative_to(folder)
        for name in dirs + names:
            relative = (base / name).as_posix()
            if os.path.islink(os.path.join(here, name)):
                links.add(relative)
            elif name in dirs:
                folders.add(relative)
            else:
                files.add(relative)
    return files, folders, links


def _foreign(folder: Path, listed: set[str]) -> list[str]:
    """What below `folder` mbgen did not write: files it did not list, any symlink, folders
    holding none of its files (a user's empty folder)."""
    files, folders, links = _entries(folder)
    ours = {str(parent) for name in listed for parent in PurePosixPath(name).parents}
    return sorted((files - listed - {MARKER}) | links | (folders - ours))


def _target(folder: Path) -> Path:
    """The folder to replace: `folder` itself, or where it points when it is a symlink."""
    if not folder.is_symlink():
        return folder
    resolved = Path(os.path.realpath(folder))
    if not resolved.is_dir():
        raise MbgenError(str(folder), "is a symlink to no folder; give a folder")
    return resolved


def check_replaceable(folder: Path) -> None:
    folder = _target(folder)
    if not folder.exists():
        return
    if not folder.is_dir():
        raise MbgenError(str(folder), "exists and is not a folder")
    if not any(folder.iterdir()):
        return
    marker = folder / MARKER
    if not marker.is_file():
        raise MbgenError(
            str(folder), "exists and was not written by mbgen; give a new or empty folder"
        )
    try:
        listed = set(json.loads(marker.read_text())["files"])
    except (ValueError, KeyError, TypeError, OSError):
        raise MbgenError(str(marker), "unreadable mbgen manifest; remove the folder") from None
    foreign = _foreign(folder, {str(name) for name in listed})
    if foreign:
        raise MbgenError(
            str(folder / foreign[0]), "was not written by mbgen; not replacing its folder"
        )


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically; False where the system or file system cannot."""
    renameat2: Callable[..., int] | None = getattr(
        ctypes.CDLL(None, use_errno=True), "renameat2", None
    )
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove_tree(path: Path) -> None:
    """Remove one of mbgen's own trees, also where its folders were made read-only."""

    def writable_and_retry(function: Callable[..., Any], name: str, _exc: Any) -> None:
        parent = os.path.dirname(name)
        os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
        function(name)

    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        for here, dirs, _ in os.walk(path):  # read-only folders cannot even be listed into
            for name in dirs:
                sub = os.path.join(here, name)
                if not os.path.islink(sub):
                    os.chmod(sub, os.stat(sub).st_mode | stat.S_IWUSR | stat.S_IRUSR | stat.S_IXUSR)
        os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR | stat.S_IRUSR | stat.S_IXUSR)
        shutil.rmtree(path, onerror=writable_and_retry)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_leftovers(folder: Path) -> None:
    """What killed runs left beside `folder`: new trees go; a kept old tree comes back if the
    folder is missing (killed between the two renames), else goes."""
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.mbgen-(new|old)-(\d+)")
    for entry in sorted(folder.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if not match or int(match.group(2)) == os.getpid() or _alive(int(match.group(2))):
            continue
        if match.group(1) == "old" and not os.path.lexists(folder):
            os.rename(entry, folder)
        else:
            _remove_tree(entry)


@contextmanager
def _turn(parent: Path) -> Iterator[None]:
    """One run at a time writes into `parent` (a lock on the folder itself: no lock file)."""
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _stage(staging: Path, relative: dict[PurePosixPath, bytes]) -> None:
    manifest = {"generator": "mbgen", "files": sorted(str(p) for p in relative)}
    _remove_tree(staging)
    for path, data in relative.items():
        target = staging.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (staging / MARKER).write_text(json.dumps(manifest, indent=1) + "\n")


def _swap_in(staging: Path, folder: Path, retired: Path) -> Path:
    """Put `staging` at `folder`; returns the path now holding what is to be removed."""
    if folder.exists() and _exchange(staging, folder):
        return staging
    if folder.exists():
        os.rename(folder, retired)
    os.rename(staging, folder)
    return retired


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Replace `folder` with exactly `files` (relative POSIX paths), all or nothing."""
    relative = {_safe_relative(name): data for name, data in files.items()}
    folder = _target(folder).absolute()
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise MbgenError(str(parent), f"cannot create ({err.strerror})") from None
    staging = parent / f".{folder.name}.mbgen-new-{os.getpid()}"
    retired = parent / f".{folder.name}.mbgen-old-{os.getpid()}"
    with _turn(parent):
        _clean_leftovers(folder)
        check_replaceable(folder)  # again: another run may have written it meanwhile
        try:
            _stage(staging, relative)
            leftover = _swap_in(staging, folder, retired)
        except OSError as err:
            if os.path.lexists(retired) and not os.path.lexists(folder):
                os.rename(retired, folder)
            _remove_tree(staging)
            raise MbgenError(str(folder), f"cannot write ({err.strerror})") from None
        with contextlib.suppress(OSError):  # the new tree is in place; a later run cleans up
            _remove_tree(leftover)
