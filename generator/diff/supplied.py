"""Changes that rest on a fact an overlay supplied, not one Metabase published: a change is
marked with the overlays behind it when, on either side, an overlay set the part of the
operation the change is about, or a schema that part references
(generator.overlay.supplied)."""

from __future__ import annotations

from generator.diff.changes import Change
from generator.ir import IR
from generator.overlay.supplied import SuppliedFacts


def _part_of(change: Change) -> str:
    if change.kind.startswith(("response-", "error-status-")):
        return "response"
    return "body" if change.param is not None else "*"


def mark_supplied(changes: list[Change], old: IR, new: IR) -> None:
    """Set `supplied_by` on each change that rests on an overlay's fact."""
    sides = [SuppliedFacts(old), SuppliedFacts(new)]
    if not any(s.operations or s.schemas for s in sides):
        return
    for change in changes:
        part = _part_of(change)
        names = set()
        for side in sides:
            names |= side.behind(change.method, change.path, part)
        change.supplied_by = sorted(names)
