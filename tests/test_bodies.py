"""`body_required` is decided once, in the IR: from the body's own keys, recorded where it departs
from the source; a body key the server defaults is optional."""

from __future__ import annotations

import inspect
from typing import Any

from generator.ingest import ingest_openapi_data
from generator.ir import IR, Endpoint
from generator.normalize.bodies import decide_body_required
from tests.conftest import Generated
from tests.scripted_server import Reply, ScriptedServer

OBJ: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "integer"}}}


def _post(body: dict[str, Any] | None, required: bool) -> Endpoint:
    return Endpoint("POST", "/api/x", "/api/x", body=body, body_required=required)


def test_required_keys_make_the_body_required() -> None:
    endpoint = _post({**OBJ, "required": ["a"]}, required=False)
    repair = decide_body_required(endpoint)
    assert endpoint.body_required
    assert repair is not None and repair.kind == "required-body" and "a" in repair.what


def test_all_keys_optional_make_the_body_optional() -> None:
    endpoint = _post(OBJ, required=True)
    repair = decide_body_required(endpoint)
    assert not endpoint.body_required
    assert repair is not None and repair.kind == "optional-body"


def test_agreeing_source_is_left_alone() -> None:
    for body, required in (({**OBJ, "required": ["a"]}, True), (OBJ, False)):
        endpoint = _post(body, required)
        assert decide_body_required(endpoint) is None
        assert endpoint.body_required is required


def test_a_body_without_properties_keeps_what_the_source_says() -> None:
    endpoint = _post({"type": "object"}, required=True)
    assert decide_body_required(endpoint) is None and endpoint.body_required
    endpoint = _post(None, required=True)
    assert decide_body_required(endpoint) is None and not endpoint.body_required


def _doc(schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    body = {"required": required, "content": {"application/json": {"schema": schema}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/api/x": {"post": {"requestBody": body, "responses": {}}}},
    }


def test_a_required_body_key_with_a_default_is_optional() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "boolean", "default": False}, "b": {"type": "integer"}},
        "required": ["a", "b"],
    }
    ir = ingest_openapi_data(_doc(schema), "t.json", {"format": "openapi"})
    (endpoint,) = ir.endpoints
    assert endpoint.body is not None and endpoint.body["required"] == ["b"]
    assert endpoint.body_required  # b is still required
    kinds = [r.kind for r in ir.repairs]
    assert "required-with-default" in kinds and "required-body" in kinds
    # a defaulted key is optional, not thereby nullable
    assert endpoint.body["properties"]["a"]["type"] == "boolean"


def test_a_body_whose_every_key_has_a_default_is_optional() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "boolean", "default": False}},
        "required": ["a"],
    }
    ir = ingest_openapi_data(_doc(schema, required=True), "t.json", {"format": "openapi"})
    (endpoint,) = ir.endpoints
    assert endpoint.body is not None and "required" not in endpoint.body
    assert not endpoint.body_required


def test_card_query_body_is_optional_in_2025(openapi_2025_ir: IR) -> None:
    endpoint = openapi_2025_ir.endpoint_map()[("POST", "/api/card/{card-id}/query")]
    assert endpoint.body is not None and not endpoint.body.get("required")
    assert not endpoint.body_required


def test_client_calls_card_query_without_a_body(generated_2025: Generated) -> None:
    client = generated_2025.module.MetabaseClient("http://127.0.0.1:9", api_key="k")
    signature = inspect.signature(client.card.query)
    assert signature.parameters["body"].default is None
    assert signature.parameters["id"].default is inspect.Parameter.empty
    client.close()


def test_client_body_requiredness_is_the_irs(
    generated_2025: Generated, openapi_2025_ir: IR
) -> None:
    by_op = {(o["method"], o["path"]): o for o in generated_2025.manifest()}
    client = generated_2025.module.MetabaseClient("http://127.0.0.1:9", api_key="k")
    for endpoint in openapi_2025_ir.endpoints:
        if endpoint.body is None:
            continue
        namespace, name = by_op[endpoint.key]["python"].split(".")
        method = getattr(getattr(client, namespace), name)
        body = inspect.signature(method).parameters["body"]
        assert (body.default is inspect.Parameter.empty) is endpoint.body_required, endpoint.label
    client.close()


def test_card_query_without_a_body_over_http(generated_2025: Generated) -> None:
    """Issue #10: `card.query(id=1)` sends the request, with no body."""
    with ScriptedServer() as server:
        server.on("POST", "/api/card/1/query", Reply(body=b'{"row_count": 0}'))
        with generated_2025.module.MetabaseClient(server.url, api_key="k") as mb:
            answer = mb.card.query(id=1)
    assert answer == {"row_count": 0}
    (seen,) = server.seen
    assert (seen.method, seen.path, seen.body) == ("POST", "/api/card/1/query", b"")
