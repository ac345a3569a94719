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


# --- what Metabase serves, not how it is spelled (issue #17) ----------------------------------


def _at(path: str, op: dict[str, Any], method: str = "get") -> Any:
    out = doc(op, method=method)
    out["paths"] = {path: out["paths"][P]}
    return out


def _path_param(schema: dict[str, Any]) -> dict[str, Any]:
    return {"parameters": [{"name": "key", "in": "path", "required": True, "schema": schema}]}


def test_a_trailing_slash_is_a_respelling_not_a_move() -> None:
    """Metabase serves `/api/card` and `/api/card/` alike: the pair is one operation, compared
    as one (a change inside is still found), and the respelling is info."""
    old = _at("/api/card/", json_body(obj({"a": S})), "post")
    new = _at("/api/card", json_body(obj({"a": S, "b": S}, ("b",))), "post")
    assert changes(old, new) == {
        ("path-respelled", "info", None),
        ("required-property-added", "breaking", "b"),
    }
    both = _at("/api/card/", {}, "post")
    both["paths"]["/api/card"] = {"post": {"responses": {"200": {"description": "ok"}}}}
    assert changes(both, both) == set()


def test_a_path_parameter_of_min_length_one_is_not_narrowed() -> None:
    """A path segment is never empty: minLength 1 says what any path parameter means."""
    bare, one = _path_param(S), _path_param({**S, "minLength": 1})
    assert changes(_at("/api/x/{key}", bare), _at("/api/x/{key}", one)) == set()
    two = _path_param({**S, "minLength": 2})
    assert changes(_at("/api/x/{key}", one), _at("/api/x/{key}", two)) == {
        ("type-narrowed", "breaking", "key")
    }
    # A query parameter may be empty: there minLength 1 narrows.
    assert changes(doc(query(S)), doc(query({**S, "minLength": 1}))) == {
        ("type-narrowed", "breaking", "p")
    }


def test_a_nullable_wrapper_keeps_its_default() -> None:
    """Metabase 0.59 writes `{"default": false, "oneOf": [{"type": "boolean"}, {"type":
    "null"}]}` where 0.58 wrote `{"type": "boolean", "default": false}`: null is new, the
    default is not."""
    plain = {"type": "boolean", "default": False}
    wrapped = {"default": False, "oneOf": [{"type": "boolean"}, {"type": "null"}]}
    assert changes(doc(query(plain), version="3.1.0"), doc(query(wrapped), version="3.1.0")) == {
        ("type-widened", "info", "p")
    }


def test_a_value_wrapped_as_nullable_keeps_its_alternatives() -> None:
    """`$ref Q` -> `oneOf: [$ref Q, null]`, Q itself a oneOf: null now possible, and Q's
    alternatives are not lost or gained."""
    q = {"oneOf": [{"title": "query", **obj({"q": S})}, {"title": "empty", "type": "object"}]}
    schemas = {"schemas": {"Q": q}}
    old = doc(response(obj({"d": {"$ref": "#/components/schemas/Q"}})), components=schemas)
    wrapped = {"oneOf": [{"$ref": "#/components/schemas/Q"}, {"type": "null"}]}
    new = doc(response(obj({"d": wrapped})), version="3.1.0", components=schemas)
    assert changes(old, new) == {("response-widened", "breaking", "d")}


def test_an_exclusive_minimum_flag_is_a_bound_that_moved() -> None:
    """OpenAPI 3.0's `exclusiveMinimum: true` beside `minimum: 1` accepts less than `minimum:
    1` alone: one narrowing, not a bound removed and another added."""
    inclusive = {**INT, "minimum": 1}
    exclusive = {**inclusive, "exclusiveMinimum": True}
    assert changes(doc(query(inclusive)), doc(query(exclusive))) == {
        ("type-narrowed", "breaking", "p")
    }
    assert changes(doc(query(exclusive)), doc(query(inclusive))) == {("type-widened", "info", "p")}


def test_the_same_change_through_an_all_of_part_is_reported_once() -> None:
    """A property of an allOf part is seen in the part and in the merged object: one change,
    at the plain name, the part's place kept in `also_at`."""
    info = {"format": "openapi", "name": "x", "sha256": ""}
    old = doc(response({"allOf": [obj({"a": S}), obj({"b": S})]}), version="3.1.0")
    new = doc(
        response({"allOf": [obj({"a": {"type": ["string", "null"]}}), obj({"b": S})]}),
        version="3.1.0",
    )
    found = diff_irs(
        ingest_openapi_data(copy.deepcopy(old), "old", info, "1"),
        ingest_openapi_data(copy.deepcopy(new), "new", info, "2"),
    )
    assert [(c.kind, c.param, c.also_at) for c in found] == [
        ("response-widened", "a", ["(allOf #0).a"])
    ]


