"""Calls of the generated client in a user's code (`mb.card.get(...)`) that a change between
two releases affects: the method moved or removed, a keyword it passes removed, a body literal
that lacks a newly required key."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass

from generator.calls.senders import literal_keys, literal_value
from generator.diff.changes import Change
from generator.diff.impact import refuses, top_level_key

OPERATION_REASONS = {
    "operation-removed": "the operation is gone",
    "operation-moved": "the operation moved",
    "operation-deprecated": "the operation is deprecated",
}
NEEDS_NEW_ARGUMENT = frozenset({"required-parameter-added", "became-required"})


@dataclass(frozen=True)
class Hit:
    file: str
    line: int
    call: str
    change: Change
    reason: str


# The package's helpers that take a method and pass on its arguments: `raw(mb.card.get, id=1)`
# calls `card.get` with `id=1` as surely as `mb.card.get(id=1)` does.
_PASS_THROUGH = frozenset({"raw", "stream", "araw", "astream", "paginate", "apaginate"})


def _helper_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str, str]]:
    """Calls written `<anything>.<namespace>.<method>(...)`, or passed to a helper that calls
    the method with the same arguments (`raw(<anything>.<namespace>.<method>, ...)`)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _helper_name(node.func) in _PASS_THROUGH and node.args:
            method = node.args[0]
            if isinstance(method, ast.Attribute) and isinstance(method.value, ast.Attribute):
                yield node, method.value.attr, method.attr
                continue
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Attribute):
            yield node, node.func.value.attr, node.func.attr


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg is not None}


def _body_keys(call: ast.Call) -> set[str] | None:
    """The keys of a `body={...}` literal; None when the body is built elsewhere (unknown)."""
    for keyword in call.keywords:
        if keyword.arg == "body":
            keys = literal_keys(keyword.value)
            return None if keys is None else set(keys)
    return set()


def _keyword_value(call: ast.Call, name: str) -> str | None:
    """The JSON text of a keyword argument written out literally, else None."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return literal_value(keyword.value)
    return None


def _body_value(call: ast.Call, key: str) -> str | None:
    """The JSON text of `body={key: <literal>}`'s value, else None."""
    for keyword in call.keywords:
        if keyword.arg == "body" and isinstance(keyword.value, ast.Dict):
            for k, v in zip(keyword.value.keys, keyword.value.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == key:
                    return literal_value(v)
    return None


def _accepted_value(change: Change, sent: str | None) -> bool:
    """The value the call sends is one the change still accepts (known only for literals)."""
    return sent is not None and refuses(change, sent) is False


def _affects_body(call: ast.Call, change: Change) -> str | None:
    keys = _body_keys(call)
    name = top_level_key(change.param or "")
    nested = change.param != name
    if change.kind in ("required-property-added", "became-required") and not nested:
        return f"the body needs {name!r}" if keys is None or name not in keys else None
    if keys is not None and name not in keys:
        return None
    sent = _body_value(call, name) if change.param == name else None
    if _accepted_value(change, sent):
        return None
    return f"the body's {name!r} is {sent}" if sent is not None else f"the body's {name!r} changed"


def _affects(call: ast.Call, change: Change) -> str | None:
    """Why this call is affected by the change, or None."""
    if change.kind == "operation-moved" and change.moved_to is not None:
        return f"the operation moved to {change.moved_to.method} {change.moved_to.path}"
    if change.kind in OPERATION_REASONS:
        return OPERATION_REASONS[change.kind]
    if change.kind == "request-body-added":
        return None if "body" in _keywords(call) else "a request body is now required"
    old = change.python.get("old", "")
    inside = old[old.index("(") + 1 : -1] if "(" in old else ""
    if inside.startswith("body"):
        return _affects_body(call, change)
    argument = inside.removesuffix("=...")
    if change.kind in NEEDS_NEW_ARGUMENT:
        return None if argument in _keywords(call) else f"needs {argument}="
    if not argument or argument not in _keywords(call):
        return None
    sent = _keyword_value(call, argument)
    if _accepted_value(change, sent):
        return None  # `f="everything"` where only "using_metric" went
    return f"passes {argument}={sent}" if sent is not None else f"passes {argument}="


def client_hits(trees: list[tuple[str, ast.Module]], changes: list[Change]) -> list[Hit]:
    """Calls of the generated client in parsed files that a change affects."""
    by_call: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        old = change.python.get("old")
        if old:
            namespace, method = old.split("(", 1)[0].split(".", 1)
            by_call.setdefault((namespace, method), []).append(change)
    hits: list[Hit] = []
    for shown, tree in trees:
        for call, namespace, method in _calls(tree):
            for change in by_call.get((namespace, method), []):
                reason = _affects(call, change)
                if reason:
                    hits.append(Hit(shown, call.lineno, f"{namespace}.{method}()", change, reason))
    return hits


def hit_line(hit: Hit) -> str:
    """`file:line: call: reason: change[; now new_call]`, one affected call as text; a move's
    reason says where to, so its message (the same words) is not repeated."""
    new_call = hit.change.python.get("new")
    changed = new_call and new_call != hit.change.python.get("old")
    suggestion = f"; now {new_call}" if changed else ""
    said = "" if hit.change.kind == "operation-moved" else f": {hit.change.message}"
    return f"{hit.file}:{hit.line}: {hit.call}: {hit.reason}{said}{suggestion}"


def hits_json(hits: list[Hit]) -> str:
    rows = [
        {
            "file": h.file,
            "line": h.line,
            "call": h.call,
            "reason": h.reason,
            "change": h.change.to_json(),
        }
        for h in hits
    ]
    return json.dumps({"hits": rows}, indent=1)
