"""Repairs of Metabase's OpenAPI document as published, each one small and recorded.

The published 2025-12 document has 199 openapi-spec-validator errors and still describes an API
that works. Each function below fixes one kind of defect in place and returns a `Repair` for every
place it touched, so a user can see exactly what the tool changed. `REPAIRS` is the table, in the
order they run (renames first, so later repairs and their records see the final names).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.ir import Repair
from generator.normalize.wrong_types import repair_wrong_types
from generator.paths import (
    COMPONENT_SCHEMA_PREFIX,
    OPERATION_METHODS,
    escape_pointer,
    placeholders,
    to_brace_path,
)
from generator.repair_kinds import NULLABLE_MARK
from generator.schema_helpers import allows_null, make_nullable
from generator.schema_walk import rewrite_refs, walk

OpenApiDoc = dict[str, Any]
VALID_COMPONENT_NAME = re.compile(r"^[A-Za-z0-9._-]+$")

# Readable spellings for the operator characters Metabase puts in MBQL schema names.
_NAME_CHAR_WORDS = {
    "!": "not",
    "=": "eq",
    "<": "lt",
    ">": "gt",
    "+": "plus",
    "*": "times",
    "/": "div",
    " ": "_",
}


class RepairContext:
    def __init__(self, doc: OpenApiDoc, release: str | None) -> None:
        self.doc = doc
        self.release = release
        self._nested: list[tuple[str, dict[str, Any]]] | None = None

    def forget_nested(self) -> None:
        """After a repair that renames or replaces schemas, walk the document afresh."""
        self._nested = None

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
        """(path, method, path item, operation) for every operation."""
        paths = self.doc.get("paths")
        if not isinstance(paths, dict):
            return
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method in OPERATION_METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    yield path, method, item, op

    def all_schemas(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every top-level schema in the document (components, parameters, bodies, responses)
        with its JSON pointer; walk() them to reach nested ones."""
        components = self.doc.get("components")
        if isinstance(components, dict):
            schemas = components.get("schemas")
            if isinstance(schemas, dict):
                for name, schema in schemas.items():
                    if isinstance(schema, dict):
                        yield f"/components/schemas/{escape_pointer(name)}", schema
        for path, method, _item, op in self.operations():
            base = f"/paths/{escape_pointer(path)}/{method}"
            for i, param in enumerate(op.get("parameters") or []):
                if isinstance(param, dict) and isinstance(param.get("schema"), dict):
                    yield f"{base}/parameters/{i}/schema", param["schema"]
            body = op.get("requestBody")
            if isinstance(body, dict):
                for media, content in (body.get("content") or {}).items():
                    if isinstance(content, dict) and isinstance(content.get("schema"), dict):
                        yield (
                            f"{base}/requestBody/content/{escape_pointer(media)}/schema",
                            content["schema"],
                        )
            for code, response in (op.get("responses") or {}).items():
                if not isinstance(response, dict):
                    continue
                for media, content in (response.get("content") or {}).items():
                    if isinstance(content, dict) and isinstance(content.get("schema"), dict):
                        yield (
                            f"{base}/responses/{code}/content/{escape_pointer(media)}/schema",
                            content["schema"],
                        )

    def all_nested_schemas(self) -> list[tuple[str, dict[str, Any]]]:
        """Every schema object with its pointer; walked once and shared by the repairs that
        only change nodes in place."""
        if self._nested is None:
            self._nested = [
                found for pointer, schema in self.all_schemas() for found in walk(schema, pointer)
            ]
        return self._nested


def _op_label(path: str, method: str) -> str:
    return f"{method.upper()} {path}"


# --- the repairs ---------------------------------------------------------------------------


def repair_info_version(ctx: RepairContext) -> list[Repair]:
    info = ctx.doc.setdefault("info", {})
    if not isinstance(info, dict):
        info = ctx.doc["info"] = {}
    if isinstance(info.get("version"), str) and info["version"].strip():
        return []
    version = ctx.release or "unknown"
    info["version"] = version
    if not isinstance(info.get("title"), str):
        info["title"] = "Metabase API"
    return [
        Repair(
            "missing-info-version",
            "/info/version",
            f"info.version is required and missing; set to {version!r}"
            + ("" if ctx.release else " (pass --release to name the release)"),
        )
    ]


def _readable_component_name(name: str) -> str:
    return "".join(
        ch if VALID_COMPONENT_NAME.match(ch) else _NAME_CHAR_WORDS.get(ch, f"_x{ord(ch):x}_")
        for ch in name
    )


