"""Markdown prose read into JSON Schema agrees with what the OpenAPI says of the same parameter.

Parameters both the 2024-05-10 Markdown and the 2025-12 OpenAPI publish (same method, path and
name; query, path, or top-level body property): their kinds must agree for at least 85 % of those
the OpenAPI types.
"""

from __future__ import annotations

from typing import Any

from generator.ingest import read_source
from generator.ir import IR
from generator.schema_kind import resolve, schema_kind
from tests.conftest import MARKDOWN


def named_values(ir: IR) -> dict[tuple[str, str, str], dict[str, Any]]:
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in ir.endpoints:
        for p in e.params:
            out[(e.method, e.path, p.name)] = p.schema
        if e.body is not None:
            for name, schema in (resolve(e.body, ir.schemas).get("properties") or {}).items():
                out[(e.method, e.path, name)] = schema
    return out


def test_kinds_agree_for_at_least_85_percent(openapi_2025_ir: IR) -> None:
    markdown = read_source(str(MARKDOWN / "2024-05-10"))
    md, oa = named_values(markdown), named_values(openapi_2025_ir)
    both = [k for k in md if k in oa]
    typed = [k for k in both if schema_kind(oa[k], openapi_2025_ir.schemas) is not None]
    agree = [
        k
        for k in typed
        if schema_kind(md[k], markdown.schemas) == schema_kind(oa[k], openapi_2025_ir.schemas)
    ]
    assert len(both) > 500  # the comparison is over a broad set, not a handful
    assert len(agree) / len(typed) >= 0.85, f"{len(agree)}/{len(typed)}"


def test_schema_kind() -> None:
    schemas = {"Id": {"type": "integer"}, "Loop": {"$ref": "#/schemas/Loop"}}
    assert schema_kind({"$ref": "#/schemas/Id"}, schemas) == "integer"
    assert schema_kind({"type": ["string", "null"]}, schemas) == "string"
    assert schema_kind({"anyOf": [{"enum": ["a"]}, {"type": "null"}]}, schemas) == "enum"
    assert schema_kind({"anyOf": [{"type": "integer"}, {"type": "string"}]}, schemas) is None
    assert schema_kind({"$ref": "#/schemas/Loop"}, schemas) is None
    assert schema_kind({}, schemas) is None
