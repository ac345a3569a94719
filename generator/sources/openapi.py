"""OpenAPI 3.0 / 3.1 document (parsed, and repaired by `generator.ingest`) -> IR. Whatever the
conversion cannot carry over is recorded as a repair, never dropped silently."""

from __future__ import annotations

import copy
import re
from typing import Any

from generator.errors import MbgenError
from generator.ir import IR, Endpoint, Param, Repair, schema_ref
from generator.paths import COMPONENT_SCHEMA_PREFIX, OPERATION_METHODS, unescape_pointer
from generator.schema_walk import rewrite_refs

JSON_MEDIA_TYPES = ("application/json", "application/json; charset=utf-8", "*/*")


def is_openapi_document(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("openapi"), str)


def check_openapi_document(data: object, source: str) -> dict[str, Any]:
    if isinstance(data, dict) and "swagger" in data:
        raise MbgenError(source, "Swagger 2.0 documents are not supported; Metabase serves 3.x")
    if not is_openapi_document(data):
        raise MbgenError(source, "JSON/YAML but not an OpenAPI document (no 'openapi' field)")
    assert isinstance(data, dict)
    if not str(data["openapi"]).startswith("3."):
        raise MbgenError(source, f"OpenAPI version {data['openapi']!r} is not supported (3.x)")
    if not isinstance(data.get("paths"), dict):
        raise MbgenError(source, "OpenAPI document has no 'paths' object")
    return data


def _ir_ref(ref: str) -> str:
    if ref.startswith(COMPONENT_SCHEMA_PREFIX):
        name = unescape_pointer(ref[len(COMPONENT_SCHEMA_PREFIX) :])
        return schema_ref(name)
    return ref


def _ir_schema(schema: object) -> dict[str, Any]:
    if not isinstance(schema, dict):
        return {}
    rewrite_refs(schema, _ir_ref)
    return schema


