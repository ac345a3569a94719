"""The intermediate model (IR) every consumer reads, and its canonical JSON form.

Contract (ARCHITECTURE.md): `{"format": "mbgen-ir", "version": 1, "release", "source",
"endpoints", "schemas", "repairs"}`. References inside schemas are `{"$ref": "#/schemas/<name>"}`.
Canonical JSON means sorted keys, fixed indentation and endpoints in a fixed order, so the same
input gives byte-identical files that diff well when checked in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.errors import MbgenError
from generator.paths import escape_pointer, unescape_pointer
from generator.schema_helpers import schema_type_problems

IR_FORMAT = "mbgen-ir"
IR_VERSION = 1
SCHEMA_REF_PREFIX = "#/schemas/"
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
PARAM_LOCATIONS = ("path", "query", "header")
# `type/subtype` with optional parameters (RFC 6838), `*/*` included.
MEDIA_TYPE = re.compile(r"^[A-Za-z0-9*][\w.+*-]*/[\w.+*-]+(?:\s*;\s*[^;]+)*$")

JsonSchema = dict[str, Any]


@dataclass
class Param:
    name: str
    location: str  # one of PARAM_LOCATIONS; "in" in JSON
    required: bool
    schema: JsonSchema
    description: str = ""
    deprecated: bool = False


@dataclass
class Endpoint:
    method: str
    path: str
    tag: str
    summary: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    body: JsonSchema | None = None
    body_media_type: str | None = None
    body_required: bool = False
    response: JsonSchema | None = None
    response_media_type: str | None = None
    deprecated: bool = False
    # Every media type the body accepts, and every response: {status: {"content": {media type:
    # schema}, "headers": {name: {"required": bool, "schema": schema}}}}. The diff reads these;
    # `body`/`response` stay the one schema the renderer uses.
    body_media_types: list[str] = field(default_factory=list)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    # As published, for the diff: operationId, every tag, and the security requirements in
    # force (the operation's, else the document's; None where neither says).
    operation_id: str = ""
    tags: list[str] = field(default_factory=list)
    security: list[dict[str, list[str]]] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Repair:
    """One change the tool made to what was published, said where and what."""

    kind: str
    where: str
    what: str


@dataclass
class IR:
    release: str | None
    source: dict[str, str]
    endpoints: list[Endpoint]
    schemas: dict[str, JsonSchema] = field(default_factory=dict)
    repairs: list[Repair] = field(default_factory=list)

    def endpoint_map(self) -> dict[tuple[str, str], Endpoint]:
        return {e.key: e for e in self.endpoints}


def schema_ref(name: str) -> str:
    """The `$ref` string for a named schema, JSON-pointer escaped."""
    return SCHEMA_REF_PREFIX + escape_pointer(name)


def ref_name(ref: str) -> str | None:
    """The schema name a `#/schemas/...` reference points at, or None for any other reference."""
    if not ref.startswith(SCHEMA_REF_PREFIX):
        return None
    return unescape_pointer(ref[len(SCHEMA_REF_PREFIX) :])


def _method_rank(method: str) -> int:
    return HTTP_METHODS.index(method) if method in HTTP_METHODS else len(HTTP_METHODS)


def sort_endpoints(endpoints: list[Endpoint]) -> list[Endpoint]:
    return sorted(endpoints, key=lambda e: (e.path, _method_rank(e.method), e.method))


# --- serialisation -------------------------------------------------------------------------


def _param_to_json(p: Param) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": p.name,
        "in": p.location,
        "required": p.required,
        "schema": p.schema,
    }
    if p.description:
        out["description"] = p.description
    if p.deprecated:
        out["deprecated"] = True
    return out


def _endpoint_to_json(e: Endpoint) -> dict[str, Any]:
    return {
        "method": e.method,
        "path": e.path,
        "tag": e.tag,
        "summary": e.summary,
        "description": e.description,
        "params": [_param_to_json(p) for p in e.params],
        "body": e.body,
        "body_media_type": e.body_media_type,
        "body_required": e.body_required,
        "response": e.response,
        "response_media_type": e.response_media_type,
        "deprecated": e.deprecated,
        "body_media_types": e.body_media_types,
        "responses": e.responses,
        "operation_id": e.operation_id,
        "tags": e.tags,
        "security": e.security,
    }


def ir_to_dict(ir: IR) -> dict[str, Any]:
    return {
        "format": IR_FORMAT,
        "version": IR_VERSION,
        "release": ir.release,
        "source": ir.source,
        "endpoints": [_endpoint_to_json(e) for e in sort_endpoints(ir.endpoints)],
        "schemas": ir.schemas,
        "repairs": [{"kind": r.kind, "where": r.where, "what": r.what} for r in ir.repairs],
    }


def dumps(ir: IR) -> str:
    """Canonical JSON text of an IR: same IR, same bytes."""
    return json.dumps(ir_to_dict(ir), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


# --- deserialisation -----------------------------------------------------------------------


def is_ir_document(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == IR_FORMAT


class _Reader:
    """Reads IR JSON and reports the first malformed field with its location."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> MbgenError:
        return MbgenError(self.source, f"not a valid mbgen IR file: {where}: {problem}")

    def obj(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected an object")
        return value

    def text(self, value: object, where: str, optional: bool = False) -> str:
        if value is None and optional:
            return ""
        if not isinstance(value, str):
            raise self.fail(where, "expected a string")
        return value

    def nonempty(self, value: object, where: str) -> str:
        text = self.text(value, where)
        if not text:
            raise self.fail(where, "expected a non-empty string")
        return text

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, "expected true or false")
        return value

    def schema(self, value: object, where: str) -> JsonSchema | None:
        if value is None:
            return None
        return self.some_schema(value, where)

    def some_schema(self, value: object, where: str) -> JsonSchema:
        """An object whose keywords have the JSON types JSON Schema gives them, so that no
        consumer meets `properties: true` or `required: 7` in an IR file."""
        schema = self.obj(value, where)
        for _container, _key, pointer, want in schema_type_problems(schema):
            raise self.fail(f"{where}{pointer}", f"expected {want}")
        return schema

    def media_type(self, value: object, schema: JsonSchema | None, where: str) -> str | None:
        """A media type where there is a schema, and none where there is not."""
        if value is None and schema is None:
            return None
        if schema is None:
            raise self.fail(where, "a media type without a schema")
        if not isinstance(value, str) or not MEDIA_TYPE.match(value):
            raise self.fail(
                where, f"expected a media type such as 'application/json', not {value!r}"
            )
        return value

    def param(self, value: object, where: str) -> Param:
        d = self.obj(value, where)
        location = self.text(d.get("in"), f"{where}.in")
        if location not in PARAM_LOCATIONS:
            raise self.fail(f"{where}.in", f"unknown location {location!r}")
        return Param(
            name=self.text(d.get("name"), f"{where}.name"),
            location=location,
            required=self.flag(d.get("required", False), f"{where}.required"),
            schema=self.some_schema(d.get("schema", {}), f"{where}.schema"),
            description=self.text(d.get("description"), f"{where}.description", optional=True),
            deprecated=self.flag(d.get("deprecated", False), f"{where}.deprecated"),
        )

    def endpoint(self, value: object, where: str) -> Endpoint:
        d = self.obj(value, where)
        params = d.get("params", [])
        if not isinstance(params, list):
            raise self.fail(f"{where}.params", "expected a list")
        body = self.schema(d.get("body"), f"{where}.body")
        response = self.schema(d.get("response"), f"{where}.response")
        return Endpoint(
            method=self.text(d.get("method"), f"{where}.method").upper(),
            path=self.text(d.get("path"), f"{where}.path"),
            tag=self.nonempty(d.get("tag"), f"{where}.tag"),
            summary=self.text(d.get("summary"), f"{where}.summary", optional=True),
            description=self.text(d.get("description"), f"{where}.description", optional=True),
            params=[self.param(p, f"{where}.params[{i}]") for i, p in enumerate(params)],
            body=body,
            body_media_type=self.media_type(
                d.get("body_media_type"), body, f"{where}.body_media_type"
            ),
            body_required=self.flag(d.get("body_required", False), f"{where}.body_required"),
            response=response,
            response_media_type=self.media_type(
                d.get("response_media_type"), response, f"{where}.response_media_type"
            ),
            deprecated=self.flag(d.get("deprecated", False), f"{where}.deprecated"),
            body_media_types=self.texts(d.get("body_media_types", []), f"{where}.body_media_types"),
            responses=self.responses(d.get("responses", {}), f"{where}.responses"),
            operation_id=self.text(d.get("operation_id"), f"{where}.operation_id", optional=True),
            tags=self.texts(d.get("tags", []), f"{where}.tags"),
            security=self.security(d.get("security"), f"{where}.security"),
        )

    def security(self, value: object, where: str) -> list[dict[str, list[str]]] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.fail(where, "expected a list")
        return [
            {
                str(k): self.texts(v, f"{where}[{i}].{k}")
                for k, v in self.obj(r, f"{where}[{i}]").items()
            }
            for i, r in enumerate(value)
        ]

    def responses(self, value: object, where: str) -> dict[str, dict[str, Any]]:
        """`{status: {"content": {media type: schema}, "headers": {name: {...}}}}`."""
        out = {}
        for code, raw in self.obj(value, where).items():
            entry = self.obj(raw, f"{where}.{code}")
            content = self.obj(entry.get("content", {}), f"{where}.{code}.content")
            for media, schema in content.items():
                self.some_schema(schema, f"{where}.{code}.content.{media}")
            headers = self.obj(entry.get("headers", {}), f"{where}.{code}.headers")
            for name, header in headers.items():
                there = f"{where}.{code}.headers.{name}"
                self.some_schema(self.obj(header, there).get("schema", {}), f"{there}.schema")
            out[str(code)] = entry
        return out

    def texts(self, value: object, where: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, "expected a list of strings")
        return list(value)


