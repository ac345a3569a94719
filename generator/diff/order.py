"""A release series in order, whatever order its members were given in.

Numbered releases sort by version (generator/runtime/_version_tags.py reads them). A release
known only by its document's date (`2024-05-10`) goes after the newest numbered release that is
known to be older: dates of numbered releases come from an `index.json` beside the files (as
specs/ has). Where that cannot decide (a dated release and a numbered one of unknown date that
could be either side of it), the series is refused rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import MbgenError
from generator.ingest import spec_sources
from generator.ir import IR
from generator.runtime._version_tags import Version, parse_version
from generator.sources.structured import parse_json

_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


@dataclass(frozen=True)
class Member:
    """One release of a series: its IR, where it was read from, and what orders it."""

    ir: IR
    source: str
    version: Version | None
    date: str | None  # its document's date, where known

    @property
    def name(self) -> str:
        return self.ir.release or ""


def index_dates(sources: list[str]) -> dict[str, str]:
    """Release -> date, from the `index.json` of each source's folder (or of a folder given)."""
    dates: dict[str, str] = {}
    folders = {Path(s) if Path(s).is_dir() else Path(s).parent for s in sources}
    for folder in sorted(folders):
        index = folder / "index.json"
        if not index.is_file():
            continue
        try:
            entries = parse_json(index.read_text(encoding="utf-8"), str(index))
            for entry in entries:
                if isinstance(entry.get("date"), str) and isinstance(entry.get("release"), str):
                    dates.setdefault(entry["release"], entry["date"])
        except (OSError, ValueError, AttributeError, TypeError):
            raise MbgenError(str(index), "not an mbgen specs index") from None
    return dates


def member(ir: IR, source: str, dates: dict[str, str]) -> Member:
    """A release of a series, or an MbgenError when its release is unknown or unreadable."""
    name = ir.release
    if not name:
        raise MbgenError(
            source, "the release is unknown: name it (mbgen ingest --release X) or give its IR"
        )
    version = parse_version(name)
    date = dates.get(name) or (name if version is None and _DATE.fullmatch(name) else None)
    if version is None and date is None:
        raise MbgenError(source, f"release {name!r} is neither a Metabase version nor a date")
    return Member(ir, source, version, date)


def _dated_key(dated: Member, numbered: list[Member]) -> Version:
    """The version a dated release sorts just after: the newest numbered release known to be
    older, refusing when a numbered release of unknown date could be either side."""
    assert dated.date is not None
    known = sorted((m for m in numbered if m.date), key=lambda m: m.version or (0, 0, 0, 0))
    older = [m for m in known if m.date and m.date <= dated.date]
    newer = [m for m in known if m.date and m.date > dated.date]
    low = older[-1].version if older else None
    high = newer[0].version if newer else None
    for m in numbered:
        assert m.version is not None
        if not m.date and (low is None or m.version > low) and (high is None or m.version < high):
            raise MbgenError(
                m.source,
                f"cannot tell whether {m.name} is older than {dated.name} (no date is known "
                "for it: list it in an index.json beside it, as specs/ does)",
            )
    return low or (-1, 0, 0, 0)


def order_series(members: list[Member]) -> list[Member]:
    """The releases oldest first; the same release twice is refused."""
    seen: dict[str, str] = {}
    for m in members:
        if m.name in seen:
            twice = "given twice" if seen[m.name] == m.source else f"also {seen[m.name]}"
            raise MbgenError(m.source, f"release {m.name} is {twice}")
        seen[m.name] = m.source
    numbered = [m for m in members if m.version is not None]

    def key(m: Member) -> tuple[Version, int, str]:
        if m.version is not None:
            return (m.version, 0, "")
        return (_dated_key(m, numbered), 1, m.date or "")

    return sorted(members, key=key)


def read_series(
    sources: list[str], read: Callable[[str], IR], newest: Member | None = None
) -> list[Member]:
    """The releases SOURCES name, oldest first (a folder with an index.json gives all of its
    releases). With `newest`, the series ends there: a folder's newer releases and its copy of
    `newest` are left out, a newer file given on its own is refused."""
    expanded: list[tuple[str, bool]] = []
    for source in sources:
        from_folder = (Path(source) / "index.json").is_file()
        expanded += [(s, from_folder) for s in spec_sources([source])]
    dates = index_dates([s for s, _ in expanded] + ([newest.source] if newest else []))
    irs = [(read(source), source, from_folder) for source, from_folder in expanded]
    if newest is None and any(not ir.release for ir, _, _ in irs):
        # A changelog of documents that do not say their release: in the order given.
        return [Member(ir, source, None, None) for ir, source, _ in irs]
    members = []
    for ir, source, from_folder in irs:
        m = member(ir, source, dates)
        if newest is not None and from_folder and m.name == newest.name:
            continue
        members.append(m)
    if newest is None:
        return order_series(members)
    ordered = order_series([*members, newest])
    at = ordered.index(newest)
    for m in ordered[at + 1 :]:
        if m.source in sources:  # a folder's newer releases are simply not part of it
            raise MbgenError(m.source, f"release {m.name} is newer than {newest.name}")
    return ordered[: at + 1]
