"""The IR: canonical JSON round-trips, same input gives the same bytes, malformed IR is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import MbgenError
from generator.ingest import read_source
from generator.ir import IR, dumps, ir_from_dict, ref_name, schema_ref
from tests.conftest import MARKDOWN, OPENAPI_2025


def test_round_trip_is_identity(openapi_2025_ir: IR) -> None:
    text = dumps(openapi_2025_ir)
    again = ir_from_dict(json.loads(text), "x")
    assert dumps(again) == text
    assert again.endpoint_map() == openapi_2025_ir.endpoint_map()
    assert again.schemas == openapi_2025_ir.schemas


def test_same_input_same_bytes() -> None:
    for source in (str(OPENAPI_2025), str(MARKDOWN / "2024-05-10")):
        first = dumps(read_source(source, release="r"))
        second = dumps(read_source(source, release="r"))
        assert first == second


def test_contract_fields(openapi_2025_ir: IR) -> None:
    data = json.loads(dumps(openapi_2025_ir))
    assert data["format"] == "mbgen-ir" and data["version"] == 1
    assert set(data) == {
        "format",
        "version",
        "release",
        "source",
        "endpoints",
        "schemas",
        "repairs",
    }
    endpoint = data["endpoints"][0]
    for key in ("method", "path", "tag", "summary", "description", "params", "body", "response"):
        assert key in endpoint
    assert data["source"]["format"] == "openapi"
    assert len(data["source"]["sha256"]) == 64
    paths = [e["path"] for e in data["endpoints"]]
    assert paths == sorted(paths), "stable order: by path, then method"


def test_ir_file_is_a_source(tmp_path: Path, openapi_2025_ir: IR) -> None:
    path = tmp_path / "ir.json"
    path.write_text(dumps(openapi_2025_ir))
    assert dumps(read_source(str(path))) == dumps(openapi_2025_ir)


def test_schema_refs_escape_and_unescape() -> None:
    assert schema_ref("a/b~c") == "#/schemas/a~1b~0c"
    assert ref_name("#/schemas/a~1b~0c") == "a/b~c"
    assert ref_name("#/components/schemas/x") is None


def _ir_with(**endpoint: object) -> dict[str, object]:
    """A one-endpoint IR document, valid but for what `endpoint` overrides."""
    fields: dict[str, object] = {"method": "GET", "path": "/api/x", "tag": "/api/x"}
    return {"format": "mbgen-ir", "version": 1, "endpoints": [{**fields, **endpoint}]}


def test_ir_with_is_valid_as_is() -> None:
    ir = ir_from_dict(
        _ir_with(body={}, body_media_type="application/json; charset=utf-8"), "f.json"
    )
    assert ir.endpoints[0].tag == "/api/x"
    assert ir.endpoints[0].body_media_type == "application/json; charset=utf-8"
    assert ir_from_dict(_ir_with(response={}, response_media_type="*/*"), "f").endpoints


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"format": "mbgen-ir", "version": 2, "endpoints": []}, "version"),
        ({"format": "mbgen-ir", "version": 1, "endpoints": [{"method": 1}]}, "method"),
        (
            {
                "format": "mbgen-ir",
                "version": 1,
                "endpoints": [
                    {
                        "method": "GET",
                        "path": "/x",
                        "tag": "/x",
                        "params": [{"name": "a", "in": "cookie"}],
                    }
                ],
            },
            "unknown location",
        ),
        (_ir_with(tag=""), "endpoints[0].tag: expected a non-empty string"),
        (_ir_with(tag=None), "endpoints[0].tag: expected a string"),
        (_ir_with(body={}, body_media_type="json"), "body_media_type: expected a media type"),
        (_ir_with(body={}, body_media_type=None), "body_media_type: expected a media type"),
        (_ir_with(body_media_type="application/json"), "media type without a schema"),
        (_ir_with(response={}, response_media_type=3), "response_media_type: expected a media"),
        (
            _ir_with(body={"properties": True}, body_media_type="application/json"),
            "endpoints[0].body/properties: expected an object",
        ),
        (
            _ir_with(response={"allOf": [{}, 0]}, response_media_type="application/json"),
            "endpoints[0].response/allOf/1: expected a schema object",
        ),
        (
            {
                "format": "mbgen-ir",
                "version": 1,
                "endpoints": [],
                "schemas": {"A": {"required": 7}},
            },
            "schemas['A']/required: expected a list",
        ),
    ],
)
def test_malformed_ir_is_refused_with_where(data: object, words: str) -> None:
    with pytest.raises(MbgenError) as caught:
        ir_from_dict(data, "f.json")
    assert words in str(caught.value) and "f.json" in str(caught.value)
