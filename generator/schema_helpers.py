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
    """Whether the schema says null is a valid value (`type` with null, OpenAPI 3.0's
    `nullable: true`, or an option that does)."""
    if schema.get("nullable") is True:
        return True
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


_KEYWORD_TYPES: dict[str, str] = {
    **{k: "map" for k in SCHEMA_MAPS},
    **{k: "list" for k in SCHEMA_LISTS},
    **{k: "single" for k in SCHEMA_SINGLES},
    "required": "names",
    "enum": "values",
}


def _members(container: dict[str, Any] | list[Any], here: str) -> Iterator[TypeProblem]:
    """Members of a map or list of subschemas that are not schema objects."""
    if isinstance(container, dict):
        for name in [n for n, v in container.items() if not isinstance(v, dict)]:
            yield container, name, f"{here}/{escape_pointer(str(name))}", "a schema object"
        return
    for i in reversed(range(len(container))):  # from the end: indexes stay valid when dropped
        if not isinstance(container[i], dict):
            yield container, i, f"{here}/{i}", "a schema object"


def _keyword_problems(
    node: dict[str, Any], key: str, kind: str, here: str
) -> Iterator[TypeProblem]:
    value, where = node[key], f"{here}/{key}"
    if kind == "map":
        yield from (
            _members(value, where) if isinstance(value, dict) else [(node, key, where, "an object")]
        )
    elif kind == "list":
        yield from (
            _members(value, where) if isinstance(value, list) else [(node, key, where, "a list")]
        )
    elif kind == "single":
        # `items` may still be a list of schemas in documents written for older drafts.
        if not isinstance(value, (dict, bool)) and not (key == "items" and isinstance(value, list)):
            yield node, key, where, "a schema object or a boolean"
    elif not isinstance(value, list):
        yield node, key, where, "a list"
    elif kind == "names":
        for i in reversed(range(len(value))):
            if not isinstance(value[i], str):
                yield value, i, f"{where}/{i}", "a property name"


def _node_problems(node: dict[str, Any], here: str) -> Iterator[TypeProblem]:
    # One pass over the node's own keys: most nodes have two or three.
    for key in list(node):
        kind = _KEYWORD_TYPES.get(key)
        if kind is not None:
            yield from _keyword_problems(node, key, kind, here)


def _well_typed(schema: dict[str, Any]) -> bool:
    """The quick answer for the usual, clean schema: no pointers built, one pass."""
    stack = [schema]
    while stack:
        node = stack.pop()
        for key, value in node.items():
            kind = _KEYWORD_TYPES.get(key)
            if kind is None:
                continue
            if kind == "map":
                if not isinstance(value, dict) or not all(
                    isinstance(v, dict) for v in value.values()
                ):
                    return False
                stack.extend(value.values())
            elif kind == "list":
                if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                    return False
                stack.extend(value)
            elif kind == "single":
                if isinstance(value, dict):
                    stack.append(value)
                elif isinstance(value, list) and key == "items":
                    stack.extend(v for v in value if isinstance(v, dict))
                elif not isinstance(value, bool):
                    return False
            elif not isinstance(value, list) or (
                kind == "names" and not all(isinstance(v, str) for v in value)
            ):
                return False
    return True


def schema_type_problems(schema: dict[str, Any], pointer: str = "") -> Iterator[TypeProblem]:
    """Every value below `schema` whose JSON type is not what its keyword requires. Each is
    yielded before the walk goes below its node, so a caller may delete it as it goes."""
    if _well_typed(schema):
        return
    for here, node in walk(schema, pointer):
        yield from list(_node_problems(node, here))
