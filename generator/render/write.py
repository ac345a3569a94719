"""Writing a generated tree so that a failed run leaves the output folder exactly as it was,
and a folder mbgen did not write is never overwritten."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

from generator.errors import MbgenError

MARKER = ".mbgen-manifest.json"


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise MbgenError(name, "refusing to write outside the output folder")
    return path


def _existing_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}


def check_replaceable(folder: Path) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise MbgenError(str(folder), "exists and is not a folder")
    existing = _existing_files(folder)
    if not existing:
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
    foreign = sorted(existing - listed - {MARKER})
    if foreign:
        raise MbgenError(
            str(folder / foreign[0]), "was not written by mbgen; not replacing its folder"
        )


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Replace `folder` with exactly `files` (relative POSIX paths), all or nothing."""
    relative = {_safe_relative(name): data for name, data in files.items()}
    check_replaceable(folder)
    folder = folder.absolute()
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise MbgenError(str(parent), f"cannot create ({err.strerror})") from None
    staging = parent / f".{folder.name}.mbgen-new-{os.getpid()}"
    retired = parent / f".{folder.name}.mbgen-old-{os.getpid()}"
    manifest = {"generator": "mbgen", "files": sorted(str(p) for p in relative)}
    try:
        shutil.rmtree(staging, ignore_errors=True)
        for path, data in relative.items():
            target = staging.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text(json.dumps(manifest, indent=1) + "\n")
        if folder.exists():
            os.rename(folder, retired)
        os.rename(staging, folder)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not folder.exists():
            os.rename(retired, folder)
        raise MbgenError(str(folder), f"cannot write ({err.strerror})") from None
    shutil.rmtree(retired, ignore_errors=True)
