"""Each prose inference on its own (prose_ir.py), then the false alarms of issue #8 at the IR level
and in `mbgen diff` of the bundled releases."""

from __future__ import annotations

import json
from functools import cache

from generator.ingest import read_source
from generator.ir import IR, Endpoint
from generator.normalize.prose_ir import (
    Inferred,
    build_endpoint,
    drop_server_bindings,
    infer_body,
    infer_path_params,
    infer_query,
    infer_whole_body,
    merge_duplicate,
    nest_known_keys,
    says_optional,
)
from generator.prose_doc import ProseEndpoint, ProseParam
from tests.conftest import MARKDOWN, ROOT, run_mbgen

P = ProseParam


def _found(method: str = "POST", path: str = "/api/thing/{id}", description: str = "") -> Inferred:
    return Inferred(method, path, description)


def _kinds(found: Inferred) -> list[str]:
    return [r.kind for r in found.repairs]


def test_server_bindings_are_left_out_and_recorded() -> None:
    found = _found()
    doc = ProseEndpoint("POST", "/api/thing/:id", "", [P("id", ""), P("request", ""), P("x", "y")])
    assert [p.name for p in drop_server_bindings(found, doc, ["id"])] == ["id", "x"]
    assert _kinds(found) == ["server-binding"] and "request" in found.repairs[0].what


def test_underscore_and_body_bindings_are_left_out() -> None:
    found = _found("POST", "/api/dashboard/")
    doc = ProseEndpoint(
        "POST", "/api/dashboard/", "", [P("name", "value must be a string."), P("_dashboard", "")]
    )
    assert [p.name for p in drop_server_bindings(found, doc, [])] == ["name"]
    found = _found("PUT", "/api/collection/graph")
    params = [
        P("namespace", "nullable value must be a non-blank string."),
        P("body", "value must be a map."),
    ]
    doc = ProseEndpoint("PUT", "/api/collection/graph", "", params)
    assert [p.name for p in drop_server_bindings(found, doc, [])] == ["namespace"]
    assert _kinds(found) == ["server-binding"]


def test_a_lone_body_named_parameter_is_the_whole_body() -> None:
    found = _found("PUT", "/api/collection/graph")
    doc = ProseEndpoint("PUT", "/api/collection/graph", "", [P("body", "value must be a map.")])
    listed = drop_server_bindings(found, doc, [])
    assert [p.name for p in listed] == ["body"] and found.repairs == []
    assert infer_whole_body(found, listed)
    assert found.body == {"type": "object", "description": "value must be a map."}
    assert found.body_required and _kinds(found) == ["body-map-unwrapped"]


def test_path_params_are_required_strings_at_least() -> None:
    found = _found()
    infer_path_params(
        found, ["id", "key"], [P("id", "value must be an integer greater than zero.")]
    )
    assert [(p.name, p.location, p.required) for p in found.params] == [
        ("id", "path", True),
        ("key", "path", True),
    ]
    assert found.params[0].schema == {"type": "integer", "minimum": 1}
    assert found.params[1].schema == {"type": "string"}
    assert _kinds(found) == ["undeclared-path-parameter"]


def test_whole_body_named_for_the_namespace() -> None:
    found = _found("PUT", "/api/action/{id}")
    assert infer_whole_body(found, [P("action", "")])
    assert found.body is not None and found.body["type"] == "object" and found.body_required
    assert _kinds(found) == ["body-map-unwrapped"]
    assert not infer_whole_body(_found("PUT", "/api/action/{id}"), [P("other", "")])
    assert not infer_whole_body(_found("GET", "/api/action/{id}"), [P("action", "")])


def test_body_keys_required_unless_nullable_or_optional() -> None:
    found = _found("POST", "/api/x/")
    params = [
        P("a", "value must be a string."),
        P("b", "nullable value must be a string."),
        P("c", ""),
        P("d", "value must be a boolean. Default: false"),
    ]
    infer_body(found, params)
    assert found.body is not None
    assert found.body["required"] == ["a"] and found.body_required
    assert found.body["properties"]["b"]["type"] == ["string", "null"]
    assert _kinds(found) == ["inferred-body", "optional-by-prose"]


def test_query_params_required_unless_nullable_or_optional() -> None:
    found = _found("GET", "/api/x/")
    infer_query(
        found,
        [
            P("a", "value must be a string."),
            P("b", "include must be either empty or the value tables"),
        ],
    )
    assert [(p.name, p.location, p.required) for p in found.params] == [
        ("a", "query", True),
        ("b", "query", False),
    ]
    assert _kinds(found) == ["inferred-query", "optional-by-prose"]


def test_says_optional_reads_the_prose_and_the_description() -> None:
    assert says_optional(P("x", "value must be a string (optional)."), "")
    assert says_optional(P("x", "value must be one of a, b. Defaults to a."), "")
    assert not says_optional(P("x", "the default dashboard's id."), "")
    description = "Fetch.\n\n  * `x=tables` means hydrate. Default: `false`.\n\n  * `y` is other."
    assert says_optional(P("x", "value must be a string."), description)
    assert not says_optional(P("y", "value must be a string."), description)


