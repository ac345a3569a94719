"""Which raw calls in a code base a change between two releases breaks: the endpoint removed or
moved (and where to), a query parameter or body key the code sends removed, or a newly required
one the code does not send. Keys are judged only where the code shows them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.calls.client import OPERATION_REASONS, Hit, client_hits
from generator.calls.files import Unreadable, parsed_files
from generator.calls.inventory import (
    Matcher,
    collector_resting,
    judged,
    match_calls,
    scan_trees,
)
from generator.calls.raw import RawCall
from generator.diff.changes import Change
from generator.diff.impact import refuses, top_level_key
from generator.ir import IR, Endpoint

Rule = Callable[[RawCall, Endpoint, Change], str | None]


def _operation(call: RawCall, endpoint: Endpoint, change: Change) -> str | None:
    if change.kind == "operation-moved" and change.moved_to is not None:
        return f"the endpoint moved to {change.moved_to.method} {change.moved_to.path}"
    if change.kind == "operation-removed":
        return "the endpoint is gone"
    return OPERATION_REASONS.get(change.kind, "").replace("operation", "endpoint") or None


def _is_query(endpoint: Endpoint, name: str) -> bool:
    return any(p.name == name and p.location == "query" for p in endpoint.params)


def _removed(call: RawCall, endpoint: Endpoint, change: Change) -> str | None:
    name = change.param or ""
    if change.kind == "parameter-removed":
        shown = change.fields.get("where") == "query" and call.query_keys is not None
        return (
            f"sends query parameter {name!r}" if shown and name in (call.query_keys or ()) else None
        )
    if call.body_keys is not None and name in call.body_keys:  # a top-level key only
        return f"sends body key {name!r}"
    return None


def _required(call: RawCall, endpoint: Endpoint, change: Change) -> str | None:
    name = change.param or ""
    if name != top_level_key(name):
        return None
    query = change.fields.get("where") == "query" or _is_query(endpoint, name)
    if change.kind == "required-parameter-added" and change.fields.get("where") != "query":
        return None
    keys = call.query_keys if query else call.body_keys
    if keys is None or name in keys:
        return None
    return f"lacks the {'query parameter' if query else 'body key'} {name!r}"


def _value(call: RawCall, endpoint: Endpoint, change: Change) -> str | None:
    """A value the call writes out that the release no longer accepts (an enum value gone, or
    not among an enum's new values); unknown values and unseen dicts are not judged."""
    name = change.param or ""
    where = "query" if _is_query(endpoint, name.removesuffix("[]")) else "body"
    for sent_where, key, sent in call.values:
        if sent_where == where and key == name.removesuffix("[]") and refuses(change, sent):
            return f"sends {key}={sent}"
    return None


RULES: dict[str, Rule] = {
    "operation-removed": _operation,
    "operation-moved": _operation,
    "operation-deprecated": _operation,
    "parameter-removed": _removed,
    "property-removed": _removed,
    "required-parameter-added": _required,
    "required-property-added": _required,
    "became-required": _required,
    "enum-value-removed": _value,
    "type-narrowed": _value,
}


def raw_hits(old: IR, calls: list[RawCall], changes: list[Change]) -> list[Hit]:
    """Raw calls that reach an endpoint of `old` a change affects."""
    by_endpoint: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        if change.kind in RULES:
            key = (change.method, change.fields.get("old_path", change.path))
            by_endpoint.setdefault(key, []).append(change)
    hits: list[Hit] = []
    matcher = Matcher(old)
    for found in match_calls(matcher, judged(matcher, calls))[0]:
        if found.endpoint is None:
            continue
        for change in by_endpoint.get(found.endpoint.key, []):
            reason = RULES[change.kind](found.call, found.endpoint, change)
            if reason:
                shown = f"{found.call.method} {found.call.template}"
                hits.append(Hit(found.call.file, found.call.line, shown, change, reason))
    return hits


def impact(old: IR, root: Path, changes: list[Change]) -> tuple[list[Hit], list[Unreadable]]:
    """Calls of the generated client and raw calls under `root` that a change affects, and the
    files that do not parse."""
    with collector_resting():
        trees, unreadable = parsed_files(root)
        calls = scan_trees([(shown, Path(shown).resolve(), tree) for shown, tree in trees]).calls
    hits = client_hits(trees, [c for c in changes if c.python])
    hits += raw_hits(old, calls, changes)
    unique = {(h.file, h.line, h.call, h.change.kind, h.change.param, h.reason): h for h in hits}
    ordered = sorted(unique.values(), key=lambda h: (h.file, h.line, h.change.kind, h.call))
    return ordered, unreadable
