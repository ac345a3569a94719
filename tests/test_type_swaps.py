"""Issue #11: a value of the wrong JSON type wherever the document has an object or a list
(`responses: "x"`, `parameters: 1.5`, `allOf: 0`, `required: 7`, `properties: true`) is dropped
and recorded, never a crash, in ingest, generate, export and diff alike."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.diff.compare import diff_irs
from generator.errors import MbgenError
from generator.export.openapi import ir_to_openapi
from generator.ingest import ingest_openapi_data
from generator.ir import IR
from generator.render.model import build_model
from tests.conftest import run_mbgen

Path_ = tuple[str | int, ...]

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/api/card/{id}": {
            "parameters": [
                {"in": "path", "name": "id", "required": True, "schema": {"type": "integer"}}
            ],
            "get": {
                "tags": ["/api/card"],
                "parameters": [
                    {"in": "query", "name": "q", "schema": {"type": "string", "enum": ["a", "b"]}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Card"}}
                        },
                    }
                },
            },
            "put": {
                "tags": ["/api/card"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "name": {"type": "string", "default": "x"},
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                },
                                "required": ["name"],
                                "allOf": [{"type": "object"}],
                            }
                        }
                    },
                },
                "responses": {"200": {"description": "ok"}},
            },
        }
    },
    "components": {
        "schemas": {
            "Card": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "kind": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
                "required": ["id"],
            }
        }
    },
}
SWAPS: tuple[object, ...] = ("x", 1.5, 0, 7, True, None, [], {})


def _containers(node: object, path: Path_ = ()) -> Iterator[tuple[Path_, object]]:
    """Every object and list in the document with where it is."""
    items: list[tuple[str | int, object]] = []
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    for key, value in items:
        if isinstance(value, (dict, list)):
            yield (*path, key), value
            yield from _containers(value, (*path, key))


def _swapped(path: Path_, new: object) -> dict[str, Any]:
    doc = copy.deepcopy(DOC)
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return doc


def _swaps() -> list[tuple[Path_, object]]:
    return [
        (path, new)
        for path, value in _containers(DOC)
        for new in SWAPS
        if type(new) is not type(value)
    ]


def _ingest(doc: object) -> IR:
    return ingest_openapi_data(doc, "swapped.json", {"format": "openapi"}, "r")


def test_there_are_many_swaps() -> None:
    swaps = _swaps()
    assert len(swaps) > 250
    assert (("paths", "/api/card/{id}", "get", "responses"), "x") in swaps


def test_no_swap_crashes_any_step() -> None:
    base = _ingest(copy.deepcopy(DOC))
    refused = recorded = 0
    for path, new in _swaps():
        try:
            ir = _ingest(_swapped(path, new))
        except MbgenError as err:
            refused += 1
            assert "\n" not in str(err)
            continue
        recorded += any(r.kind == "wrong-type" for r in ir.repairs)
        build_model(ir, "pkg")
        ir_to_openapi(ir)
        diff_irs(base, ir)
        diff_irs(ir, base)
    assert refused < 20  # only the document's own frame (`openapi`, `paths`) is refused
    assert recorded > 200


@pytest.mark.parametrize(
    ("path", "new", "pointer"),
    [
        (
            ("paths", "/api/card/{id}", "get", "responses"),
            "x",
            "/paths/~1api~1card~1{id}/get/responses",
        ),
        (("paths", "/api/card/{id}", "parameters"), 1.5, "/paths/~1api~1card~1{id}/parameters"),
        (("components", "schemas", "Card", "required"), 7, "/components/schemas/Card/required"),
        (
            ("components", "schemas", "Card", "properties"),
            True,
            "/components/schemas/Card/properties",
        ),
    ],
)
def test_the_dropped_value_is_recorded_where_it_was(path: Path_, new: object, pointer: str) -> None:
    ir = _ingest(_swapped(path, new))
    assert any(r.kind == "wrong-type" and r.where == pointer for r in ir.repairs)


def test_unnamed_parameter_and_non_object_path_item_are_recorded() -> None:
    doc = copy.deepcopy(DOC)
    doc["paths"]["/api/other"] = "not a path item"
    doc["paths"]["/api/card/{id}"]["get"]["parameters"].append({"in": "query"})
    ir = _ingest(doc)
    wheres = {r.where for r in ir.repairs if r.kind == "wrong-type"}
    assert "/paths/~1api~1other" in wheres
    assert "/paths/~1api~1card~1{id}/get/parameters/1" in wheres
    assert ("GET", "/api/other") not in ir.endpoint_map()


def test_cli_verbs_on_swapped_documents(tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    base.write_text(json.dumps(DOC))
    for i, (path, new) in enumerate(
        [
            (("paths", "/api/card/{id}", "get", "responses"), "x"),
            (("paths", "/api/card/{id}", "put", "requestBody", "content"), 7),
            (("components", "schemas", "Card", "properties"), True),
        ]
    ):
        source = tmp_path / f"swapped{i}.json"
        source.write_text(json.dumps(_swapped(path, new)))
        for args in (
            ("ingest", str(source), "-o", str(tmp_path / f"ir{i}.json")),
            ("generate", str(source), "-o", str(tmp_path / f"client{i}")),
            ("diff", str(base), str(source)),
        ):
            result = run_mbgen(*args)
            assert result.returncode in (0, 1), (args, result.stderr)
            assert "Traceback" not in result.stderr
