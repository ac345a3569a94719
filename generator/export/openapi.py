"""IR -> an OpenAPI 3.1 document, the form `mbgen normalize --openapi-out` writes.

Built from the IR alone (never from the source), so every reader's output, Markdown included,
exports the same way, and what the tool repaired is what the document shows.
"""

from __future__ import annotations

import json
from typing import Any

from generator.ir import IR, SCHEMA_REF_PREFIX, Endpoint, sort_endpoints

COMPONENT_PREFIX = "#/components/schemas/"


def _components_ref(ref: str) -> str:
    if ref.startswith(SCHEMA_REF_PREFIX):
        return COMPONENT_PREFIX + ref[len(SCHEMA_REF_PREFIX) :]
    return ref


def _rewrite(value: Any) -> Any:
    """A copy of `value` with every IR `$ref` pointing into components/schemas."""
    if isinstance(value, dict):
        return {
            k: (_components_ref(v) if k == "$ref" and isinstance(v, str) else _rewrite(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite(v) for v in value]
    return value


def _responses(endpoint: Endpoint) -> dict[str, Any]:
    """Every status the IR keeps, as published; where it keeps none (prose sources publish
    none), a success with the one answer schema and the error ranges every operation has."""
    if endpoint.responses:
        return {
            code: {
                "description": f"{code} response",
                "content": {
                    media: {"schema": _rewrite(schema)}
                    for media, schema in (entry.get("content") or {}).items()
                },
                "headers": {
                    name: {"required": bool(h.get("required")), "schema": _rewrite(h.get("schema"))}
                    for name, h in (entry.get("headers") or {}).items()
                },
            }
            for code, entry in endpoint.responses.items()
        }
    success: dict[str, Any] = {"description": "Successful response"}
    if endpoint.response is not None:
        success["content"] = {
            endpoint.response_media_type
            or "application/json": {"schema": _rewrite(endpoint.response)}
        }
    return {
        "200": success,
        "4XX": {"description": "Client error response"},
        "5XX": {"description": "Server error response"},
    }


def ir_to_openapi(ir: IR) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in sort_endpoints(ir.endpoints):
        operation: dict[str, Any] = {
            "summary": endpoint.summary or endpoint.label,
            "description": endpoint.description,
            "tags": endpoint.tags or ([endpoint.tag] if endpoint.tag else []),
            "parameters": [
                {
                    "name": p.name,
                    "in": p.location,
                    "required": p.required or p.location == "path",
                    "schema": _rewrite(p.schema),
                    **({"description": p.description} if p.description else {}),
                    **({"deprecated": True} if p.deprecated else {}),
                }
                for p in endpoint.params
            ],
        }
        if endpoint.body is not None:
            operation["requestBody"] = {
                "required": endpoint.body_required,
                "content": {
                    endpoint.body_media_type
                    or "application/json": {"schema": _rewrite(endpoint.body)}
                },
            }
        operation["responses"] = _responses(endpoint)
        if endpoint.operation_id:
            operation["operationId"] = endpoint.operation_id
        if endpoint.deprecated:
            operation["deprecated"] = True
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Metabase API",
            "version": ir.release or "unknown",
            "description": f"Normalised by mbgen from {ir.source.get('name', 'a source')} "
            f"({ir.source.get('format', 'unknown format')}); {len(ir.repairs)} repairs recorded "
            "in the mbgen IR.",
        },
        "servers": [{"url": "http://localhost:3000", "description": "Localhost"}],
        "paths": paths,
        "components": {"schemas": _rewrite(ir.schemas)},
    }


def dumps_openapi(ir: IR) -> str:
    return json.dumps(ir_to_openapi(ir), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
