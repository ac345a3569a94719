"""An API description never makes mbgen fetch or read anything: external `$ref`s (http, file,
relative, through a `$id` base) are recorded as dangling and never resolved, in ingest, generate
and diff, JSON and YAML; and no regular expression from the document is ever run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.normalize.default_check import first_default_error
from tests.conftest import run_mbgen
from tests.listener import listening

# Would take minutes under Python's backtracking `re` if a default were matched against it.
CATASTROPHIC = {"type": "string", "pattern": "^(a+)+$", "default": "a" * 40 + "!"}


def external_document(url: str, secret: Path) -> dict[str, Any]:
    """Every way a schema can point outside the document, each with a default the target
    (an integer schema, from the listener or the secret file) would reject."""
    schemas = [
        {"$ref": f"{url}/direct.json", "default": "x"},
        {"$ref": secret.as_uri(), "default": "x"},
        {"$ref": secret.name, "default": "x"},  # relative: beside the input
        {"allOf": [{"$ref": f"{url}/nested.json"}], "default": "x"},
        {"$id": f"{url}/base.json", "properties": {"a": {"$ref": "other.json"}}, "default": {}},
        {"$schema": f"{url}/meta", "type": "string", "default": "x"},
        CATASTROPHIC,
    ]
    params = [
        {"in": "query", "name": f"p{i}", "schema": schema} for i, schema in enumerate(schemas)
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "external", "version": "1.0"},
        "paths": {
            "/api/thing": {
                "get": {
                    "parameters": params,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": f"{url}/response.json"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Y": {"type": "integer"}}},
    }


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A schema file outside the input's folder: reading it would reject the defaults."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.json"
    path.write_text('{"type": "integer"}')
    return path


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_external_refs_are_never_followed(tmp_path: Path, secret: Path, fmt: str) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / secret.name).write_text('{"type": "integer"}')  # the relative one's target
    with listening() as listener:
        doc = external_document(listener.url, secret)
        source = inputs / f"api.{fmt}"
        text = json.dumps(doc) if fmt == "json" else yaml.safe_dump(doc)
        source.write_text(text)
        ingest = run_mbgen("ingest", str(source), "-o", str(tmp_path / "ir.json"), "-v")
        generate = run_mbgen("generate", str(source), "-o", str(tmp_path / "client"))
        diff = run_mbgen("diff", str(source), str(source), "--format", "json")
        for result in (ingest, generate, diff):
            assert result.returncode == 0, result.stderr
        assert listener.connections == []
    ir = json.loads((tmp_path / "ir.json").read_text())
    params = {p["name"]: p["schema"] for p in ir["endpoints"][0]["params"]}
    # Not resolved, so nothing rejected the defaults: each is kept as published.
    assert [params[f"p{i}"].get("default") for i in range(4)] == ["x", "x", "x", "x"]
    assert all("$ref" not in params[f"p{i}"] for i in range(3))
    dangling = [r for r in ir["repairs"] if r["kind"] == "dangling-ref"]
    assert len(dangling) == 6  # three params, allOf member, under $id, the response
    assert "never followed" in ingest.stderr


def test_default_check_resolves_nothing_outside_the_document(secret: Path) -> None:
    """Behind the dangling-ref repair, the check itself refuses to retrieve anything."""
    with listening() as listener:
        root = {
            "components": {
                "schemas": {
                    "http": {"$ref": f"{listener.url}/x.json"},
                    "file": {"$ref": secret.as_uri()},
                    "rebased": {"$id": f"{listener.url}/dir/", "$ref": "x.json"},
                    "local": {"type": "integer"},
                }
            }
        }
        for name in ("http", "file", "rebased"):
            assert first_default_error(root, f"/components/schemas/{name}", "x") == (False, None)
        assert listener.connections == []
    checked, error = first_default_error(root, "/components/schemas/local", "x")
    assert checked and error is not None and "integer" in error


def test_default_check_runs_no_regex() -> None:
    root = {
        "components": {
            "schemas": {
                "bomb": CATASTROPHIC,
                "names": {
                    "type": "object",
                    "patternProperties": {"^(a+)+$": {"type": "integer"}},
                    "additionalProperties": False,
                    "propertyNames": {"pattern": "^(a+)+$"},
                },
                "closed": {"type": "object", "additionalProperties": False},
            }
        }
    }
    assert first_default_error(root, "/components/schemas/bomb", CATASTROPHIC["default"]) == (
        True,
        None,
    )
    assert first_default_error(root, "/components/schemas/names", {"a" * 40 + "!": 1}) == (
        True,
        None,
    )
    # Keywords that need no regex are still checked.
    checked, error = first_default_error(root, "/components/schemas/closed", {"k": 1})
    assert checked and error is not None
