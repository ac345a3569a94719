"""IR vs IR -> the list of changes, on meaning: operations are matched by method and path (with
`{name}` placeholders whatever the source wrote), schemas by what they accept, never by text.
Each area of comparison is its own module (operations, parameters, bodies, responses, values:
one small function per rule, oasdiff's checker/ as the model); this one matches operations and
runs them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from generator.diff.bodies import compare_body
from generator.diff.branches import once_per_fact
from generator.diff.changes import Change, MovedTo
from generator.diff.context import PROSE_FORMATS, Context, make_change
from generator.diff.moves import find_moves
from generator.diff.operations import (
    deprecation,
    operation_added,
    operation_id_rule,
    operation_removed,
    respelled,
    security_rule,
    tags_rule,
)
from generator.diff.parameters import (
    compare_param,
    compare_path_params,
    moved_location,
    parameter_added,
    parameter_removed,
    renamed_path_parameters,
)
from generator.diff.repairs import repaired_differently
from generator.diff.responses import compare_responses
from generator.diff.rules import SEVERITY_RANK
from generator.diff.shapes import object_view
from generator.ir import IR, Endpoint
from generator.paths import BRACE_PLACEHOLDER as PLACEHOLDER

__all__ = ["PROSE_FORMATS", "compare_operation", "diff_irs", "shape_key"]


def shape_key(path: str) -> str:
    return PLACEHOLDER.sub("{}", path)


def shape_of(endpoint: Endpoint) -> tuple[str, str]:
    return endpoint.method, shape_key(endpoint.path)


def slashless_shape_of(endpoint: Endpoint) -> tuple[str, str]:
    return endpoint.method, shape_key(endpoint.path).rstrip("/") or "/"


def _compare_params(old: Endpoint, new: Endpoint, ctx: Context) -> list[Change]:
    changes = renamed_path_parameters(old, new) + compare_path_params(old, new, ctx)
    old_params = {p.name: p for p in old.params if p.location != "path"}
    new_params = {p.name: p for p in new.params if p.location != "path"}
    old_body = object_view(old.body, ctx.old.schemas)
    new_body = object_view(new.body, ctx.new.schemas)
    old_props = set(old_body.properties) if old_body else set()
    new_props = set(new_body.properties) if new_body else set()
    for name, param in old_params.items():
        if name in new_params:
            continue
        if name in new_props:
            changes.append(moved_location(new, name, param.location, "body property", ctx))
        else:
            changes.append(parameter_removed(param, new))
    for name, param in new_params.items():
        if name in old_props and name not in old_params:
            changes.append(moved_location(new, name, "body property", param.location, ctx))
        elif name not in old_params:
            changes.append(parameter_added(param, new))
    for name in sorted(set(old_params) & set(new_params)):
        changes.extend(compare_param(old_params[name], new_params[name], new, ctx))
    # A body property that became a query parameter was reported above; skip it below.
    changes.extend(compare_body(old, new, set(new_params), set(old_params), ctx))
    return changes


def compare_operation(old: Endpoint, new: Endpoint, ctx: Context) -> list[Change]:
    changes = respelled(old, new) + deprecation(old, new) + _compare_params(old, new, ctx)
    if ctx.same_fidelity and not ctx.prose_involved:  # prose publishes none of these
        changes += operation_id_rule(old, new) + tags_rule(old, new) + security_rule(old, new)
    changes.extend(compare_responses(old, new, ctx))
    if old.path != new.path:  # matched with renamed placeholders: keep the old path for impact
        for change in changes:
            change.fields["old_path"] = old.path
    return changes


def _pair_by(
    key: Callable[[Endpoint], tuple[str, str]],
    unmatched_old: list[Endpoint],
    new_by_key: dict[tuple[str, str], Endpoint],
) -> tuple[list[tuple[Endpoint, Endpoint]], list[Endpoint]]:
    """Pairs of what is left on each side that agree on `key`, where exactly one operation on
    each side has it (two that `key` cannot tell apart stay unpaired)."""
    counts = Counter(key(e) for e in new_by_key.values())
    counts.update(key(e) for e in unmatched_old)
    by_key = {key(e): e for e in new_by_key.values()}
    pairs: list[tuple[Endpoint, Endpoint]] = []
    left: list[Endpoint] = []
    for endpoint in unmatched_old:
        twin = by_key.get(key(endpoint)) if counts[key(endpoint)] == 2 else None
        if twin is not None:
            pairs.append((endpoint, twin))
            del new_by_key[twin.key]
        else:
            left.append(endpoint)
    return pairs, left


def _match(
    old: IR, new: IR
) -> tuple[list[tuple[Endpoint, Endpoint]], list[Endpoint], list[Endpoint]]:
    """Pairs of the same operation (same path, or same path but for placeholder names or a
    trailing slash: Metabase serves both spellings), and what is only in the old and only in
    the new release."""
    new_by_key = new.endpoint_map()
    pairs: list[tuple[Endpoint, Endpoint]] = []
    unmatched_old: list[Endpoint] = []
    for endpoint in old.endpoints:
        twin = new_by_key.pop(endpoint.key, None)
        if twin is not None:
            pairs.append((endpoint, twin))
        else:
            unmatched_old.append(endpoint)
    for key in (shape_of, slashless_shape_of):
        found, unmatched_old = _pair_by(key, unmatched_old, new_by_key)
        pairs.extend(found)
    return pairs, unmatched_old, list(new_by_key.values())


def diff_irs(old: IR, new: IR) -> list[Change]:
    ctx = Context(old, new)
    pairs, removed, added = _match(old, new)
    moves = {m.old.key: m for m in find_moves(removed, added, old, new)}
    moved_targets = {m.new.key for m in moves.values()}
    changes: list[Change] = []
    for endpoint in removed:
        move = moves.get(endpoint.key)
        if move is None:
            changes.append(operation_removed(endpoint))
        else:
            change = make_change("operation-moved", endpoint)
            change.moved_to = MovedTo(move.new.method, move.new.path, move.score)
            changes.append(change)
    for endpoint in added:
        if endpoint.key not in moved_targets:
            changes.append(operation_added(endpoint))
    for a, b in pairs:
        changes.extend(compare_operation(a, b, ctx))
    changes.extend(repaired_differently(pairs, ctx))
    changes = once_per_fact(changes)
    changes.sort(
        key=lambda c: (c.tag, c.path, c.method, -SEVERITY_RANK[c.severity], c.kind, c.param or "")
    )
    return changes