class _Converter:
    def __init__(self, doc: dict[str, Any], source: str) -> None:
        self.doc = doc
        self.source = source
        components = doc.get("components")
        self.components: dict[str, Any] = components if isinstance(components, dict) else {}
        self.repairs: list[Repair] = []

    def component(self, kind: str, value: Any, label: str) -> Any:
        """Follow a `#/components/<kind>/<name>` reference (one level; Metabase uses none). One
        that leads nowhere is recorded and read as absent."""
        found = self.lookup(kind, value)
        if found is None and isinstance(value, dict):
            what = f"$ref {value['$ref']!r} names no {kind} component; left out"
            self.repairs.append(Repair("dangling-ref", label, what))
        return found

    def params(self, label: str, item: dict[str, Any], op: dict[str, Any]) -> list[Param]:
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in list(item.get("parameters") or []) + list(op.get("parameters") or []):
            param = self.component("parameters", raw, label)
            if param is None:
                continue
            if not isinstance(param.get("name"), str):
                what = "a parameter without a name; left out"
                self.repairs.append(Repair("wrong-type", label, what))
                continue
            merged[(str(param.get("in")), param["name"])] = param  # operation level wins
        out = []
        for (location, name), param in merged.items():
            if location not in ("path", "query", "header"):
                self.repairs.append(
                    Repair(
                        "unsupported-parameter-location",
                        label,
                        f"{location} parameter {name!r} is not modelled; dropped",
                    )
                )
                continue
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), dict):
                first: Any = next(iter(param["content"].values()), {})
                schema = first.get("schema") if isinstance(first, dict) else None
            out.append(
                Param(
                    name=name,
                    location=location,
                    required=bool(param.get("required", location == "path")),
                    schema=_ir_schema(schema),
                    description=str(param.get("description") or ""),
                    deprecated=bool(param.get("deprecated", False)),
                )
            )
        return out

    def body(
        self, label: str, op: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, str | None, bool]:
        body = self.component("requestBodies", op.get("requestBody"), label)
        if not isinstance(body, dict):
            return None, None, False
        content = body.get("content")
        if not isinstance(content, dict) or not content:
            return None, None, False
        media = _pick_media_type(content)
        entry = content[media] if isinstance(content[media], dict) else {}
        return _ir_schema(entry.get("schema", {})), media, bool(body.get("required", False))

    def response(self, label: str, op: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        """The success answer's schema and media type: the first of `success_codes` whose
        response has content (Metabase writes only `2XX`; others write `200`, `201`, `2xx` or
        mix them), None when none has any."""
        responses = op.get("responses")
        if not isinstance(responses, dict):
            return None, None
        for key in success_codes(responses):
            response = self.component("responses", responses[key], label)
            content = response.get("content") if isinstance(response, dict) else None
            if isinstance(content, dict) and content:
                media = _pick_media_type(content)
                entry = content[media] if isinstance(content[media], dict) else {}
                return _ir_schema(entry.get("schema", {})), media
        return None, None

    def endpoints(self) -> list[Endpoint]:
        out = []
        for path, item in self.doc["paths"].items():
            if not isinstance(item, dict):
                continue
            for method in OPERATION_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                label = f"{method.upper()} {path}"
                body, body_media, body_required = self.body(label, op)
                response, response_media = self.response(label, op)
                tags = op.get("tags")
                tag = (
                    tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else ""
                )
                out.append(
                    Endpoint(
                        method=method.upper(),
                        path=path,
                        tag=tag,  # empty when unpublished: ingest derives it
                        summary=str(op.get("summary") or ""),
                        description=str(op.get("description") or ""),
                        params=self.params(label, item, op),
                        body=body,
                        body_media_type=body_media,
                        body_required=body_required,
                        response=response,
                        response_media_type=response_media,
                        deprecated=bool(op.get("deprecated", False)),
                        body_media_types=self.body_media_types(op),
                        responses=self.all_responses(op),
                        operation_id=str(op.get("operationId") or ""),
                        tags=_tags(op),
                        security=self.security(op),
                    )
                )
        return out

    def security(self, op: dict[str, Any]) -> list[dict[str, list[str]]] | None:
        """The security requirements in force: the operation's, else the document's."""
        raw = op.get("security", self.doc.get("security"))
        if not isinstance(raw, list):
            return None
        return [
            {str(k): sorted(str(s) for s in v) if isinstance(v, list) else [] for k, v in r.items()}
            for r in raw
            if isinstance(r, dict)
        ]

    def lookup(self, kind: str, value: Any) -> Any:
        """A `#/components/<kind>/<name>` reference followed one level, or None where it leads
        nowhere (without recording it: `component`, `body` and `response` do); any other value
        as it is."""
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            prefix = f"#/components/{kind}/"
            ref = value["$ref"]
            if not ref.startswith(prefix):
                return None
            found = (self.components.get(kind) or {}).get(unescape_pointer(ref[len(prefix) :]))
            return found if isinstance(found, dict) else None
        return value

    def body_media_types(self, op: dict[str, Any]) -> list[str]:
        """Every media type the request body accepts (the diff compares them all)."""
        body = self.lookup("requestBodies", op.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        return sorted(str(m) for m in content) if isinstance(content, dict) else []

    def all_responses(self, op: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Each status the operation documents, with its media types and headers."""
        responses = op.get("responses")
        if not isinstance(responses, dict):
            return {}
        out: dict[str, dict[str, Any]] = {}
        for code, raw in responses.items():
            response = self.lookup("responses", raw)
            if not isinstance(response, dict):
                continue
            content = response.get("content")
            media: dict[str, Any] = {}
            for name, entry in (content if isinstance(content, dict) else {}).items():
                schema = entry.get("schema") if isinstance(entry, dict) else None
                media[str(name)] = _ir_schema(copy.deepcopy(schema)) if schema is not None else {}
            out[str(code)] = {"content": media, "headers": self.response_headers(response)}
        return out

    def response_headers(self, response: dict[str, Any]) -> dict[str, Any]:
        headers = response.get("headers")
        out: dict[str, Any] = {}
        for name, raw in (headers if isinstance(headers, dict) else {}).items():
            header = self.lookup("headers", raw)
            if isinstance(header, dict):
                schema = header.get("schema")
                out[str(name)] = {
                    "required": bool(header.get("required", False)),
                    "schema": _ir_schema(copy.deepcopy(schema)) if isinstance(schema, dict) else {},
                }
        return out

    def schemas(self) -> dict[str, dict[str, Any]]:
        raw = self.components.get("schemas")
        if not isinstance(raw, dict):
            return {}
        return {str(name): _ir_schema(schema) for name, schema in raw.items()}


def _tags(op: dict[str, Any]) -> list[str]:
    tags = op.get("tags")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def success_codes(responses: dict[Any, Any]) -> list[Any]:
    """The keys of `responses` that describe a success, in the order an answer is read from
    them: exact codes (`200`, `201`, `204`) ascending, then the range `2XX` in any case; without
    either, `default` (beside a success code, `default` describes the errors)."""
    exact = sorted((k for k in responses if re.fullmatch(r"2\d\d", str(k).strip())), key=str)
    ranges = [k for k in responses if str(k).strip().upper() == "2XX"]
    if exact or ranges:
        return [*exact, *ranges]
    return [k for k in responses if str(k).strip().lower() == "default"]


def _pick_media_type(content: dict[str, Any]) -> str:
    for media in JSON_MEDIA_TYPES:
        if media in content:
            return media
    return sorted(content)[0]


def published_version(doc: dict[str, Any]) -> str:
    """`info.version` as published, or "" where there is none."""
    info = doc.get("info")
    published = info.get("version") if isinstance(info, dict) else None
    return published.strip() if isinstance(published, str) else ""


def convert_repaired_openapi(
    doc: dict[str, Any], source: str, source_info: dict[str, str], release: str | None
) -> IR:
    """Convert a checked (and repaired) OpenAPI document; the IR's repairs are what the
    conversion itself had to leave out."""
    converter = _Converter(doc, source)
    endpoints = converter.endpoints()
    schemas = converter.schemas()
    return IR(
        release=release,
        source=source_info,
        endpoints=endpoints,
        schemas=schemas,
        repairs=converter.repairs,
    )
