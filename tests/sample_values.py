"""Argument values built from JSON Schema, for calling every operation against Prism."""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator

from generator.schema_kind import resolve

_PATTERN_CANDIDATES = (
    "0a1b2c3d-0000-4000-8000-00000000abcd",
    "abcdefghijklmnopqrstu",
    "2024-01",
    "#00aa00",
    "mb_AAAA****",
    "x",
    "1",
)


class Unsampleable(Exception):
    pass


def _matches(options: list[Any], value: Any, schemas: dict[str, dict[str, Any]]) -> int:
    """How many of `options` accept `value` (oneOf wants exactly one)."""
    count = 0
    for option in options:
        if isinstance(option, dict):
            validator = Draft202012Validator({"schemas": schemas, **option})
            count += validator.is_valid(value)
    return count


def sample(schema: dict[str, Any], schemas: dict[str, dict[str, Any]], depth: int = 0) -> Any:
    """A value `schema` accepts; the simplest one, with every required part present."""
    if depth > 12:
        raise Unsampleable("too deep")
    schema = resolve(schema, schemas)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            for option in options:
                if isinstance(option, dict) and option.get("type") != "null":
                    try:
                        value = sample(option, schemas, depth + 1)
                    except Unsampleable:
                        continue
                    if key == "anyOf" or _matches(options, value, schemas) == 1:
                        return value
            raise Unsampleable(key)
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(part, schemas, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
            elif len(schema["allOf"]) == 1:
                return value
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "integer" or kind == "number":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "boolean":
        return True
    if kind == "string":
        if schema.get("format") == "binary":
            return ("data.csv", b"a,b\n1,2\n", "text/csv")
        pattern = schema.get("pattern")
        if pattern:
            for candidate in _PATTERN_CANDIDATES:
                if re.search(pattern, candidate):
                    return candidate
            raise Unsampleable(f"pattern {pattern}")
        return "x" * max(int(schema.get("minLength", 1)), 1)
    if kind == "array":
        items = schema.get("items")
        count = max(int(schema.get("minItems", 1)), 1)
        if isinstance(items, dict):
            try:
                return [sample(items, schemas, depth + 1) for _ in range(count)]
            except Unsampleable:
                if "minItems" in schema:
                    raise
        return []
    if kind == "object" or "properties" in schema:
        required = schema.get("required") or []
        properties = schema.get("properties") or {}
        return {name: sample(properties.get(name, {}), schemas, depth + 1) for name in required}
    if kind == "null":
        return None
    return "x"