def ir_from_dict(data: object, source: str) -> IR:
    reader = _Reader(source)
    d = reader.obj(data, "top level")
    if d.get("format") != IR_FORMAT:
        raise reader.fail("format", f"expected {IR_FORMAT!r}")
    if d.get("version") != IR_VERSION:
        raise reader.fail("version", f"this mbgen reads version {IR_VERSION}")
    endpoints = d.get("endpoints")
    if not isinstance(endpoints, list):
        raise reader.fail("endpoints", "expected a list")
    schemas = reader.obj(d.get("schemas", {}), "schemas")
    repairs_raw = d.get("repairs", [])
    if not isinstance(repairs_raw, list):
        raise reader.fail("repairs", "expected a list")
    repairs = []
    for i, r in enumerate(repairs_raw):
        rd = reader.obj(r, f"repairs[{i}]")
        repairs.append(
            Repair(
                kind=reader.text(rd.get("kind"), f"repairs[{i}].kind"),
                where=reader.text(rd.get("where"), f"repairs[{i}].where"),
                what=reader.text(rd.get("what"), f"repairs[{i}].what"),
            )
        )
    release = d.get("release")
    source_info = reader.obj(d.get("source", {}), "source")
    return IR(
        release=release if isinstance(release, str) else None,
        source={str(k): str(v) for k, v in source_info.items()},
        endpoints=[reader.endpoint(e, f"endpoints[{i}]") for i, e in enumerate(endpoints)],
        schemas={str(k): reader.some_schema(v, f"schemas[{k!r}]") for k, v in schemas.items()},
        repairs=repairs,
    )
