"""A release series in order, whatever order its members were given in.

Numbered releases sort by version (generator/runtime/_version_tags.py reads them). A release
known only by its document's date (`2024-05-10`) goes after the newest numbered release that is
known to be older: dates of numbered releases come from an `index.json` beside the files (as
specs/ has). Where that cannot decide (a dated release and a numbered one of unknown date that
could be either side of it), the series is refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import MbgenError
from generator.ir import IR
from generator.runtime._version_tags import Version, parse_version

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
