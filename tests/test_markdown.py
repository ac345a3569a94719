"""Every Markdown era in the corpus reads to exactly the endpoints its headings publish."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest import read_source
from tests.conftest import MARKDOWN, MARKDOWN_SNAPSHOTS, published_headings


@pytest.mark.parametrize("snapshot", MARKDOWN_SNAPSHOTS)
def test_folder_gives_exactly_the_published_endpoints(snapshot: str) -> None:
    ir = read_source(str(MARKDOWN / snapshot), release=snapshot)
    keys = [e.key for e in ir.endpoints]
    assert len(keys) == len(set(keys)), "one entry per (method, path)"
    assert set(keys) == published_headings(MARKDOWN / snapshot)
    for endpoint in ir.endpoints:
        assert ":" not in endpoint.path
        assert endpoint.method == endpoint.method.upper()
        placeholders = {p.name for p in endpoint.params if p.location == "path"}
        assert all("{" + name + "}" in endpoint.path for name in placeholders)


@pytest.mark.parametrize(
    ("snapshot", "release"),
    [("v0.21.0-snapshot", "0.21.0-snapshot"), ("v0.32.2", "0.32.2"), ("v0.42.0", None)],
)
def test_single_file_release_comes_from_the_title(snapshot: str, release: str | None) -> None:
    ir = read_source(str(MARKDOWN / snapshot / "api-documentation.md"))
    assert ir.release == release
    assert ir.source["format"] == "markdown"


def test_release_option_names_an_untitled_snapshot() -> None:
    ir = read_source(str(MARKDOWN / "2024-05-10"), release="2024-05-10")
    assert ir.release == "2024-05-10"


def test_placeholders_keep_published_names() -> None:
    ir = read_source(str(MARKDOWN / "v0.21.0-snapshot"))
    endpoints = ir.endpoint_map()
    favorite = endpoints[("DELETE", "/api/card/{card-id}/favorite")]
    assert [(p.name, p.location, p.required) for p in favorite.params] == [
        ("card-id", "path", True)
    ]


def test_get_params_are_query_and_post_params_are_body_with_inference_recorded() -> None:
    ir = read_source(str(MARKDOWN / "2024-05-10"))
    endpoints = ir.endpoint_map()
    listing = endpoints[("GET", "/api/card/")]
    f = next(p for p in listing.params if p.name == "f")
    assert f.location == "query" and not f.required
    assert f.schema["enum"][0] == "archived"
    create = endpoints[("POST", "/api/card/")]
    assert create.body is not None and create.body_media_type == "application/json"
    assert "dataset_query" in create.body["properties"]
    assert "name" in create.body["required"]
    kinds = {(r.kind, r.where) for r in ir.repairs}
    assert ("inferred-body", "POST /api/card/") in kinds
    assert ("inferred-query", "GET /api/card/") in kinds


def test_table_of_contents_and_front_matter_stay_out_of_descriptions() -> None:
    for snapshot in ("v0.42.0", "2022-07-27"):
        ir = read_source(str(MARKDOWN / snapshot))
        for endpoint in ir.endpoints:
            assert "](#" not in endpoint.description, endpoint.label
            assert "Back to API index" not in endpoint.description
            assert not endpoint.description.startswith("---")
    ir = read_source(str(MARKDOWN / "2022-07-27"))
    sso = ir.endpoint_map()[("GET", "/auth/sso/")]
    assert sso.description == "SSO entry-point for an SSO user that has not logged in yet."


def test_endpoint_published_twice_is_merged_and_recorded() -> None:
    ir = read_source(str(MARKDOWN / "2024-05-10"))
    duplicates = [r for r in ir.repairs if r.kind == "duplicate-endpoint"]
    assert [r.where for r in duplicates] == ["GET /api/table/{id}/query_metadata"]
    assert "sandbox-table.md" in duplicates[0].what and "table.md" in duplicates[0].what


def test_multiline_parameter_prose_is_kept_whole() -> None:
    ir = read_source(str(MARKDOWN / "2023-01-05"))
    body = ir.endpoint_map()[("POST", "/api/dashboard/{id}/cards")].body
    assert body is not None
    description = body["properties"]["parameter_mappings"]["description"]
    assert "parameter_id : value must be a non-blank string." in description


def test_ee_pages_are_read() -> None:
    ir = read_source(str(MARKDOWN / "2024-05-10"))
    logs = ir.endpoint_map()[("GET", "/api/ee/advanced-config/logs/query_execution/{yyyy-mm}")]
    assert logs.tag == "/api/ee/advanced-config"
    assert [p.name for p in logs.params] == ["yyyy-mm"]
    assert ir.endpoint_map()[("GET", "/auth/sso/")].tag == "/auth/sso"


def test_single_page_of_a_namespace_reads() -> None:
    page = MARKDOWN / "2024-05-10" / "card.md"
    ir = read_source(str(page))
    assert {e.key for e in ir.endpoints} == published_headings(page)


def test_headings_without_backticks_and_dash_bullets(tmp_path: Path) -> None:
    page = tmp_path / "api.md"
    page.write_text(
        "# API Documentation for Metabase v0.33.0\n\n"
        "## GET /api/card/:id\n\nGet `Card` with ID.\n\n#### PARAMS:\n\n"
        "- **`id`** value must be an integer greater than zero.\n\n"
        "## `POST /api/card/`\n\nCreate a new `Card`.\n\n#### PARAMS:\n\n"
        "- **`name`** value must be a non-blank string.\n"
    )
    ir = read_source(str(page))
    assert ir.release == "0.33.0"
    assert sorted(e.label for e in ir.endpoints) == ["GET /api/card/{id}", "POST /api/card/"]
    create = ir.endpoint_map()[("POST", "/api/card/")]
    assert create.body is not None and create.body["required"] == ["name"]


@pytest.mark.parametrize("snapshot", MARKDOWN_SNAPSHOTS)
def test_every_snapshot_exports_a_valid_openapi_document(snapshot: str) -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    from generator.export.openapi import ir_to_openapi

    ir = read_source(str(MARKDOWN / snapshot))
    doc = ir_to_openapi(ir)
    assert list(OpenAPIV31SpecValidator(doc).iter_errors()) == []
    assert sum(len(item) for item in doc["paths"].values()) == len(ir.endpoints)


def test_handler_bindings_are_not_client_parameters() -> None:
    """`request`, `respond`, `_body`, `alert-updates`, `&` ... are the handler's own names; a
    prose-less parameter named for the namespace is the body's `:as` binding, or, alone, the
    body itself."""
    ir = read_source(str(MARKDOWN / "2023-01-05"))
    endpoints = ir.endpoint_map()
    update = endpoints[("PUT", "/api/action/{id}")]
    assert update.body is not None
    assert "action" not in update.body["properties"] and "name" in update.body["properties"]
    save = endpoints[("POST", "/api/dashboard/save")]
    assert save.body is not None and save.body["type"] == "object"
    assert "properties" not in save.body and save.body_required
    names = {
        name
        for e in ir.endpoints
        for name in [p.name for p in e.params] + list((e.body or {}).get("properties", {}))
    }
    assert not names & {"request", "respond", "raise", "&", "_body", "alert-updates"}
    kinds = {r.kind for r in ir.repairs}
    assert {"server-binding", "body-map-unwrapped"} <= kinds


def test_a_body_written_as_one_map_is_unwrapped() -> None:
    ir = read_source(str(MARKDOWN / "2024-05-10"))
    update = ir.endpoint_map()[("PUT", "/api/action/{id}")]
    assert update.body is not None
    assert len(update.body["properties"]) == 14
    assert update.body["properties"]["template"]["required"] == ["method", "url"]
