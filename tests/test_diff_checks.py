"""Each rule of the diff's areas (operations, parameters, bodies, responses, values) on the
smallest pair of OpenAPI documents that shows it, read through the OpenAPI reader as a user's
files are; severities are oasdiff's (README's rule table). A few of the cases of the oasdiff
agreement eval (kept outside the project), written anew."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.diff.compare import diff_irs
from generator.diff.rules import RULES
from generator.ingest import ingest_openapi_data
from tests.conftest import run_mbgen

S: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
P = "/api/x"


def obj(props: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = list(required)
    return out


def doc(op: dict[str, Any], method: str = "get", version: str = "3.0.3", **top: Any) -> Any:
    op = {"responses": {"200": {"description": "ok"}}, **op}
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {P: {method: op}},
        **top,
    }


def changes(old: Any, new: Any) -> set[tuple[str, str, str | None]]:
    info = {"format": "openapi", "name": "x", "sha256": ""}
    a = ingest_openapi_data(copy.deepcopy(old), "old", info, "1")
    b = ingest_openapi_data(copy.deepcopy(new), "new", info, "2")
    return {(c.kind, c.severity, c.param) for c in diff_irs(a, b)}


def query(schema: dict[str, Any], required: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "parameters": [
            {"name": "p", "in": "query", "required": required, "schema": schema, **extra}
        ]
    }


def json_body(schema: dict[str, Any], required: bool = True, *media: str) -> dict[str, Any]:
    types = media or ("application/json",)
    return {
        "requestBody": {"required": required, "content": {m: {"schema": schema} for m in types}}
    }


def response(schema: dict[str, Any], code: str = "200", **extra: Any) -> dict[str, Any]:
    entry = {"description": "ok", "content": {"application/json": {"schema": schema}}, **extra}
    return {"responses": {code: entry}}


# --- operations -------------------------------------------------------------------------------


def test_removing_a_deprecated_operation_is_a_warning() -> None:
    old = doc({"deprecated": True})
    old["paths"]["/api/y"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    new = copy.deepcopy(old)
    del new["paths"][P]
    assert changes(old, new) == {("deprecated-operation-removed", "warning", None)}


# --- parameters -------------------------------------------------------------------------------


def test_path_parameter_schemas_are_compared() -> None:
    def with_id(schema: dict[str, Any]) -> Any:
        param = {"name": "id", "in": "path", "required": True, "schema": schema}
        return {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/api/x/{id}": {"get": {"parameters": [param], "responses": {}}}},
        }

    assert changes(with_id(S), with_id({**S, "enum": ["a"]})) == {
        ("type-narrowed", "breaking", "id")
    }
    assert changes(with_id(INT), with_id(S)) == {("type-changed", "breaking", "id")}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (S, {**S, "pattern": "^a"}, ("type-narrowed", "breaking", "p")),
        ({**S, "pattern": "^a"}, S, ("type-widened", "info", "p")),
        ({**S, "pattern": "^a"}, {**S, "pattern": "^b"}, ("pattern-changed", "warning", "p")),
        (S, {**S, "nullable": True}, ("type-widened", "info", "p")),
        ({"type": ["string"]}, {"type": ["string", "integer"]}, ("type-widened", "info", "p")),
        (
            {"type": "array", "items": S, "maxItems": 5},
            {"type": "array", "items": S, "maxItems": 2},
            ("type-narrowed", "breaking", "p"),
        ),
        ({**S, "default": "a"}, {**S, "default": "b"}, ("default-changed", "info", "p")),
    ],
)
def test_query_parameter_values(
    old: dict[str, Any], new: dict[str, Any], expected: tuple[str, str, str]
) -> None:
    assert changes(doc(query(old), version="3.1.0"), doc(query(new), version="3.1.0")) == {expected}


def test_parameter_removal_and_deprecation_follow_oasdiff() -> None:
    assert changes(doc(query(S)), doc({})) == {("parameter-removed", "warning", "p")}
    assert changes(doc(query(S)), doc(query(S, deprecated=True))) == {
        ("parameter-deprecated", "info", "p")
    }
    assert changes(doc(query(S, deprecated=True)), doc(query(S))) == {
        ("parameter-undeprecated", "info", "p")
    }


def test_object_typed_header_parameter_is_compared_member_by_member() -> None:
    def header(schema: dict[str, Any]) -> Any:
        return doc({"parameters": [{"name": "X-O", "in": "header", "schema": schema}]})

    assert changes(header(obj({"a": S})), header(obj({"a": S, "b": S}, ("b",)))) == {
        ("required-property-added", "breaking", "X-O.b")
    }
    assert changes(header(obj({"a": S})), header(obj({"a": INT}))) == {
        ("parameter-property-type-changed", "warning", "X-O.a")
    }


# --- request bodies ---------------------------------------------------------------------------


def test_body_required_flag() -> None:
    optional, required = doc(json_body(obj({"a": S}), False)), doc(json_body(obj({"a": S})))
    assert changes(optional, required) == {("request-body-became-required", "breaking", None)}
    assert changes(required, optional) == {("request-body-became-optional", "info", None)}


def test_a_second_media_type_is_not_breaking() -> None:
    one = doc(json_body(obj({"a": S})))
    two = doc(json_body(obj({"a": S}), True, "application/json", "text/plain"))
    assert changes(one, two) == {("body-media-type-added", "info", None)}
    assert changes(two, one) == {("body-media-type-removed", "breaking", None)}


def test_scalar_and_array_bodies() -> None:
    assert changes(doc(json_body(S)), doc(json_body(INT))) == {
        ("type-changed", "breaking", "(body)")
    }
    array = {"type": "array", "items": S}
    assert changes(doc(json_body(array)), doc(json_body({**array, "minItems": 1}))) == {
        ("type-narrowed", "breaking", "(body)")
    }
    assert changes(doc(json_body(array)), doc(json_body({"type": "array", "items": INT}))) == {
        ("type-changed", "breaking", "(body)")  # the items of a whole body are the body's
    }


def test_properties_moved_into_any_of_branches_are_not_removed() -> None:
    flat = obj({"kind": S, "query": S, "url": S}, ("kind",))
    branches = {
        "anyOf": [obj({"kind": S, "query": S}, ("kind",)), obj({"kind": S, "url": S}, ("kind",))]
    }
    assert changes(doc(json_body(flat)), doc(json_body(branches))) == set()


def test_each_branch_additional_properties_and_conditions() -> None:
    two = {"anyOf": [{"title": "a", **S}, {"title": "b", **INT}]}
    three = {"anyOf": [*two["anyOf"], {"title": "c", "type": "boolean"}]}
    assert changes(doc(json_body(two)), doc(json_body(three))) == {
        ("variant-added", "info", "(body)")
    }
    assert changes(doc(response(two)), doc(response(three))) == {
        ("response-variant-added", "breaking", "(body)")
    }
    old = obj({"m": {"type": "object", "additionalProperties": S}})
    new = obj({"m": {"type": "object", "additionalProperties": INT}})
    assert changes(doc(json_body(old)), doc(json_body(new))) == {
        ("type-changed", "breaking", "m{}")
    }
    cond = {**obj({"a": S}), "if": obj({"a": {"const": "x"}}), "then": obj({"b": S}, ("b",))}
    assert ("condition-added", "breaking", "(body)") in changes(
        doc(json_body(obj({"a": S})), version="3.1.0"), doc(json_body(cond), version="3.1.0")
    )


def test_read_only_request_property_narrowing_is_info() -> None:
    old = obj({"a": {**INT, "readOnly": True, "minimum": 1}})
    new = obj({"a": {**INT, "readOnly": True, "minimum": 5}})
    assert changes(doc(json_body(old)), doc(json_body(new))) == {
        ("read-only-property-tightened", "info", "a")
    }


# --- responses --------------------------------------------------------------------------------


def test_response_statuses() -> None:
    ok = doc({"responses": {"200": {"description": "ok"}}})
    created = doc({"responses": {"201": {"description": "c"}}})
    both = doc({"responses": {"200": {"description": "ok"}, "404": {"description": "nf"}}})
    assert changes(ok, created) == {("response-status-changed", "breaking", None)}
    assert changes(ok, both) == {("error-status-added", "info", None)}
    assert changes(both, ok) == {("error-status-removed", "info", None)}


def test_response_schema_rules() -> None:
    base = obj({"a": S, "b": S}, ("a", "b"))
    assert changes(doc(response(base)), doc(response(obj({"a": S, "b": S}, ("a",))))) == {
        ("response-became-optional", "breaking", "b")
    }
    assert changes(doc(response(base)), doc(response(obj({"a": S}, ("a",))))) == {
        ("response-property-removed", "breaking", "b")
    }
    nullable = obj({"a": {**S, "nullable": True}, "b": S}, ("a", "b"))
    assert changes(doc(response(base)), doc(response(nullable))) == {
        ("response-widened", "breaking", "a")
    }
    enum = obj({"a": {**S, "enum": ["x", "y"]}})
    fewer = obj({"a": {**S, "enum": ["x"]}})
    assert changes(doc(response(enum)), doc(response(fewer))) == {
        ("response-enum-value-removed", "info", "a")
    }
    assert changes(doc(response(fewer)), doc(response(enum))) == {
        ("response-enum-value-added", "warning", "a")
    }


def test_response_headers_and_media_types() -> None:
    header = {"X-R": {"required": True, "schema": S}}
    with_header = doc(response(S, headers=header))
    assert changes(with_header, doc(response(S))) == {
        ("response-header-removed", "breaking", "X-R")
    }
    xml = doc(
        {
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": S},
                        "application/xml": {"schema": S},
                    },
                }
            }
        }
    )
    assert changes(xml, doc(response(S))) == {("response-media-type-removed", "breaking", None)}


# --- repairs must not hide changes ------------------------------------------------------------


def test_a_repaired_null_still_shows_the_published_change() -> None:
    """optional-body-nullable makes optional body properties nullable on both sides; the diff
    compares what each release published."""
    nullable = doc(json_body(obj({"a": {**S, "nullable": True}})), method="post")
    plain = doc(json_body(obj({"a": S})), method="post")
    assert changes(nullable, plain) == {("type-narrowed", "breaking", "a")}
    assert changes(plain, nullable) == {("type-widened", "info", "a")}
    assert changes(plain, plain) == set()
    # A name holding the repair's own separators is read back whole.
    odd = "a, b: c"
    nullable = doc(json_body(obj({odd: {**S, "nullable": True}, "d": S})), method="post")
    plain = doc(json_body(obj({odd: S, "d": S})), method="post")
    assert changes(nullable, plain) == {("type-narrowed", "breaking", odd)}


def test_a_repair_on_one_side_only_is_reported() -> None:
    """A required query parameter with a default is repaired to optional; when only one
    release says so, the published documents differ though the repaired IRs agree."""
    old = doc(query({**S, "default": "a"}, required=True))
    new = doc(query({**S, "default": "a"}))
    assert changes(old, new) == {("published-fact-changed", "warning", "required-with-default")}


# --- the table --------------------------------------------------------------------------------

_PAIRS = (
    ("-added", "-removed"),
    ("-deprecated", "-undeprecated"),
    ("widened", "narrowed"),
    ("became-required", "became-optional"),
)
_SPECIAL = {
    "required-parameter-added": "parameter-removed",
    "optional-parameter-added": "parameter-removed",
    "required-property-added": "property-removed",
    "optional-property-added": "property-removed",
    "optional-request-body-added": "request-body-removed",
    "response-status-added": "response-status-removed",
    "deprecated-operation-removed": "operation-added",
    "optional-response-header-removed": "response-header-added",
    "optional-response-property-removed": "response-property-added",
}


def test_every_added_rule_has_its_removed_rule() -> None:
    for rule_id in RULES:
        if rule_id in _SPECIAL.values():
            continue  # the counterpart of a special pair
        counterpart = _SPECIAL.get(rule_id)
        for one, other in _PAIRS:
            if counterpart is None and rule_id.endswith(one):
                counterpart = rule_id[: -len(one)] + other
            elif counterpart is None and rule_id.endswith(other):
                counterpart = rule_id[: -len(other)] + one
        if counterpart is not None:
            assert counterpart in RULES, (rule_id, counterpart)


def test_every_rule_says_why_it_matters() -> None:
    assert all(rule.why and rule.why[0].islower() for rule in RULES.values())


# --- accepted changes through the CLI ---------------------------------------------------------


def _pair(tmp_path: Path) -> tuple[str, str]:
    old = doc(query(S, required=True))
    old["paths"]["/api/gone"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    new = doc(query({**S, "enum": ["a"]}, required=True))
    paths = []
    for name, content in (("old.json", old), ("new.json", new)):
        (tmp_path / name).write_text(json.dumps(content))
        paths.append(str(tmp_path / name))
    return paths[0], paths[1]


def test_ignore_file_and_severity_overrides_let_fail_on_pass(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    assert run_mbgen("diff", old, new, "--fail-on", "breaking").returncode == 1
    ignore = tmp_path / "accepted.txt"
    ignore.write_text("# agreed in review\nGET /api/gone operation-removed\n")
    partly = run_mbgen("diff", old, new, "--fail-on", "breaking", "--ignore", str(ignore))
    assert partly.returncode == 1 and "no longer accepts" not in partly.stdout
    ignore.write_text(ignore.read_text() + "GET /api/x type-narrowed p  # the enum\n")
    both = run_mbgen(
        "diff", old, new, "--fail-on", "breaking", "--ignore", str(ignore), "--format", "json"
    )
    assert both.returncode == 0 and json.loads(both.stdout)["changes"] == []
    rerated = run_mbgen(
        "diff",
        old,
        new,
        "--fail-on",
        "breaking",
        "--format",
        "json",
        "--severity",
        "operation-removed=warning",
        "--severity",
        "type-narrowed=info",
    )
    assert rerated.returncode == 0
    report = json.loads(rerated.stdout)
    assert {c["severity"] for c in report["changes"]} == {"warning", "info"}
    assert all(c["why"] for c in report["changes"])


def test_bad_ignore_line_and_severity_are_one_clear_line(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    ignore = tmp_path / "accepted.txt"
    ignore.write_text("GET /api/gone\n")
    result = run_mbgen("diff", old, new, "--ignore", str(ignore))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{ignore}:1" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = run_mbgen("diff", old, new, "--severity", "no-such-rule=info")
    assert result.returncode != 0 and "no-such-rule" in result.stderr


def test_format_all_of_parts_mutability_and_discriminator() -> None:
    assert changes(doc(query(S)), doc(query({**S, "format": "date-time"}))) == {
        ("type-changed", "breaking", "p")
    }
    loose = obj({"a": S})
    dated = obj({"a": {**S, "format": "date"}})
    assert changes(doc(response(dated)), doc(response(loose))) == {
        ("response-type-changed", "breaking", "a")
    }
    parts = {"allOf": [{"title": "a", **obj({"a": S})}, {"title": "b", **obj({"b": S})}]}
    more = {"allOf": [*parts["allOf"], {"title": "c", **obj({"c": S})}]}
    assert ("part-added", "breaking", "(body)") in changes(
        doc(json_body(parts)), doc(json_body(more))
    )
    assert ("response-part-removed", "breaking", "(body)") in changes(
        doc(response(more)), doc(response(parts))
    )
    read_only = obj({"a": {**S, "readOnly": True}})
    assert changes(doc(json_body(loose)), doc(json_body(read_only))) == {
        ("mutability-changed", "info", "a")
    }
    variants = {"oneOf": [{"title": "a", **obj({"a": S})}, {"title": "b", **obj({"b": S})}]}
    tagged = {**variants, "discriminator": {"propertyName": "kind"}}
    assert changes(doc(json_body(variants)), doc(json_body(tagged))) == {
        ("discriminator-changed", "info", "(body)")
    }


def test_operation_id_tags_and_security() -> None:
    schemes = {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-K"}}}
    keyed = doc({"security": [{"key": []}], "operationId": "a", "tags": ["t"]}, components=schemes)
    open_ = doc({"security": [], "operationId": "b", "tags": ["t", "u"]}, components=schemes)
    assert changes(keyed, open_) == {
        ("security-removed", "breaking", "key"),
        ("operation-id-changed", "info", None),
        ("tag-added", "info", "u"),
    }
