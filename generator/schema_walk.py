"""Walking JSON Schema by keyword, so that a property *named* `default` or `enum` is never
mistaken for the keyword of that name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.paths import escape_pointer

# Keywords whose value is a map of name -> subschema.
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
# Keywords whose value is a list of subschemas.
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
# Keywords whose value is one subschema (`items` may also be a list in older drafts).
SCHEMA_SINGLES = (
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
)


_KIND = {
    **{k: "map" for k in SCHEMA_MAPS},
    **{k: "list" for k in SCHEMA_LISTS},
    **{k: "single" for k in SCHEMA_SINGLES},
}


def children(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Direct subschemas with the JSON pointer suffix that leads to each."""
    # One pass over the node's own keys: most nodes have two or three.
    for key, value in schema.items():
        kind = _KIND.get(key)
        if kind is None:
            continue
        if kind == "map" and isinstance(value, dict):
            for name, sub in value.items():
                if isinstance(sub, dict):
                    yield f"/{key}/{escape_pointer(name)}", sub
        elif isinstance(value, list) and (kind == "list" or key == "items"):
            for i, sub in enumerate(value):
                if isinstance(sub, dict):
                    yield f"/{key}/{i}", sub
        elif kind == "single" and isinstance(value, dict):
            yield f"/{key}", value


def walk(schema: dict[str, Any], pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object below and including `schema`, pre-order, with its pointer."""
    stack = [(pointer, schema)]
    while stack:
        here, node = stack.pop()
        yield here, node
        kids = list(children(node))
        for suffix, sub in reversed(kids):
            stack.append((here + suffix, sub))


def rewrite_refs(schema: dict[str, Any], rewrite: Callable[[str], str]) -> None:
    """Replace every `$ref` string below `schema` in place."""
    for _, node in walk(schema):
        ref = node.get("$ref")
        if isinstance(ref, str):
            node["$ref"] = rewrite(ref)