def repair_component_names(ctx: RepairContext) -> list[Repair]:
    schemas = (ctx.doc.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return []
    renames: dict[str, str] = {}
    taken = set(schemas)
    for name in schemas:
        if VALID_COMPONENT_NAME.match(name):
            continue
        new = _readable_component_name(name)
        candidate, n = new, 2
        while candidate in taken:
            candidate, n = f"{new}_{n}", n + 1
        taken.add(candidate)
        renames[name] = candidate
    if not renames:
        return []
    ctx.doc["components"]["schemas"] = {renames.get(k, k): v for k, v in schemas.items()}
    old_refs = {COMPONENT_SCHEMA_PREFIX + escape_pointer(o): n for o, n in renames.items()}

    def rewrite(ref: str) -> str:
        new_name = old_refs.get(ref)
        return COMPONENT_SCHEMA_PREFIX + new_name if new_name else ref

    for _, schema in ctx.all_schemas():
        rewrite_refs(schema, rewrite)
    ctx.forget_nested()
    return [
        Repair(
            "component-renamed",
            f"/components/schemas/{escape_pointer(new)}",
            f"component name {old!r} has characters outside [A-Za-z0-9._-]; renamed to {new!r} "
            "with every $ref",
        )
        for old, new in sorted(renames.items())
    ]


def repair_dangling_refs(ctx: RepairContext) -> list[Repair]:
    """A `$ref` to a schema the document does not have says nothing: it becomes `{}`. So does
    a reference outside the document (`http://...`, `file:///...`, `other.json#/x`): an API
    description must never make mbgen fetch or read anything, so it is never followed."""
    schemas = (ctx.doc.get("components") or {}).get("schemas") or {}
    known = {COMPONENT_SCHEMA_PREFIX + escape_pointer(name) for name in schemas}
    repairs = []
    for pointer, node in ctx.all_nested_schemas():
        ref = node.get("$ref")
        if not isinstance(ref, str) or ref in known:
            continue
        if not ref.startswith("#"):
            what = f"$ref {ref!r} points outside the document and is never followed"
        elif ref.startswith(COMPONENT_SCHEMA_PREFIX):
            what = f"$ref {ref!r} names no schema"
        else:
            continue  # a reference into the document elsewhere: left for the validator
        del node["$ref"]
        repairs.append(Repair("dangling-ref", pointer, f"{what}; now any value"))
    return repairs


def repair_empty_combinators(ctx: RepairContext) -> list[Repair]:
    repairs = []
    for pointer, node in ctx.all_nested_schemas():
        for key in ("allOf", "anyOf", "oneOf"):
            if node.get(key) == []:
                del node[key]
                repairs.append(
                    Repair(f"empty-{key}", f"{pointer}/{key}", f"empty {key} list removed")
                )
    return repairs


def _enum_key(value: Any) -> tuple[str, str]:
    """Equal JSON values have one key (1 and 1.0 too, as JSON Schema says), `true` and 1 not:
    a set of keys finds duplicates in linear time."""
    if isinstance(value, str):
        return "s", value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "j", json.dumps(value, sort_keys=True)


def repair_duplicate_enum_values(ctx: RepairContext) -> list[Repair]:
    repairs = []
    for pointer, node in ctx.all_nested_schemas():
        values = node.get("enum")
        if not isinstance(values, list):
            continue
        first: dict[tuple[str, str], Any] = {}
        for value in values:
            first.setdefault(_enum_key(value), value)
        unique = list(first.values())
        if len(unique) != len(values):
            node["enum"] = unique
            repairs.append(
                Repair(
                    "duplicate-enum-values",
                    f"{pointer}/enum",
                    f"{len(values) - len(unique)} duplicate enum value(s) removed",
                )
            )
    return repairs


def repair_object_const(ctx: RepairContext) -> list[Repair]:
    repairs = []
    for pointer, node in ctx.all_nested_schemas():
        if "const" not in node or not isinstance(node["const"], dict | list):
            continue
        value = node.pop("const")
        if value == {}:
            node.setdefault("type", "object")
            node["maxProperties"] = 0
            what = "const {} replaced by an object type with no properties"
        else:
            node["enum"] = [value]
            what = "const with a structured value replaced by a one-value enum"
        repairs.append(Repair("object-const", f"{pointer}/const", what))
    return repairs


def repair_invalid_patterns(ctx: RepairContext) -> list[Repair]:
    repairs = []
    for pointer, node in ctx.all_nested_schemas():
        pattern = node.get("pattern")
        if not isinstance(pattern, str):
            continue
        try:
            re.compile(pattern)
        except re.error as err:
            del node["pattern"]
            repairs.append(
                Repair(
                    "invalid-pattern",
                    f"{pointer}/pattern",
                    f"pattern {pattern!r} is not a valid regular expression ({err}); removed",
                )
            )
    return repairs


def repair_colon_placeholders(ctx: RepairContext) -> list[Repair]:
    """`/api/table/card__:id/fks` declares `id` but writes the placeholder Markdown-style."""
    paths = ctx.doc.get("paths")
    if not isinstance(paths, dict):
        return []
    repairs = []
    renamed: dict[str, Any] = {}
    for path, item in paths.items():
        new_path = to_brace_path(path)
        if new_path != path and new_path not in paths:
            repairs.append(
                Repair(
                    "colon-placeholder",
                    f"/paths/{escape_pointer(new_path)}",
                    f"path {path!r} written with ':name' placeholders; now {new_path!r}",
                )
            )
            renamed[new_path] = item
        else:
            renamed[path] = item
    if repairs:
        ctx.doc["paths"] = renamed
    return repairs


def _resolve_param(ctx: RepairContext, param: Any) -> dict[str, Any] | None:
    if isinstance(param, dict) and isinstance(param.get("$ref"), str):
        ref = param["$ref"]
        prefix = "#/components/parameters/"
        if ref.startswith(prefix):
            target = ((ctx.doc.get("components") or {}).get("parameters") or {}).get(
                ref[len(prefix) :]
            )
            return target if isinstance(target, dict) else None
        return None
    return param if isinstance(param, dict) else None


def repair_path_parameters(ctx: RepairContext) -> list[Repair]:
    """Path placeholders need a declared, required path parameter, and vice versa."""
    repairs = []
    for path, method, item, op in ctx.operations():
        in_path = placeholders(path)
        params = op.setdefault("parameters", [])
        declared: set[str] = set()
        for param in list(item.get("parameters") or []) + list(params):
            resolved = _resolve_param(ctx, param)
            if resolved and resolved.get("in") == "path":
                declared.add(str(resolved.get("name")))
        label = _op_label(path, method)
        for name in in_path:
            if name not in declared:
                params.append(
                    {"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
                )
                declared.add(name)
                repairs.append(
                    Repair(
                        "undeclared-path-parameter",
                        label,
                        f"path parameter {name!r} used in the path but not declared; "
                        "declared as a string",
                    )
                )
        kept = []
        for param in params:
            resolved = _resolve_param(ctx, param)
            if resolved and resolved.get("in") == "path":
                if resolved.get("name") not in in_path:
                    repairs.append(
                        Repair(
                            "unused-path-parameter",
                            label,
                            f"path parameter {resolved.get('name')!r} declared but not in the "
                            "path; removed",
                        )
                    )
                    continue
                if resolved.get("required") is not True:
                    resolved["required"] = True
                    repairs.append(
                        Repair(
                            "optional-path-parameter",
                            label,
                            f"path parameter {resolved.get('name')!r} made required",
                        )
                    )
            kept.append(param)
        op["parameters"] = kept
    return repairs


def repair_required_with_default(ctx: RepairContext) -> list[Repair]:
    """A required query parameter with a default (`f` of GET /api/card/) is optional in fact."""
    repairs = []
    for path, method, _item, op in ctx.operations():
        for param in op.get("parameters") or []:
            resolved = _resolve_param(ctx, param)
            if not resolved or resolved.get("in") == "path" or not resolved.get("required"):
                continue
            schema = resolved.get("schema")
            if isinstance(schema, dict) and "default" in schema:
                resolved["required"] = False
                repairs.append(
                    Repair(
                        "required-with-default",
                        _op_label(path, method),
                        f"{resolved.get('in')} parameter {resolved.get('name')!r} is required but "
                        f"has default {schema['default']!r}; made optional",
                    )
                )
    return repairs


def repair_body_keys_with_default(ctx: RepairContext) -> list[Repair]:
    """A required body key with a default (`ignore_cache` of POST /api/card/{card-id}/query,
    default false) is optional in fact: the server fills it in."""
    repairs = []
    for path, method, _item, op in ctx.operations():
        schema = _inline_body_schema(op, "application/json")
        required = schema.get("required") if schema is not None else None
        if schema is None or not isinstance(required, list):
            continue
        defaulted = [
            name
            for name in required
            if isinstance(schema["properties"].get(name), dict)
            and "default" in schema["properties"][name]
        ]
        if not defaulted:
            continue
        kept = [name for name in required if name not in defaulted]
        if kept:
            schema["required"] = kept
        else:
            del schema["required"]
        repairs.append(
            Repair(
                "required-with-default",
                _op_label(path, method),
                f"body properties required but with a default; made optional: {', '.join(defaulted)}",
            )
        )
    return repairs


def _coerced_default(value: Any, schema: dict[str, Any]) -> tuple[bool, Any]:
    """A string default that spells a value of the schema's scalar type ("false" for a boolean)."""
    if not isinstance(value, str):
        return False, None
    kind = schema.get("type")
    if kind == "boolean" and value in ("true", "false"):
        return True, value == "true"
    if kind == "integer" and re.fullmatch(r"-?\d+", value):
        return True, int(value)
    return False, None


def repair_invalid_defaults(ctx: RepairContext) -> list[Repair]:
    """Defaults that fail their own schema: coerced where the intent is plain, else removed."""
    holders = [(p, n) for p, n in ctx.all_nested_schemas() if "default" in n]
    if not holders:
        return []
    from generator.normalize.default_check import first_default_error

    # Resolve local $refs against the document itself: the root schema carries the document's
    # components and paths, and each check jumps to one subschema by pointer.
    root = {"components": ctx.doc.get("components", {}), "paths": ctx.doc.get("paths", {})}
    repairs = []
    for pointer, node in holders:
        default = node["default"]
        checked, error = first_default_error(root, pointer, default)
        if not checked:
            continue  # a schema we cannot evaluate: leave the default as published
        if error is None:
            continue
        ok, coerced = _coerced_default(default, node)
        if ok:
            node["default"] = coerced
            what = f"default {default!r} is not valid for its schema; now {coerced!r}"
        else:
            del node["default"]
            what = f"default {default!r} is not valid for its schema ({error}); removed"
        repairs.append(Repair("invalid-default", f"{pointer}/default", what))
    return repairs


def _inline_body_schema(op: dict[str, Any], media_type: str) -> dict[str, Any] | None:
    """The operation's request body schema for `media_type` when it is an inline object with
    properties (what Metabase writes), else None."""
    body = op.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    media = content.get(media_type) if isinstance(content, dict) else None
    schema = media.get("schema") if isinstance(media, dict) else None
    if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
        return schema
    return None


def repair_multipart_files(ctx: RepairContext) -> list[Repair]:
    """Metabase describes an uploaded file as the map its server code receives (`filename`,
    `tempfile`); what a client sends is the file's bytes."""
    repairs = []
    for path, method, _item, op in ctx.operations():
        schema = _inline_body_schema(op, "multipart/form-data")
        if schema is None:
            continue
        properties = schema["properties"]
        for name, prop in properties.items():
            if isinstance(prop, dict) and "tempfile" in (prop.get("properties") or {}):
                described = prop.get("description")
                properties[name] = {"type": "string", "format": "binary"}
                if isinstance(described, str):
                    properties[name]["description"] = described
                repairs.append(
                    Repair(
                        "multipart-file",
                        _op_label(path, method),
                        f"multipart part {name!r} described as the server's file map "
                        "(filename, tempfile); now binary file content",
                    )
                )
    return repairs


def repair_optional_body_nulls(ctx: RepairContext) -> list[Repair]:
    """Metabase's request schemas make optional body keys `[:maybe ...]`, and its OpenAPI
    output drops the `:maybe`: the API accepts `"collection_id": null` (the API tutorial sends
    it) where the published document says integer. Optional top-level properties of JSON
    bodies get null back."""
    repairs = []
    for path, method, _item, op in ctx.operations():
        schema = _inline_body_schema(op, "application/json")
        if schema is None:
            continue
        properties = schema["properties"]
        required = set(schema.get("required") or [])
        changed = []
        for name, prop in properties.items():
            if name in required or not isinstance(prop, dict) or not prop:
                continue
            if not allows_null(prop):
                properties[name] = make_nullable(prop)
                changed.append(name)
        if changed:
            repairs.append(
                Repair(
                    "optional-body-nullable",
                    _op_label(path, method),
                    f"{len(changed)} {NULLABLE_MARK}"
                    + ", ".join(json.dumps(name) for name in changed),
                )
            )
    return repairs


Repairer = Callable[[RepairContext], list[Repair]]

REPAIRS: tuple[Repairer, ...] = (
    repair_info_version,
    repair_component_names,
    repair_colon_placeholders,
    repair_path_parameters,
    repair_dangling_refs,
    repair_empty_combinators,
    repair_duplicate_enum_values,
    repair_object_const,
    repair_invalid_patterns,
    repair_required_with_default,
    repair_invalid_defaults,
    repair_multipart_files,
    repair_optional_body_nulls,
    # After the nulls: a key the server defaults is optional, but not thereby nullable.
    repair_body_keys_with_default,
)


# Repairs of what Metabase's OpenAPI output gets wrong, not of what a document may hold: a
# document mbgen exported from a prose source (to apply an overlay to it) is not theirs to fix.
OPENAPI_OUTPUT_QUIRKS: frozenset[Repairer] = frozenset({repair_optional_body_nulls})


def repair_document(
    doc: OpenApiDoc, release: str | None, published_openapi: bool = True
) -> list[Repair]:
    """Repair `doc` in place; returns what was done, in order. Wrong JSON types go first, so
    that every repair after may trust the document's shape."""
    repairs = repair_wrong_types(doc)
    ctx = RepairContext(doc, release)
    for repair in REPAIRS:
        if published_openapi or repair not in OPENAPI_OUTPUT_QUIRKS:
            repairs.extend(repair(ctx))
    return repairs
