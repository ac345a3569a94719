"""Docstrings a person can use, in every bundled release: no `Args:` entry that only repeats the
parameter's location (426 of 2025-12's 1,484 did) or says "the JSON request body." (388 did);
an undescribed argument says its type, allowed values and default; a body lists its keys,
required first, read here from the IR's schemas rather than from the models."""

from __future__ import annotations

import ast
import json
import pydoc
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import read_source
from generator.ir import IR, ir_from_dict, ref_name
from generator.render.environment import operation_doc
from generator.render.model import PackageModel, build_model
from tests.conftest import ROOT, Generated

INDEX = json.loads((ROOT / "specs" / "index.json").read_text())
RELEASES = [row["release"] for row in INDEX]
ENTRY = re.compile(r"^    (\w+)(?: \(([^)]*)\))?: (.*)$")


@cache
def _release(release: str) -> tuple[IR, PackageModel]:
    row = next(r for r in INDEX if r["release"] == release)
    path = ROOT / "specs" / row["file"]
    ir = ir_from_dict(json.loads(path.read_text()), str(path))
    return ir, build_model(ir, "metabase_client")


def _args(doc: str) -> dict[str, str]:
    """The `Args:` entries of a docstring: Python name -> its text."""
    section = doc.split("\nArgs:\n", 1)[1].split("\n\n", 1)[0] if "\nArgs:\n" in doc else ""
    return {m[1]: m[3] for m in map(ENTRY.match, section.splitlines()) if m}


def body_keys(schema: Any, schemas: dict[str, Any], seen: frozenset[str] = frozenset()) -> set[str]:
    """Every key a body schema names: its properties, through `$ref`, allOf, anyOf, oneOf."""
    if not isinstance(schema, dict):
        return set()
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref_name(ref)
        if name is None or name in seen or name not in schemas:
            return set()
        return body_keys(schemas[name], schemas, seen | {name})
    keys = {str(k) for k in schema.get("properties") or {}}
    for combinator in ("allOf", "anyOf", "oneOf"):
        for option in schema.get(combinator) or []:
            keys |= body_keys(option, schemas, seen)
    return keys


@pytest.mark.parametrize("release", RELEASES)
def test_every_argument_says_more_than_where_it_goes(release: str) -> None:
    _, model = _release(release)
    for op in model.operations:
        args = _args(operation_doc(op, ""))
        assert list(args) == [p.python for p in op.params] + ["body"] * (op.body_type is not None)
        for name, text in args.items():
            assert text.strip(" .") not in (
                "path",
                "query",
                "header",
                "in the path",
                "in the query",
            )
            assert text != "the JSON request body.", (op.call, name)
        for param in op.params:
            if not param.description.strip():
                assert args[param.python] == param.facts and param.facts.count(";") >= 1


@pytest.mark.parametrize("release", RELEASES)
def test_every_body_lists_its_keys(release: str) -> None:
    ir, model = _release(release)
    endpoints = ir.endpoint_map()
    bodies = 0
    for op in model.operations:
        endpoint = endpoints[(op.method, op.path)]
        if endpoint.body is None:
            continue
        bodies += 1
        listed = {line.strip().split(": ")[0] for line in operation_doc(op, "").splitlines()}
        missing = [
            k for k in body_keys(endpoint.body, ir.schemas) if " ".join(k.split()) not in listed
        ]
        assert missing == [], (op.call, missing)
    assert bodies >= 20


def test_required_keys_come_first_with_their_types() -> None:
    _, model = _release("0.63.2")
    (create,) = [op for op in model.operations if op.call == "card.create"]
    lines = [line.strip() for line in create.body_doc[1:]]
    required = [line for line in lines if line.endswith(", required")]
    assert lines[: len(required)] == required
    assert {line.split(":")[0] for line in required} == {
        "dataset_query",
        "display",
        "name",
        "visualization_settings",
    }
    assert "name: str, required" in lines and "cache_ttl: int | None" in lines


def test_undescribed_arguments_give_type_values_and_default() -> None:
    _, model = _release("0.63.2")
    by_call = {op.call: op for op in model.operations}
    export = _args(operation_doc(by_call["card.export_query"], ""))
    assert export["export_format"] == 'one of "csv", "api", "xlsx", "json"; in the path.'
    get = _args(operation_doc(by_call["card.get"], ""))
    assert get["legacy_mbql"] == "bool | None; default False; in the query."
    assert get["id"] == "int | str; in the path."


def test_help_shows_the_body_s_keys(generated_2025: Generated) -> None:
    """`help(mb.card.create)` showed the body as 'm.CardCreateBody' and nothing more."""
    client = generated_2025.module.MetabaseClient("http://127.0.0.1:9", api_key="k")
    text = pydoc.plain(pydoc.render_doc(client.card.create))
    client.close()
    assert "body: CardCreateBody, a JSON object with keys:" in text
    for key in ("name: str, required", "display: str, required", "collection_id:"):
        assert key in text
    # The bundled overlay types this answer (generate applies it by default), and says so.
    assert "Returns:\n        Card: the answer as the overlay types it." in text


def test_what_the_document_says_stays_text_in_the_docstring(tmp_path: Path) -> None:
    """Keys, enum values and defaults come from untrusted text: the docstring filter escapes
    them like any description, cyclic enums end, long ones are counted."""
    key = 'a"""b\\\nc'
    zones = ['"""x', *(f"Zone/{i}" for i in range(20))]
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"loop": {"oneOf": [{"$ref": "#/components/schemas/loop"}]}}},
        "paths": {
            "/api/x/{id}": {
                "post": {
                    "tags": ["/api/x"],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {
                            "name": "tz",
                            "in": "query",
                            "schema": {"enum": zones, "default": "Zone/1"},
                        },
                        {
                            "name": "l",
                            "in": "query",
                            "schema": {"$ref": "#/components/schemas/loop"},
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {key: {"type": "string"}},
                                }
                            }
                        }
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(doc))
    model = build_model(read_source(str(source)), "x")
    (op,) = model.operations
    text = operation_doc(op, "    ")
    function = ast.parse(f"def f():\n    {text}\n").body[0]
    assert isinstance(function, ast.FunctionDef)
    shown = ast.get_docstring(function) or ""
    args = _args("\n" + shown)
    assert args["tz"] == (
        'one of "\\"\\"\\"x", "Zone/0", "Zone/1", "Zone/2", "Zone/3", "Zone/4", "Zone/5", "Zone/6", '
        '"Zone/7", "Zone/8", "Zone/9", "Zone/10" and 9 more; default "Zone/1"; in the query.'
    )
    assert args["l"].endswith("; in the query.")
    assert 'a"""b\\ c: str' in shown
    assert "Metabase 1 does not describe this answer" in shown
