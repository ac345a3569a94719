"""Typed answers where Metabase describes them: every spelling of a success status is read
(`200`, `201`, `2XX`, `2xx`, `default`, and mixes of them), and every described answer of every
bundled OpenAPI release comes back with its declared type, counted here from the documents
themselves rather than from the IR."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import read_source
from generator.render.environment import make_environment
from generator.render.model import build_model, typed_answers
from generator.render.package import NAMESPACE_TEMPLATE
from generator.render.pytypes import FILE_TYPE
from generator.sources.openapi import success_codes
from tests.conftest import ROOT

CARD = {"type": "object", "properties": {"name": {"type": "string"}}}
ERROR = {"type": "object", "properties": {"message": {"type": "string"}}}


def _answer(schema: dict[str, Any] | None, media: str = "application/json") -> dict[str, Any]:
    if schema is None:
        return {"description": "no body"}
    return {"description": "d", "content": {media: {"schema": schema}}}


def _read(tmp_path: Path, responses: dict[str, Any]) -> tuple[Any, Any]:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/api/card/{id}": {"get": {"tags": ["/api/card"], "responses": responses}}},
    }
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc))
    (endpoint,) = read_source(str(path)).endpoints
    return endpoint.response, endpoint.response_media_type


@pytest.mark.parametrize("code", ["200", "201", "202", "2XX", "2xx", "default"])
def test_each_spelling_of_a_success_is_read(tmp_path: Path, code: str) -> None:
    assert _read(tmp_path, {code: _answer(CARD)}) == (CARD, "application/json")


def test_metabase_s_own_spelling_beside_its_error_ranges(tmp_path: Path) -> None:
    """What 0.58 to 0.63.2 write on every operation: `2XX`, `4XX`, `5XX`."""
    responses = {"2XX": _answer(CARD), "4XX": _answer(ERROR), "5XX": _answer(ERROR)}
    assert _read(tmp_path, responses) == (CARD, "application/json")


def test_an_exact_code_comes_before_the_range(tmp_path: Path) -> None:
    responses = {"2XX": _answer(ERROR), "201": _answer(CARD)}
    assert _read(tmp_path, responses)[0] == CARD


def test_a_success_without_content_gives_way_to_one_with(tmp_path: Path) -> None:
    assert _read(tmp_path, {"200": _answer(None), "2XX": _answer(CARD)})[0] == CARD
    assert _read(tmp_path, {"204": _answer(None), "200": _answer(CARD)})[0] == CARD


def test_default_beside_a_success_is_the_errors(tmp_path: Path) -> None:
    assert _read(tmp_path, {"204": _answer(None), "default": _answer(ERROR)}) == (None, None)
    assert _read(tmp_path, {"default": _answer(ERROR), "2XX": _answer(CARD)})[0] == CARD


def test_no_success_and_no_default_is_no_answer(tmp_path: Path) -> None:
    assert _read(tmp_path, {"4XX": _answer(ERROR)}) == (None, None)
    assert _read(tmp_path, {}) == (None, None)


def test_success_codes_order() -> None:
    assert success_codes({"default": 1, "2XX": 1, "204": 1, "200": 1, "4XX": 1}) == [
        "200",
        "204",
        "2XX",
    ]
    assert success_codes({"default": 1, "404": 1}) == ["default"]
    assert success_codes({" 2xx ": 1, "20": 1, "2000": 1}) == [" 2xx "]


# --- every described answer of every bundled OpenAPI release is typed ----------------------

OPENAPI = ROOT / "specs" / "sources" / "metabase" / "openapi"
DOCUMENTS = {
    "0.58": ("metabase-2025-12.openapi.json", 61),
    "0.59": ("metabase-0.59-2026-02.openapi.json", 167),
    "0.63.2": ("metabase-0.63.2.openapi.json", 227),
}


def described_answers(document: dict[str, Any]) -> set[tuple[str, str]]:
    """(METHOD, path) of each operation whose success answer has a schema that says something
    (not `{}`), read straight from the document: any 2xx spelling, or `default` alone."""
    out = set()
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            responses = op.get("responses") or {}
            codes = [c for c in responses if str(c)[0] == "2"] or ["default"] * (
                "default" in responses
            )
            for code in codes:
                content = responses[code].get("content") or {}
                if any(entry.get("schema") not in (None, {}) for entry in content.values()):
                    out.add((method.upper(), path))
    return out


@dataclass
class Method:
    returns: list[str]  # the method's own return annotation, then its overloads'
    doc: str


def rendered_methods(release: str) -> dict[tuple[str, str], Method]:
    """(METHOD, path) -> its sync method in the rendered namespace modules. Rendered without
    black (which changes no annotation), so that three releases cost a second or two."""
    ir = read_source(str(ROOT / "specs" / f"metabase-{release}.json"))
    model = build_model(ir, "metabase_client")
    env = make_environment(set(model.types.definitions) | {FILE_TYPE}, None)
    template = env.get_template(NAMESPACE_TEMPLATE)
    methods: dict[str, Method] = {}
    for ns in model.namespaces:
        tree = ast.parse(template.render(model=model, ns=ns, definitions=[]))
        cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
        for fn in cls.body:
            if not isinstance(fn, ast.FunctionDef) or fn.returns is None:
                continue
            method = methods.setdefault(f"{ns.attribute}.{fn.name}", Method([], ""))
            if any(ast.unparse(d) == "t.overload" for d in fn.decorator_list):
                method.returns.append(ast.unparse(fn.returns))
            else:
                method.returns.insert(0, ast.unparse(fn.returns))
                method.doc = ast.get_docstring(fn) or ""
    return {(o["method"], o["path"]): methods[o["python"]] for o in model.manifest()}


def _typed(method: Method) -> bool:
    """Not `Any`; an export is typed when one of its overloads answers the declared type."""
    return method.returns[0] != "t.Any" or any(
        a not in ("bytes", "t.Any") for a in method.returns[1:]
    )


@pytest.mark.parametrize("release", sorted(DOCUMENTS))
def test_every_described_answer_is_typed_and_every_other_says_so(release: str) -> None:
    name, expected = DOCUMENTS[release]
    described = described_answers(json.loads((OPENAPI / name).read_text()))
    assert len(described) == expected  # the figures, from the document itself
    methods = rendered_methods(release)
    assert [key for key in described if not _typed(methods[key])] == []
    for key, method in methods.items():
        if key not in described and len(method.returns) == 1:
            assert method.returns == ["t.Any"], key
            assert f"Metabase {release} does not describe this answer" in method.doc, key
    ir = read_source(str(ROOT / "specs" / f"metabase-{release}.json"))
    assert typed_answers(ir) == (expected, len(ir.endpoints))
