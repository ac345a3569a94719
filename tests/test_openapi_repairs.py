"""Repair kinds of the OpenAPI path no other test asserts, each on a small document."""

from __future__ import annotations

from typing import Any

from generator.ingest import ingest_openapi_data
from generator.ir import IR


def _ingest(path: str, parameters: list[dict[str, Any]], tags: list[str] | None = None) -> IR:
    op = {"parameters": parameters, "responses": {}, "tags": ["/api/x"] if tags is None else tags}
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {path: {"get": op}}}
    return ingest_openapi_data(doc, "t.json", {"format": "openapi"})


def _kinds(ir: IR) -> list[str]:
    return [r.kind for r in ir.repairs]


def test_unused_path_parameter_is_removed() -> None:
    ir = _ingest(
        "/api/x/{id}",
        [
            {"in": "path", "name": "id", "required": True, "schema": {"type": "integer"}},
            {"in": "path", "name": "gone", "required": True, "schema": {"type": "integer"}},
        ],
    )
    assert [p.name for p in ir.endpoints[0].params] == ["id"]
    assert _kinds(ir) == ["unused-path-parameter"] and "'gone'" in ir.repairs[0].what


def test_optional_path_parameter_is_made_required() -> None:
    ir = _ingest("/api/x/{id}", [{"in": "path", "name": "id", "schema": {"type": "integer"}}])
    assert ir.endpoints[0].params[0].required
    assert _kinds(ir) == ["optional-path-parameter"]
    ir = _ingest("/api/x/{id}", [{"in": "path", "name": "id", "required": False}])
    assert ir.endpoints[0].params[0].required and _kinds(ir) == ["optional-path-parameter"]


def test_cookie_parameter_is_dropped_and_recorded() -> None:
    ir = _ingest(
        "/api/x",
        [
            {"in": "cookie", "name": "session", "schema": {"type": "string"}},
            {"in": "query", "name": "q", "schema": {"type": "string"}},
        ],
    )
    assert [p.name for p in ir.endpoints[0].params] == ["q"]
    assert _kinds(ir) == ["unsupported-parameter-location"]
    assert "cookie parameter 'session'" in ir.repairs[0].what


def test_a_missing_tag_is_derived_from_the_path_and_recorded() -> None:
    ir = _ingest("/api/x/{id}", [{"in": "path", "name": "id", "required": True}], tags=[])
    assert ir.endpoints[0].tag == "/api/x"
    assert _kinds(ir) == ["missing-tag"]
    assert _ingest("/api/x/{id}", [{"in": "path", "name": "id", "required": True}]).repairs == []
