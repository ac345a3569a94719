"""What a schema means for a value, for comparing two releases: its kind, enum values,
nullability and bounds, after following `$ref`s. Descriptions, titles, key order and `$ref`
versus inline are not part of the meaning."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.schema_kind import resolve, schema_kind

Schemas = dict[str, dict[str, Any]]
_BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
)


@dataclass(frozen=True)
class Shape:
    kind: str | None
    enum: frozenset[str] | None  # JSON text of each non-null value
    nullable: bool
    bounds: tuple[tuple[str, float], ...]
    pattern: str | None
    default: str | None  # JSON text
    types: frozenset[str] = frozenset()  # the JSON types it accepts, null aside
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    format: str | None = None

    def bound(self, name: str) -> float | None:
        return dict(self.bounds).get(name)


# What a nullable wrapper says of its one value (`{"default": false, "oneOf": [{"type":
# "boolean"}, {"type": "null"}]}`, Metabase 0.59's optional parameters): kept when unwrapping.
_CARRIED = ("default", "deprecated", "readOnly", "writeOnly")


def _carried(wrapper: dict[str, Any], inner: dict[str, Any]) -> dict[str, Any]:
    extra = {k: wrapper[k] for k in _CARRIED if k in wrapper and k not in inner}
    return {**inner, **extra} if extra else inner


def strip_null(schema: dict[str, Any], schemas: Schemas) -> tuple[dict[str, Any], bool]:
    schema = resolve(schema, schemas)
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [k for k in kind if k != "null"]
        return {**schema, "type": rest[0] if len(rest) == 1 else rest}, True
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list):
            non_null = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
            if len(non_null) < len(options):
                if len(non_null) == 1 and isinstance(non_null[0], dict):
                    inner, _ = strip_null(non_null[0], schemas)
                    return _carried(schema, inner), True
                return {**schema, key: non_null}, True
    return schema, False


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bounds(schema: dict[str, Any]) -> tuple[tuple[str, float], ...]:
    """The numeric bounds, OpenAPI 3.0's `exclusiveMinimum: true` beside a `minimum` read as
    3.1's `exclusiveMinimum: <that minimum>`, so setting the flag is a bound that moved."""
    found = {name: float(schema[name]) for name in _BOUNDS if _number(schema.get(name))}
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if schema.get(exclusive) is True and bound in found:
            found[exclusive] = found.pop(bound)
    return tuple((name, found[name]) for name in _BOUNDS if name in found)


def shape(schema: dict[str, Any] | None, schemas: Schemas) -> Shape:
    schema, nullable = strip_null(schema or {}, schemas)
    values = schema.get("enum")
    if "const" in schema:
        values = [schema["const"]]
    enum = None
    if isinstance(values, list):
        nullable = nullable or None in values
        enum = frozenset(json.dumps(v, sort_keys=True) for v in values if v is not None)
    bounds = _bounds(schema)
    pattern = schema.get("pattern") if isinstance(schema.get("pattern"), str) else None
    default = json.dumps(schema["default"], sort_keys=True) if "default" in schema else None
    kind = schema_kind(schema, schemas)
    return Shape(
        kind,
        enum,
        nullable or schema.get("nullable") is True,
        bounds,
        pattern,
        default,
        _types(schema, kind, values),
        schema.get("deprecated") is True,
        schema.get("readOnly") is True,
        schema.get("writeOnly") is True,
        schema["format"] if isinstance(schema.get("format"), str) else None,
    )


_JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string"}


def _types(schema: dict[str, Any], kind: str | None, values: object) -> frozenset[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared} - {"null"})
    if isinstance(declared, list):
        return frozenset(str(t) for t in declared if t != "null")
    if kind == "enum" and isinstance(values, list):  # an untyped enum: the types of its values
        return frozenset(_JSON_TYPES.get(type(v), "object") for v in values if v is not None)
    return frozenset({kind}) if kind else frozenset()


@dataclass(frozen=True)
class ObjectView:
    properties: dict[str, dict[str, Any]]
    required: frozenset[str]


def object_view(
    schema: dict[str, Any] | None, schemas: Schemas, depth: int = 0
) -> ObjectView | None:
    """Top-level properties of an object schema (allOf parts merged), or None."""
    if schema is None or depth > 8:
        return None
    schema, _ = strip_null(schema, schemas)
    properties: dict[str, dict[str, Any]] = {}
    required: set[str] = set()
    for part in schema.get("allOf") or []:
        view = object_view(part, schemas, depth + 1) if isinstance(part, dict) else None
        if view:
            properties.update(view.properties)
            required |= view.required
    for key in ("anyOf", "oneOf"):  # a property in any branch is still there
        views = [
            object_view(part, schemas, depth + 1) if isinstance(part, dict) else None
            for part in schema.get(key) or []
            if not (isinstance(part, dict) and part.get("type") == "null")
        ]
        for view in views:
            for name, prop in (view.properties if view else {}).items():
                properties.setdefault(name, prop)
        if views and all(views):  # required in every branch: required
            required |= frozenset.intersection(*(v.required for v in views if v))
    own = schema.get("properties")
    if isinstance(own, dict):
        properties.update({str(k): v for k, v in own.items() if isinstance(v, dict)})
        required |= {str(r) for r in schema.get("required") or []}
    if not properties:
        return None
    return ObjectView(properties, frozenset(required & set(properties)))


def response_view(schema: dict[str, Any] | None, schemas: Schemas) -> ObjectView | None:
    """The object a response is, or the object each item of an array response is."""
    if schema is None:
        return None
    resolved, _ = strip_null(schema, schemas)
    if schema_kind(resolved, schemas) == "array" and isinstance(resolved.get("items"), dict):
        return object_view(resolved["items"], schemas)
    return object_view(resolved, schemas)
