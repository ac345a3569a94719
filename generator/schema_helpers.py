"""Small JSON Schema helpers several layers need (the prose reader, the OpenAPI repairs and the
consumers), kept apart from any one of them."""

from __future__ import annotations

from typing import Any

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
