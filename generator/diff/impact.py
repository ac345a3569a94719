"""What a change means for Python code written against the generated client: the method and
argument that disappear or change (`client.util.get_stats()` ->
`client.analytics.get_anonymous_stats()`), and where a user's code calls them."""

from __future__ import annotations

import json

from generator.diff.changes import Change
from generator.diff.rules import INFO, about_response
from generator.ir import IR, Endpoint
from generator.naming import operation_names, operation_param_names

_OPERATION_KINDS = frozenset({"operation-removed", "operation-moved", "operation-deprecated"})
_BODY_KINDS = frozenset(
    {"property-removed", "required-property-added", "request-body-added", "media-type-changed"}
)


class ClientNames:
    """The generated client's names for one IR's operations and parameters."""

    def __init__(self, ir: IR) -> None:
        self.endpoints = ir.endpoint_map()
        self.calls = operation_names((e.method, e.path, e.tag) for e in ir.endpoints)

    def call(self, method: str, path: str) -> tuple[str, str] | None:
        return self.calls.get((method, path))

    def argument(self, endpoint: Endpoint, name: str, location: str | None = None) -> str | None:
        """The Python name of the parameter published as `name` (at `location`; without one,
        a path parameter before a query one), as the rendered client names it."""
        pairs = [(p.name, p.location) for p in endpoint.params]
        python = operation_param_names(endpoint.path, endpoint.tag, pairs)
        found = [
            (p.location != "path", python[i])
            for i, p in enumerate(endpoint.params)
            if p.name == name and location in (None, p.location)
        ]
        return min(found)[1] if found else None


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
    old_names, new_names = ClientNames(old), ClientNames(new)
    for change in changes:
        if change.severity == INFO:
            continue
        old_path = change.fields.get("old_path", change.path)
        old_call = old_names.call(change.method, old_path)
        new_call = new_names.call(change.method, change.path)
        if change.kind == "operation-moved" and change.moved_to is not None:
            new_call = new_names.call(change.moved_to.method, change.moved_to.path)
        python: dict[str, str] = {}
        if change.kind in _OPERATION_KINDS or change.param is None or about_response(change.kind):
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
    names: ClientNames, endpoint: Endpoint | None, change: Change, new_side: bool = False
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
    return names.argument(endpoint, name, change.fields.get("where"))


def top_level_key(param: str) -> str:
    """`template.method` and `items[].id` live under the body key `template`, `items`."""
    return param.split(".", 1)[0].removesuffix("[]")


def _is_body_property(endpoint: Endpoint, name: str) -> bool:
    if any(p.name == name for p in endpoint.params):
        return False
    return endpoint.body is not None


def refuses(change: Change, sent: str) -> bool | None:
    """Whether the change refuses a value a call sends (JSON text; a list's items one by one,
    as an array parameter's are): True or False where the change says which values it
    refuses or allows (an enum value removed, an enum appearing), None where it cannot say."""
    listed = change.fields.get("values") or change.fields.get("allowed")
    if listed is None:
        return None
    try:
        values = json.loads(sent)
        named = {json.dumps(v, sort_keys=True) for v in json.loads(listed)}
    except ValueError:
        return None
    items = (
        values
        if isinstance(values, list) and change.param and change.param.endswith("[]")
        else [values]
    )
    texts = {json.dumps(v, sort_keys=True) for v in items}
    if "values" in change.fields:
        return bool(texts & named)
    return bool(texts - named)