def test_known_nesting_regroups_a_flat_body() -> None:
    found = _found("POST", "/api/setup/")
    infer_body(
        found,
        [
            P("token", "value must be a string."),
            P("email", "value must be a valid email address."),
            P("first_name", "nullable value must be a non-blank string."),
            P("database", ""),
            P("engine", ""),
        ],
    )
    nest_known_keys(found)
    assert found.body is not None
    properties = found.body["properties"]
    assert set(properties) == {"token", "user", "database"}
    assert set(properties["user"]["properties"]) == {"email", "first_name"}
    assert properties["user"]["required"] == ["email"]
    assert set(properties["database"]["properties"]) == {"engine"}
    assert found.body["required"] == ["token", "user"] and found.body_required
    assert _kinds(found)[-1] == "nested-keys"


def test_merge_duplicate_adds_the_missing_parameters() -> None:
    first = ProseEndpoint("GET", "/api/t/:id", "", [P("id", "")], origin="a.md:1")
    again = ProseEndpoint("GET", "/api/t/:id", "d", [P("id", ""), P("q", "")], origin="b.md:9")
    repair = merge_duplicate(first, again, "GET /api/t/{id}")
    assert [p.name for p in first.params] == ["id", "q"] and first.description == "d"
    assert repair.kind == "duplicate-endpoint" and "a.md:1" in repair.what


def test_build_endpoint_puts_it_together() -> None:
    doc = ProseEndpoint(
        "GET", "/api/t/:id", "Get.", [P("id", ""), P("q", "nullable value must be a string.")]
    )
    endpoint, repairs = build_endpoint(doc)
    assert (
        isinstance(endpoint, Endpoint)
        and endpoint.path == "/api/t/{id}"
        and endpoint.tag == "/api/t"
    )
    assert [(p.name, p.location, p.required) for p in endpoint.params] == [
        ("id", "path", True),
        ("q", "query", False),
    ]
    assert [r.kind for r in repairs] == ["inferred-query"]


# --- issue #8's false alarms, at the IR level and in `mbgen diff` ------------------------------


@cache
def _markdown(snapshot: str) -> IR:
    return read_source(str(MARKDOWN / snapshot), release=snapshot)


def _endpoint(ir: IR, method: str, path: str) -> Endpoint:
    return ir.endpoint_map()[(method, path)]


def test_database_include_is_optional_in_the_ir() -> None:
    endpoint = _endpoint(_markdown("2020-10-22"), "GET", "/api/database/")
    include = next(p for p in endpoint.params if p.name == "include")
    assert not include.required


def test_setup_body_is_nested_in_the_ir() -> None:
    body = _endpoint(_markdown("2024-05-10"), "POST", "/api/setup/").body
    assert body is not None
    assert {"token", "user", "prefs"} <= set(body["properties"])
    assert "email" in body["properties"]["user"]["properties"]
    assert "email" not in body["properties"]


def test_handler_bindings_are_not_body_properties_in_the_ir() -> None:
    ir = _markdown("2024-05-10")
    dashboard = _endpoint(ir, "POST", "/api/dashboard/").body
    graph = _endpoint(ir, "PUT", "/api/collection/graph").body
    assert dashboard is not None and "_dashboard" not in dashboard["properties"]
    assert graph is not None and "body" not in graph["properties"]


@cache
def _diff(old: str, new: str) -> list[dict[str, str]]:
    result = run_mbgen(
        "diff", str(ROOT / "specs" / old), str(ROOT / "specs" / new), "--format", "json"
    )
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    changes: list[dict[str, str]] = data["changes"] if isinstance(data, dict) else data
    return changes


def _reported(changes: list[dict[str, str]], method: str, path: str) -> set[tuple[str, str]]:
    return {
        (c["kind"], str(c.get("param")))
        for c in changes
        if (c["method"], c["path"]) == (method, path)
    }


def test_diff_no_longer_reports_include_as_required() -> None:
    reported = _reported(
        _diff("metabase-0.32.2.json", "metabase-2020-10-22.json"), "GET", "/api/database/"
    )
    assert ("optional-parameter-added", "include") in reported
    assert ("required-parameter-added", "include") not in reported


def test_diff_no_longer_reports_setup_keys_removed() -> None:
    reported = _reported(
        _diff("metabase-2024-05-10.json", "metabase-0.58.json"), "POST", "/api/setup/"
    )
    assert not {k for k in reported if k[0] == "required-property-added"}
    removed = {param for kind, param in reported if kind == "property-removed"}
    assert not removed & {"email", "password", "first_name", "site_name", "token"}


def test_diff_no_longer_reports_bindings_as_properties() -> None:
    changes = _diff("metabase-2024-05-10.json", "metabase-0.58.json")
    params = {
        str(c.get("param"))
        for c in changes
        if c["path"] in ("/api/dashboard/", "/api/collection/graph")
    }
    assert not params & {"_dashboard", "body"}


def test_diff_does_not_report_the_whole_body_binding_removed() -> None:
    changes = _diff("metabase-0.32.2.json", "metabase-2020-10-22.json")
    graph = _reported(changes, "PUT", "/api/collection/graph")
    assert ("property-removed", "body") not in graph
