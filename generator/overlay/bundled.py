"""The overlay mbgen ships for Metabase's core answers, chosen by release.

`metabase/index.yaml` lists overlay files and the release range each covers; a release is
recognised by its name: a version (`0.48.1`, `v0.50`, Enterprise `1.50.3` as 0.50.3) or one of
the dated snapshots the index names (the Markdown releases in specs/). The name comes from
`--release`, else the document's `info.version`, else the IR's `release`. A name the index cannot
place gets no bundled overlay: mbgen never guesses a shape.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

from generator.overlay.document import Overlay, parse_overlay
from generator.sources.structured import parse_yaml

PACKAGE_FOLDER = "metabase"
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$")

Line = tuple[int, ...]


def _text(name: str) -> str:
    return (resources.files("generator.overlay") / PACKAGE_FOLDER / name).read_text("utf-8")


@functools.cache
def _index() -> dict[str, Any]:
    data = parse_yaml(_text("index.yaml"), "generator/overlay/metabase/index.yaml")
    assert isinstance(data, dict)
    return data


def parse_line(version: str) -> Line | None:
    """`0.48.1` -> (48, 1); the Enterprise `1.48.1` is the same release."""
    match = _VERSION.match(version.strip())
    if not match:
        return None
    major, minor, *rest = (int(g) for g in match.groups() if g is not None)
    if major not in (0, 1):
        return None
    return (minor, *rest)


def release_line(release: str | None) -> Line | None:
    """Where the bundled index places a release, or None."""
    if not release:
        return None
    snapshot = _index()["snapshots"].get(release)
    if isinstance(snapshot, dict):
        return parse_line(str(snapshot["line"]))
    return parse_line(release)


def _covers(entry: dict[str, Any], line: Line) -> bool:
    start = parse_line(str(entry["from"]))
    end = parse_line(str(entry["until"])) if "until" in entry else None
    return start is not None and start <= line and (end is None or line < end)


@functools.cache
def _overlay(name: str) -> Overlay:
    return parse_overlay(_text(name), f"bundled:{PACKAGE_FOLDER}/{name}", f"bundled:{name}")


def bundled_files(release: str | None) -> list[str]:
    """The names of the bundled overlay files that cover `release`, in the order applied."""
    line = release_line(release)
    if line is None:
        return []
    return [str(e["file"]) for e in _index()["overlays"] if _covers(e, line)]


def bundled_overlays(release: str | None) -> list[Overlay]:
    return [_overlay(name) for name in bundled_files(release)]


def covered(release: str | None) -> bool:
    return bool(bundled_files(release))
