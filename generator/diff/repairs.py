"""Repairs must not hide changes. mbgen repairs what a release publishes before the diff sees
it, so a repair applied on one side only (or saying something else on each side) at the same
operation means the published documents differ there, even when the repaired IRs agree. Works on
stored IR files too: each IR keeps its repairs."""

from __future__ import annotations

from urllib.parse import unquote

from generator.diff.changes import Change
from generator.diff.context import Context, make_change
from generator.ir import HTTP_METHODS, IR, Endpoint
from generator.paths import unescape_pointer
from generator.repair_kinds import HEURISTIC

# The heuristic repairs (repair_kinds.HEURISTIC: guesses at what a release meant; structural
# ones change nothing a client sends or reads). optional-body-nullable is left out: the body diff
# undoes it property by property (bodies.null_added), which says more than this rule can.
DIFFED_REPAIRS = HEURISTIC - {"optional-body-nullable"}


def _operation_of(where: str) -> tuple[str, str] | None:
    """The (METHOD, path) a repair's `where` names: a label or a JSON pointer into /paths."""
    method, _, path = where.partition(" ")
    if method in HTTP_METHODS and path.startswith("/"):
        return method, path
    parts = where.split("/")
    if len(parts) >= 4 and parts[1] == "paths" and parts[3].upper() in HTTP_METHODS:
        return parts[3].upper(), unquote(unescape_pointer(parts[2]))
    return None


def _by_operation(ir: IR) -> dict[tuple[str, str], set[tuple[str, str]]]:
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for repair in ir.repairs:
        if repair.kind in DIFFED_REPAIRS:
            key = _operation_of(repair.where)
            if key is not None:
                out.setdefault(key, set()).add((repair.kind, repair.what))
    return out


def repaired_differently(pairs: list[tuple[Endpoint, Endpoint]], ctx: Context) -> list[Change]:
    if not ctx.same_fidelity or ctx.prose_involved:
        return []
    old_repairs, new_repairs = _by_operation(ctx.old), _by_operation(ctx.new)
    if not old_repairs and not new_repairs:
        return []
    changes = []
    for old, new in pairs:
        a, b = old_repairs.get(old.key, set()), new_repairs.get(new.key, set())
        for kind, what in sorted(a ^ b):
            side = "before" if (kind, what) in a else "now"
            changes.append(
                make_change("published-fact-changed", new, kind, detail=f"{side}: {what}")
            )
    return changes
