"""The releases a series is made of, read: `--previous` and `mbgen changelog`'s arguments
(files, or folders with an index.json such as specs/), with the dates their index.json gives,
put in order (generator/diff/order.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.diff.order import Member, member, order_series
from generator.errors import MbgenError
from generator.ingest import spec_sources
from generator.ir import IR
from generator.sources.structured import parse_json


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