def test_a_media_type_added_beside_a_body_is_not_a_new_body() -> None:
    """The IR keeps the schema of the media type a client sends (JSON first): JSON added
    beside text/plain is a media type added (oasdiff: info), not the body's type changed."""
    text = {"requestBody": {"content": {"text/plain": {"schema": S}}}}
    both = {
        "requestBody": {
            "content": {"text/plain": {"schema": S}, "application/json": {"schema": obj({"a": S})}}
        }
    }
    assert changes(doc(text, method="post"), doc(both, method="post")) == {
        ("body-media-type-added", "info", None)
    }


# --- the eight kinds oasdiff reports (its checker's rule ids in the names) --------------------


@pytest.mark.parametrize("where", ["query", "header", "path"])
def test_request_parameter_became_enum(where: str) -> None:
    def param(schema: dict[str, Any]) -> Any:
        spec = {"name": "p", "in": where, "required": where == "path", "schema": schema}
        return _at("/api/x/{p}" if where == "path" else P, {"parameters": [spec]})

    assert changes(param(S), param({**S, "enum": ["a", "b"]})) == {
        ("type-narrowed", "breaking", "p")
    }


def test_request_parameter_min_increased_and_decreased() -> None:
    low, high = doc(query({**INT, "minimum": 1})), doc(query({**INT, "minimum": 5}))
    assert changes(low, high) == {("type-narrowed", "breaking", "p")}
    assert changes(high, low) == {("type-widened", "info", "p")}


def test_request_path_parameter_type_changed_and_generalized() -> None:
    def typed(schema: dict[str, Any]) -> Any:
        return _at("/api/x/{key}", _path_param(schema))

    assert changes(typed(INT), typed(S)) == {("type-changed", "breaking", "key")}
    assert changes(typed(INT), typed({"type": "number"})) == {("type-widened", "info", "key")}


def test_request_parameter_default_value_changed_only_when_it_is_used() -> None:
    """oasdiff reports a default change of an optional parameter (info) and none of a required
    one: every call sends it, so its default is never used."""
    optional = changes(doc(query({**S, "default": "a"})), doc(query({**S, "default": "b"})))
    assert optional == {("default-changed", "info", "p")}
    required = changes(
        _at("/api/x/{key}", _path_param({**S, "default": "a"})),
        _at("/api/x/{key}", _path_param({**S, "default": "b"})),
    )
    assert required == set()


@pytest.mark.parametrize("key", ["allOf", "anyOf", "oneOf"])
def test_request_property_changes_inside_a_sub_schema(key: str) -> None:
    """Added (required), removed, or tightened inside an allOf/anyOf/oneOf branch of a request
    body: each once, at the property's name, with oasdiff's level."""

    def body(first: dict[str, Any]) -> Any:
        return doc(json_body({key: [first, obj({"z": INT})]}), method="post")

    base = body(obj({"a": S, "b": S}))
    added = changes(base, body(obj({"a": S, "b": S, "c": S}, ("c",))))
    # Required in the first branch: bodies that matched that branch alone now fail (oasdiff:
    # error), though the merged object, required only where every branch requires, has it
    # optional. The stricter reading is the one change.
    where = "c" if key == "allOf" else f"({key} #0).c"
    assert added == {("required-property-added", "breaking", where)}
    assert changes(base, body(obj({"a": S}))) == {("property-removed", "warning", "b")}
    assert changes(base, body(obj({"a": {**S, "maxLength": 3}, "b": S}))) == {
        ("type-narrowed", "breaking", "a")
    }


def test_request_body_media_type_added() -> None:
    one = doc(json_body(obj({"a": S})), method="post")
    two = doc(json_body(obj({"a": S}), True, "application/json", "multipart/form-data"), "post")
    assert changes(one, two) == {("body-media-type-added", "info", None)}
    assert changes(two, one) == {("body-media-type-removed", "breaking", None)}


def test_a_response_change_never_suggests_a_body() -> None:
    """A response property removed inside a oneOf branch: the Python suggestion is the call,
    never `create(body={"(oneOf ...)": ...})`."""
    from generator.diff.impact import annotate

    info = {"format": "openapi", "name": "x", "sha256": ""}
    variants = [obj({"a": S, "b": S}, ("a", "b")), {"title": "t", **obj({"z": INT}, ("z",))}]
    fewer = [obj({"a": S}, ("a",)), variants[1]]

    def with_answer(options: list[dict[str, Any]]) -> Any:
        op = {**json_body(obj({"name": S})), **response({"oneOf": options})}
        op["operationId"] = "create_connection"
        return doc(op, method="post")

    old = ingest_openapi_data(with_answer(variants), "old", info, "1")
    new = ingest_openapi_data(with_answer(fewer), "new", info, "2")
    found = diff_irs(old, new)
    annotate(found, old, new)
    assert [c.kind for c in found] == ["response-property-removed"]
    assert found[0].python and all("body" not in call for call in found[0].python.values())
