"""The 2025-12 OpenAPI document: every operation kept, every known defect repaired and recorded,
and the exported document valid."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator

from generator.export.openapi import ir_to_openapi
from generator.ingest import read_source
from generator.ir import IR, ref_name
from generator.schema_walk import walk
from tests.conftest import OPENAPI_2025


def published_operations() -> set[tuple[str, str]]:
    doc = json.loads(OPENAPI_2025.read_text())
    return {(m.upper(), p) for p, item in doc["paths"].items() for m in item}


def all_schemas(ir: IR) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for name, schema in ir.schemas.items():
        found.extend(walk(schema, f"schemas/{name}"))
    for e in ir.endpoints:
        for p in e.params:
            found.extend(walk(p.schema, f"{e.label} {p.name}"))
        for part in (e.body, e.response):
            if part is not None:
                found.extend(walk(part, e.label))
    return found


def test_all_540_operations_one_entry_each(openapi_2025_ir: IR) -> None:
    keys = [e.key for e in openapi_2025_ir.endpoints]
    assert len(keys) == 540 == len(set(keys))
    published = published_operations()
    repaired = {(m, p.replace(":id", "{id}")) for m, p in published}
    assert set(keys) == repaired
    assert ("POST", "/api/card/") in set(keys)


def test_every_kind_of_known_defect_is_repaired_and_recorded(openapi_2025_ir: IR) -> None:
    kinds = Counter(r.kind for r in openapi_2025_ir.repairs)
    for kind in (
        "missing-info-version",
        "component-renamed",
        "empty-allOf",
        "undeclared-path-parameter",
        "duplicate-enum-values",
        "object-const",
        "invalid-default",
        "required-with-default",
        "invalid-pattern",
        "colon-placeholder",
    ):
        assert kinds[kind] > 0, kind
    assert kinds["component-renamed"] == 18
    for repair in openapi_2025_ir.repairs:
        assert repair.where and repair.what


def test_component_names_are_valid_and_every_ref_resolves(openapi_2025_ir: IR) -> None:
    names = set(openapi_2025_ir.schemas)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", n) for n in names)
    assert "mbql.clause.noteq" in names and "mbql.clause.!=" not in names
    for where, node in all_schemas(openapi_2025_ir):
        ref = node.get("$ref")
        if ref is not None:
            assert ref_name(ref) in names, (where, ref)


def test_no_defect_is_left_in_the_ir(openapi_2025_ir: IR) -> None:
    for where, node in all_schemas(openapi_2025_ir):
        for key in ("allOf", "anyOf", "oneOf"):
            assert node.get(key) != [], where
        if isinstance(node.get("enum"), list):
            values = [json.dumps(v, sort_keys=True) for v in node["enum"]]
            assert len(values) == len(set(values)), where
        assert not isinstance(node.get("const"), dict | list), where
    for endpoint in openapi_2025_ir.endpoints:
        placeholders = re.findall(r"\{([^}]+)\}", endpoint.path)
        path_params = [p.name for p in endpoint.params if p.location == "path"]
        assert sorted(placeholders) == sorted(path_params), endpoint.label


def test_specific_repairs(openapi_2025_ir: IR) -> None:
    endpoints = openapi_2025_ir.endpoint_map()
    f = next(p for p in endpoints[("GET", "/api/card/")].params if p.name == "f")
    assert f.required is False and f.schema["default"] == "all"
    assert ("GET", "/api/table/card__{id}/fks") in endpoints
    assert openapi_2025_ir.release == "2025-12"
    version = [r for r in openapi_2025_ir.repairs if r.kind == "missing-info-version"]
    assert "'2025-12'" in version[0].what


def test_without_release_the_ir_says_unknown_not_a_guess() -> None:
    ir = read_source(str(OPENAPI_2025))
    assert ir.release is None
    assert "--release" in next(r.what for r in ir.repairs if r.kind == "missing-info-version")


def test_exported_document_is_valid_with_all_operations(openapi_2025_ir: IR) -> None:
    published = json.loads(OPENAPI_2025.read_text())
    published_errors = list(OpenAPIV31SpecValidator(published).iter_errors())
    assert len(published_errors) > 150  # the defects are real (199 here)
    doc = ir_to_openapi(openapi_2025_ir)
    assert list(OpenAPIV31SpecValidator(doc).iter_errors()) == []
    assert sum(len(item) for item in doc["paths"].values()) == 540


def test_yaml_and_json_give_the_same_ir(tmp_path: Path) -> None:
    source = json.loads(OPENAPI_2025.read_text())
    yaml_file = tmp_path / "metabase.yaml"
    yaml_file.write_text(yaml.safe_dump(source, sort_keys=False))
    from_yaml = read_source(str(yaml_file), release="2025-12")
    from_json = read_source(str(OPENAPI_2025), release="2025-12")
    assert from_yaml.endpoints == from_json.endpoints
    assert from_yaml.schemas == from_json.schemas


def test_yaml_version_numbers_keep_their_text(tmp_path: Path) -> None:
    """YAML reads `1.10` as the float 1.1; OpenAPI says both fields are strings."""
    path = tmp_path / "v.yaml"
    path.write_text(
        "openapi: 3.0\ninfo: {title: t, version: 1.10}\n"
        "paths: {/api/card/: {get: {responses: {'200': {description: ok}}}}}\n"
    )
    ir = read_source(str(path))
    assert ir.release == "1.10"
    assert "missing-info-version" not in {r.kind for r in ir.repairs}


def test_openapi_30_document_with_components_parameters(tmp_path: Path) -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "0.50.1"},
        "components": {
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            },
            "schemas": {"Card": {"type": "object", "properties": {"name": {"type": "string"}}}},
        },
        "paths": {
            "/api/card/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {
                    "tags": ["/api/card"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Card"}
                                }
                            },
                        }
                    },
                },
            }
        },
    }
    path = tmp_path / "small.json"
    path.write_text(json.dumps(doc))
    ir = read_source(str(path))
    assert ir.release == "0.50.1"
    (endpoint,) = ir.endpoints
    assert [(p.name, p.location, p.schema) for p in endpoint.params] == [
        ("id", "path", {"type": "integer"})
    ]
    assert endpoint.response == {"$ref": "#/schemas/Card"}
    assert ir.repairs == []
