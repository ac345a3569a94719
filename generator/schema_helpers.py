"""Small JSON Schema helpers several layers need (the prose reader, the OpenAPI repairs and the
consumers), kept apart from any one of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.paths import escape_pointer
from generator.schema_walk import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_SINGLES, walk

JsonSchema = dict[str, Any]


def make_nullable(schema: JsonSchema) -> JsonSchema:
    """The JSON Schema 2020-12 spelling of "this, or null"."""
    if not schema:
        return schema
    out = dict(schema)
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out
    return {"anyOf": [schema, {"type": "null"}]}


def allows_null(schema: JsonSchema) -> bool:
    """Whether the schema says null is a valid value (`type` with null, or an option that does)."""
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    options = schema.get("anyOf") or schema.get("oneOf")
    return isinstance(options, list) and any(
        isinstance(o, dict) and allows_null(o) for o in options
    )


# A place in a schema whose value has the wrong JSON type: the map or list holding it, its key
# there, its JSON pointer, and what belongs there.
TypeProblem = tuple[dict[str, Any] | list[Any], Any, str, str]


def _member_problems(
    node: dict[str, Any], key: str, kind: type[Any], here: str
) -> Iterator[TypeProblem]:
    """`node[key]` must be a `kind` (dict or list) of schema objects."""
    value = node.get(key)
    if key not in node:
        return
    if not isinstance(value, kind):
        yield node, key, f"{here}/{key}", "an object" if kind is dict else "a list"
        return
    if isinstance(value, dict):
        for name in [n for n, v in value.items() if not isinstance(v, dict)]:
            yield value, name, f"{here}/{key}/{escape_pointer(str(name))}", "a schema object"
    else:
        for i in reversed(range(len(value))):  # from the end: indexes stay valid when dropped
            if not isinstance(value[i], dict):
                yield value, i, f"{here}/{key}/{i}", "a schema object"


def _node_problems(node: dict[str, Any], here: str) -> Iterator[TypeProblem]:
    for key in SCHEMA_MAPS:
        yield from _member_problems(node, key, dict, here)
    for key in SCHEMA_LISTS:
        yield from _member_problems(node, key, list, here)
    for key in SCHEMA_SINGLES:
        value = node.get(key, True)
        # `items` may still be a list of schemas in documents written for older drafts.
        if not isinstance(value, (dict, bool)) and not (key == "items" and isinstance(value, list)):
            yield node, key, f"{here}/{key}", "a schema object or a boolean"
    required = node.get("required", [])
    if not isinstance(required, list):
        yield node, "required", f"{here}/required", "a list"
    else:
        for i in reversed(range(len(required))):
            if not isinstance(required[i], str):
                yield required, i, f"{here}/required/{i}", "a property name"
    if not isinstance(node.get("enum", []), list):
        yield node, "enum", f"{here}/enum", "a list"


def schema_type_problems(schema: dict[str, Any], pointer: str = "") -> Iterator[TypeProblem]:
    """Every value below `schema` whose JSON type is not what its keyword requires. Each is
    yielded before the walk goes below its node, so a caller may delete it as it goes."""
    for here, node in walk(schema, pointer):
        yield from list(_node_problems(node, here))
