"""The rendered reference text (the seed page of /api/action) reads to the endpoints it shows."""

from __future__ import annotations

from pathlib import Path

from generator.ingest import read_source
from tests.conftest import RENDERED_SEED


def test_seed_page_endpoints() -> None:
    ir = read_source(str(RENDERED_SEED), release="0.52")
    assert ir.source["format"] == "rendered-text"
    assert ir.release == "0.52"
    assert sorted(e.label for e in ir.endpoints) == [
        "DELETE /api/action/{action-id}",
        "GET /api/action/",
        "GET /api/action/public",
        "GET /api/action/{action-id}",
        "GET /api/action/{action-id}/execute",
        "POST /api/action/",
        "POST /api/action/{id}/execute",
        "POST /api/action/{id}/public_link",
        "PUT /api/action/{id}",
    ]


def test_parameters_of_a_lost_heading_are_not_attached_to_the_previous_endpoint() -> None:
    ir = read_source(str(RENDERED_SEED))
    delete = ir.endpoint_map()[("DELETE", "/api/action/{action-id}")]
    assert [p.name for p in delete.params] == ["action-id"]
    assert delete.description == "Delete an Action."


def test_prose_becomes_schemas() -> None:
    ir = read_source(str(RENDERED_SEED))
    endpoints = ir.endpoint_map()
    listing = endpoints[("GET", "/api/action/")]
    model_id = listing.params[0]
    assert (model_id.name, model_id.location, model_id.required) == ("model-id", "query", False)
    assert model_id.schema == {"type": "integer", "minimum": 1}
    execute = endpoints[("GET", "/api/action/{action-id}/execute")]
    assert [(p.name, p.location, p.required) for p in execute.params] == [
        ("action-id", "path", True),
        ("parameters", "query", True),
    ]
    create = endpoints[("POST", "/api/action/")]
    assert create.body is not None
    assert create.body["properties"]["name"]["type"] == "string"
    assert "name" in create.body["required"]
    assert "description" not in create.body["required"]


def test_page_layouts_of_other_releases(tmp_path: Path) -> None:
    """Two other ways the docs site rendered a page: a PARAMS: label, and a bullet on a line of
    its own with the name and the prose on the next lines."""
    page = tmp_path / "revision.txt"
    page.write_text(
        "Revision\n\nAPI endpoints for Revision.\n\n"
        "GET /api/revision/\n\nGet revisions of an object.\n\nPARAMS:\n\n"
        "  • entity enum of card, dashboard.\n\n"
        "  • id value must be an integer greater than zero.\n\n"
        "GET /api/transform/:db-id/:schema/:transform-name\n"
        "Look up a database schema transform.\nPARAMS:\n-\ndb-id\n"
        "value must be an integer greater than zero. -\nschema\n"
        "value must be a non-blank string.\n\n« Back to API index\n"
    )
    ir = read_source(str(page))
    endpoints = ir.endpoint_map()
    revisions = endpoints[("GET", "/api/revision/")]
    assert revisions.description == "Get revisions of an object."
    assert [(p.name, p.schema.get("type")) for p in revisions.params] == [
        ("entity", "string"),
        ("id", "integer"),
    ]
    assert revisions.params[0].schema["enum"] == ["card", "dashboard"]
    transform = endpoints[("GET", "/api/transform/{db-id}/{schema}/{transform-name}")]
    assert [(p.name, p.location, p.schema) for p in transform.params] == [
        ("db-id", "path", {"type": "integer", "minimum": 1}),
        ("schema", "path", {"type": "string", "minLength": 1}),
        ("transform-name", "path", {"type": "string"}),
    ]
