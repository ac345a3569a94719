"""A release series -> `SeriesData`, what the newest release's package says of it: each
operation's releases, moves and routes to older releases, the aliases of moved calls, and the
CHANGELOG.md. All of it read off the pairwise diff (`series_steps`, `lineages`)."""

from __future__ import annotations

from generator.diff.changelog import Notes, changelog
from generator.diff.series import Lineage, Step, aliases, lineages, series_steps
from generator.ir import IR
from generator.runtime._version_tags import parse_version
from generator.series_data import (
    AliasSpec,
    Moved,
    OperationHistory,
    Route,
    SeriesData,
    SkippedAlias,
)


def _moved_from(lineage: Lineage) -> list[Moved]:
    out = []
    for index, link in enumerate(lineage.links[:-1]):
        following = lineage.links[index + 1]
        if link is not None and link.moved_after and following is not None:
            out.append(Moved(following.release, link.endpoint.method, link.endpoint.path))
    return out


def _route(lineage: Lineage, index: int) -> Route:
    """How release `index` has the operation (see `series_data.Route`)."""
    link = lineage.links[index]
    if link is None:
        return None
    renamed = tuple(
        (slot[0], slot[1], old[1])
        for slot, old in sorted(link.slots.items())
        if slot[0] != "body" and slot != old
    )
    if link.endpoint.key == lineage.newest.key and not renamed:
        return ""
    # A move must map the parameters; the same operation respelled is sent whatever it takes.
    why = link.route_mismatch if lineage.has_moved_since(index) else ""
    return (link.endpoint.method, link.endpoint.path, renamed, why)


def _notes(kept: list[AliasSpec], skipped: list[SkippedAlias]) -> Notes:
    """(release moved in, old method, old path) -> what the package kept of the old call."""
    notes: Notes = {(a.moved_in, a.method, a.path): "kept as a deprecated alias" for a in kept}
    for s in skipped:
        notes[(s.moved_in, s.method, s.path)] = f"no alias: {s.why}"
    return notes


def series_data(releases: list[IR], steps: list[Step] | None = None) -> SeriesData:
    """What the package of `releases[-1]` says of the series (releases oldest first)."""
    steps = steps if steps is not None else series_steps(releases)
    lines = lineages(releases, steps)
    kept, skipped = aliases(releases, lines)
    names = [ir.release or "" for ir in releases]
    operations = {
        key: OperationHistory(
            lineage.releases,
            _moved_from(lineage),
            [_route(lineage, i) for i in range(len(releases))],
        )
        for key, lineage in lines.items()
    }
    return SeriesData(
        names,
        [parse_version(name) for name in names],
        operations,
        kept,
        skipped,
        changelog(releases, steps, _notes(kept, skipped)),
    )
