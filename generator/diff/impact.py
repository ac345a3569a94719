"""What a change means for Python code written against the generated client: the method and
argument that disappear or change (`client.util.get_stats()` ->
`client.analytics.get_anonymous_stats()`), and where a user's code calls them."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.diff.changes import Change
from generator.diff.rules import INFO
from generator.errors import MbgenError
from generator.ir import IR, Endpoint
from generator.naming import operation_names, param_names

_OPERATION_KINDS = frozenset({"operation-removed", "operation-moved", "operation-deprecated"})
_OPERATION_REASONS = {
    "operation-removed": "the operation is gone",
    "operation-moved": "the operation moved",
    "operation-deprecated": "the operation is deprecated",
}
_BODY_KINDS = frozenset(
    {"property-removed", "required-property-added", "request-body-added", "media-type-changed"}
)


class _Names:
    """The generated client's names for one IR's operations and parameters."""

    def __init__(self, ir: IR) -> None:
        self.endpoints = ir.endpoint_map()
        self.calls = operation_names((e.method, e.path, e.tag) for e in ir.endpoints)

    def call(self, method: str, path: str) -> tuple[str, str] | None:
        return self.calls.get((method, path))

    def argument(self, endpoint: Endpoint, name: str) -> str | None:
        names = param_names([p.name for p in endpoint.params])
        return names.get(name)


def _format_call(call: tuple[str, str], argument: str | None = None) -> str:
    """`card.get(id=...)`, or with a body property `card.create(body={"name": ...})`."""
    namespace, method = call
    if argument is None:
        inside = ""
    elif argument.startswith("body:"):
        inside = "body={" + json.dumps(argument[len("body:") :]) + ": ...}"
    else:
        inside = f"{argument}=..."
    return f"{namespace}.{method}({inside})"


def annotate(changes: list[Change], old: IR, new: IR) -> None:
    """Fill each breaking or warning change's `python` with the old and new call."""
    old_names, new_names = _Names(old), _Names(new)
    for change in changes:
        if change.severity == INFO:
            continue
        old_path = change.fields.get("old_path", change.path)
        old_call = old_names.call(change.method, old_path)
        new_call = new_names.call(change.method, change.path)
        if change.kind == "operation-moved" and change.moved_to is not None:
            new_call = new_names.call(change.moved_to.method, change.moved_to.path)
        python: dict[str, str] = {}
        if change.kind in _OPERATION_KINDS or change.param is None:
            if old_call:
                python["old"] = _format_call(old_call)
            if new_call and change.kind != "operation-removed":
                python["new"] = _format_call(new_call)
        else:
            old_endpoint = old_names.endpoints.get((change.method, old_path))
            new_endpoint = new_names.endpoints.get((change.method, change.path))
            old_arg = _argument(old_names, old_endpoint, change)
            new_arg = _argument(new_names, new_endpoint, change, new_side=True)
            if old_call:
                python["old"] = _format_call(old_call, old_arg)
            if new_call:
                python["new"] = _format_call(new_call, new_arg)
        change.python = python


def _argument(
    names: _Names, endpoint: Endpoint | None, change: Change, new_side: bool = False
) -> str | None:
    if change.param is None:
        return None
    if change.kind == "request-body-added":
        return "body"
    key = top_level_key(change.param)
    if change.kind in _BODY_KINDS or (endpoint and _is_body_property(endpoint, key)):
        return f"body:{key}"
    if endpoint is None:
        return None
    name = (
        change.fields.get("new", change.param)
        if (new_side and change.kind == "path-parameter-renamed")
        else change.param
    )
    return names.argument(endpoint, name)


def top_level_key(param: str) -> str:
    """`template.method` and `items[].id` live under the body key `template`, `items`."""
    return param.split(".", 1)[0].removesuffix("[]")


def _is_body_property(endpoint: Endpoint, name: str) -> bool:
    if any(p.name == name for p in endpoint.params):
        return False
    return endpoint.body is not None


# --- scanning a user's code ------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    file: str
    line: int
    call: str
    change: Change
    reason: str


def _calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str, str]]:
    """Calls written `<anything>.<namespace>.<method>(...)`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Attribute):
                yield node, owner.attr, node.func.attr


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg is not None}


def _body_keys(call: ast.Call) -> set[str] | None:
    """The keys of a `body={...}` literal; None when the body is built elsewhere (unknown)."""
    for keyword in call.keywords:
        if keyword.arg == "body":
            keys = keyword.value.keys if isinstance(keyword.value, ast.Dict) else None
            if keys is None or not all(
                isinstance(k, ast.Constant) and isinstance(k.value, str) for k in keys
            ):
                return None
            return {
                k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }
    return set()


_NEEDS_NEW_ARGUMENT = frozenset({"required-parameter-added", "became-required"})


def _affects(call: ast.Call, change: Change) -> str | None:
    """Why this call is affected by the change, or None."""
    if change.kind in _OPERATION_KINDS:
        return _OPERATION_REASONS[change.kind]
    if change.kind == "request-body-added":
        return None if "body" in _keywords(call) else "a request body is now required"
    old = change.python.get("old", "")
    inside = old[old.index("(") + 1 : -1] if "(" in old else ""
    if inside.startswith("body"):
        keys = _body_keys(call)
        name = top_level_key(change.param or "")
        nested = change.param != name
        if change.kind in ("required-property-added", "became-required") and not nested:
            return f"the body needs {name!r}" if keys is None or name not in keys else None
        return f"the body's {name!r} changed" if keys is None or name in keys else None
    argument = inside.removesuffix("=...")
    if change.kind in _NEEDS_NEW_ARGUMENT:
        return None if argument in _keywords(call) else f"needs {argument}="
    if argument and argument in _keywords(call):
        return f"passes {argument}="
    return None


def python_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise MbgenError(str(root), "no such file or folder")
    skipped = {".git", ".venv", "venv", "node_modules", "__pycache__", "build", "dist"}
    return sorted(
        p for p in root.rglob("*.py") if not (set(p.relative_to(root).parts[:-1]) & skipped)
    )


def scan(root: Path, changes: list[Change]) -> tuple[list[Hit], list[str]]:
    """Calls in the Python files under `root` that a change affects, and files not parsed."""
    by_call: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        old = change.python.get("old")
        if old:
            namespace, method = old.split("(", 1)[0].split(".", 1)
            by_call.setdefault((namespace, method), []).append(change)
    hits: list[Hit] = []
    unreadable: list[str] = []
    for path in python_files(root):
        shown = str(path)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=shown)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            unreadable.append(shown)
            continue
        for call, namespace, method in _calls(tree):
            for change in by_call.get((namespace, method), []):
                reason = _affects(call, change)
                if reason:
                    hits.append(Hit(shown, call.lineno, f"{namespace}.{method}()", change, reason))
    hits.sort(key=lambda h: (h.file, h.line, h.change.kind))
    return hits, unreadable


def hit_line(hit: Hit) -> str:
    """`file:line: call: reason: change[; now new_call]`, one affected call as text."""
    new_call = hit.change.python.get("new")
    changed = new_call and new_call != hit.change.python.get("old")
    suggestion = f"; now {new_call}" if changed else ""
    return f"{hit.file}:{hit.line}: {hit.call}: {hit.reason}: {hit.change.message}{suggestion}"


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
