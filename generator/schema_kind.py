"""The coarse kind of a JSON Schema (integer, string, boolean, enum, array, object, number),
after following `$ref`s and ignoring null, for comparing what two sources say of a value."""

from __future__ import annotations

from typing import Any

from generator.ir import ref_name

KINDS = ("integer", "number", "string", "boolean", "enum", "array", "object")


def resolve(schema: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Follow `$ref` (and a lone-member allOf) until a schema with content; cycles stop."""
    seen: set[str] = set()
    while True:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref_name(ref)
            if name is None or name in seen or name not in schemas:
                return schema
            seen.add(name)
            schema = schemas[name]
            continue
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], dict):
            schema = all_of[0]
            continue
        return schema


def _without_null(options: list[Any]) -> list[dict[str, Any]]:
    return [o for o in options if isinstance(o, dict) and o.get("type") != "null"]


def schema_kind(schema: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> str | None:
    """One of KINDS, or None where the schema says nothing definite (`{}`, mixed unions)."""
    schema = resolve(schema, schemas)
    if "enum" in schema or "const" in schema:
        return "enum"
    kind = schema.get("type")
    if isinstance(kind, list):
        non_null = [k for k in kind if k != "null"]
        kind = non_null[0] if len(non_null) == 1 else None
    if isinstance(kind, str) and kind in KINDS:
        return kind
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator)
        if isinstance(options, list):
            kinds = {schema_kind(o, schemas) for o in _without_null(options)}
            return kinds.pop() if len(kinds) == 1 else None
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None
