"""Each diff rule on its own, on the smallest pair of releases that shows it; and what must not
count as a change (placeholder spelling, key order, $ref vs inline, descriptions)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff.compare import diff_irs
from generator.diff.moves import move_score
from generator.diff.rules import BREAKING, INFO, RULES, WARNING
from generator.ir import IR, Endpoint, Param

INT = {"type": "integer"}
STR = {"type": "string"}


def ep(method: str, path: str, *params: Param, **extra: Any) -> Endpoint:
    tag = "/" + "/".join(path.strip("/").split("/")[:2])
    media = "application/json" if extra.get("body") is not None else None
    extra.setdefault("body_media_type", media)
    return Endpoint(method=method, path=path, tag=tag, params=list(params), **extra)


def query(name: str, schema: dict[str, Any], required: bool = False, **extra: Any) -> Param:
    return Param(name, "query", required, schema, **extra)


def path_param(name: str) -> Param:
    return Param(name, "path", True, INT)


def body(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def release(
    *endpoints: Endpoint, schemas: dict[str, Any] | None = None, fmt: str = "openapi"
) -> IR:
    return IR("r", {"format": fmt, "name": "x", "sha256": ""}, list(endpoints), schemas or {})


def found(old: IR, new: IR) -> set[tuple[str, str | None]]:
    return {(c.kind, c.param) for c in diff_irs(old, new)}


CARD = "/api/card/{id}"


def test_the_table_has_every_severity_and_no_duplicates() -> None:
    assert {r.severity for r in RULES.values()} == {BREAKING, WARNING, INFO}
    assert all(rule_id == rule.id for rule_id, rule in RULES.items())


def test_operation_removed_and_added() -> None:
    old = release(ep("GET", "/api/widget/"), ep("GET", "/api/card/"))
    new = release(ep("GET", "/api/card/"), ep("POST", "/api/card/"))
    assert found(old, new) == {("operation-removed", None), ("operation-added", None)}


def test_path_parameter_renamed() -> None:
    old = release(ep("GET", CARD, path_param("id")))
    new = release(ep("GET", "/api/card/{card-id}", path_param("card-id")))
    changes = diff_irs(old, new)
    assert [(c.kind, c.param, c.fields["new"]) for c in changes] == [
        ("path-parameter-renamed", "id", "card-id")
    ]
    assert changes[0].fields["old_path"] == CARD


def test_required_and_optional_parameter_added() -> None:
    old = release(ep("GET", "/api/card/"))
    new = release(ep("GET", "/api/card/", query("f", STR, True), query("q", STR)))
    assert found(old, new) == {("required-parameter-added", "f"), ("optional-parameter-added", "q")}


def test_parameter_removed() -> None:
    old = release(ep("GET", "/api/card/", query("f", STR)))
    new = release(ep("GET", "/api/card/"))
    assert found(old, new) == {("parameter-removed", "f")}


def test_body_property_rules() -> None:
    old = release(ep("POST", "/api/card/", body=body({"name": STR, "gone": STR})))
    new = release(
        ep("POST", "/api/card/", body=body({"name": STR, "must": STR, "may": INT}, ("must",)))
    )
    assert found(old, new) == {
        ("property-removed", "gone"),
        ("required-property-added", "must"),
        ("optional-property-added", "may"),
    }


def test_became_required_and_optional() -> None:
    old = release(ep("POST", "/api/x/", query("a", STR), query("b", STR, True)))
    new = release(ep("POST", "/api/x/", query("a", STR, True), query("b", STR)))
    assert found(old, new) == {("became-required", "a"), ("became-optional", "b")}


def test_type_changed_narrowed_widened() -> None:
    old = release(
        ep(
            "GET",
            "/api/x/",
            query("a", INT),
            query("b", STR),
            query("c", INT),
            query("d", {"type": "integer", "minimum": 0}),
        )
    )
    new = release(
        ep(
            "GET",
            "/api/x/",
            query("a", STR),
            query("b", {"type": "string", "enum": ["x"]}),
            query("c", {"type": "number"}),
            query("d", {"type": "integer", "minimum": 1}),
        )
    )
    assert found(old, new) == {
        ("type-changed", "a"),
        ("type-narrowed", "b"),
        ("type-widened", "c"),
        ("type-narrowed", "d"),
    }


def test_null_no_longer_accepted_is_narrowing() -> None:
    old = release(ep("PUT", CARD, path_param("id"), body=body({"n": {"type": ["string", "null"]}})))
    new = release(ep("PUT", CARD, path_param("id"), body=body({"n": STR})))
    assert found(old, new) == {("type-narrowed", "n")}


def test_enum_values_removed_and_added() -> None:
    old = release(ep("GET", "/api/x/", query("f", {"type": "string", "enum": ["a", "b"]})))
    new = release(ep("GET", "/api/x/", query("f", {"type": "string", "enum": ["b", "c"]})))
    changes = {(c.kind, c.fields.get("detail")) for c in diff_irs(old, new)}
    assert changes == {("enum-value-removed", '"a"'), ("enum-value-added", '"c"')}


def test_request_body_added_and_media_type_changed() -> None:
    old = release(ep("POST", "/api/x/"), ep("POST", "/api/y/", body=body({"f": STR})))
    new = release(
        ep("POST", "/api/x/", body=body({"f": STR}), body_required=True),
        ep("POST", "/api/y/", body=body({"f": STR}), body_media_type="multipart/form-data"),
    )
    assert found(old, new) == {
        ("request-body-added", None),
        ("optional-property-added", "f"),
        ("media-type-changed", None),
    }


def test_parameter_moved_between_query_and_body() -> None:
    old = release(ep("POST", "/api/x/", query("f", STR)))
    new = release(ep("POST", "/api/x/", body=body({"f": STR})))
    assert found(old, new) == {("parameter-moved", "f"), ("optional-request-body-added", None)}
    assert found(release(*old.endpoints, fmt="markdown"), new) == {
        ("parameter-location-inferred", "f")
    }


def test_response_rules() -> None:
    response_old = body(
        {"id": INT, "name": STR, "extra": STR, "kind": {"enum": ["a"]}}, ("id", "name")
    )
    response_new = body(
        {"id": STR, "added": STR, "extra": STR, "kind": {"enum": ["a", "b"]}}, ("id",)
    )
    old = release(ep("GET", CARD, path_param("id"), response=response_old))
    new = release(
        ep("GET", CARD, path_param("id"), response={"$ref": "#/schemas/Card"}),
        schemas={"Card": response_new},
    )
    assert found(old, new) == {
        ("response-type-changed", "id"),
        ("response-property-removed", "name"),
        ("response-property-added", "added"),
        ("response-enum-value-added", "kind"),
    }
    optional_gone = release(ep("GET", CARD, path_param("id"), response=body({"id": INT}, ("id",))))
    assert ("optional-response-property-removed", "name") not in found(old, optional_gone)
    assert ("optional-response-property-removed", "extra") in found(old, optional_gone)


def test_deprecations_and_default() -> None:
    old = release(ep("GET", "/api/x/", query("f", {"type": "string", "default": "all"})))
    new = release(
        ep(
            "GET",
            "/api/x/",
            query("f", {"type": "string", "default": "mine"}, deprecated=True),
            deprecated=True,
        )
    )
    assert found(old, new) == {
        ("operation-deprecated", None),
        ("parameter-deprecated", "f"),
        ("default-changed", "f"),
    }
    assert found(new, old) == {
        ("operation-undeprecated", None),
        ("parameter-undeprecated", "f"),
        ("default-changed", "f"),
    }


def test_meaning_not_text_is_compared() -> None:
    """`{id}` from `:id`, reordered keys, a $ref for the same schema inline, and edited
    descriptions are not changes."""
    card = {"type": "object", "properties": {"a": INT, "b": STR}, "required": ["a"]}
    old = release(
        ep(
            "PUT",
            CARD,
            path_param("id"),
            query("f", {"type": "string", "description": "old"}),
            body=card,
            description="Update a card.",
        )
    )
    reordered = {"required": ["a"], "properties": {"b": STR, "a": INT}, "type": "object"}
    new = release(
        ep(
            "PUT",
            CARD,
            path_param("id"),
            query("f", {"description": "new", "type": "string"}),
            body={"$ref": "#/schemas/Card"},
            description="Update a Card, archive it.",
        ),
        schemas={"Card": reordered},
    )
    assert diff_irs(old, new) == []
    assert diff_irs(old, old) == []


@pytest.mark.parametrize(
    ("old_path", "new_path", "description", "moved"),
    [
        ("/api/util/stats", "/api/analytics/anonymous-stats", "Anonymous usage stats.", True),
        ("/api/metric/{id}", "/api/legacy-metric/{id}", "Fetch a Metric with ID.", True),
        ("/api/util/stats", "/api/card/{id}", "Anonymous usage stats.", False),
        ("/api/util/logs", "/api/dashboard/", "Logs.", False),
    ],
)
def test_moves_need_what_survives_a_move(
    old_path: str, new_path: str, description: str, moved: bool
) -> None:
    old = release(
        ep(
            "GET",
            old_path,
            *([path_param("id")] if "{id}" in old_path else []),
            description=description,
        ),
        ep("GET", "/api/card/"),
    )
    other = "Get `Card` with ID." if new_path == "/api/card/{id}" else "Fetch dashboards."
    new = release(
        ep(
            "GET",
            new_path,
            *([path_param("id")] if "{id}" in new_path else []),
            description=description if moved else other,
        ),
        ep("GET", "/api/card/"),
    )
    changes = diff_irs(old, new)
    kinds = {c.kind for c in changes}
    if moved:
        (move,) = [c for c in changes if c.kind == "operation-moved"]
        assert move.moved_to is not None and move.moved_to.path == new_path
        assert 0.55 <= move.moved_to.confidence <= 1
        assert move.severity == BREAKING
        assert "operation-added" not in kinds  # the target is the move, not an addition
    else:
        assert kinds == {"operation-removed", "operation-added"}
    assert move_score(old.endpoints[0], new.endpoints[0], old, new) >= (0.55 if moved else 0)


def test_nested_objects_and_arrays_of_objects() -> None:
    template_old = body({"method": {"type": "string", "enum": ["GET", "POST"]}, "url": STR})
    template_new = body(
        {"method": {"type": "string", "enum": ["GET"]}, "headers": STR}, ("headers",)
    )
    rows_old = {"type": "array", "items": body({"id": INT, "name": STR}, ("id", "name"))}
    rows_new = {"type": "array", "items": body({"id": STR}, ("id",))}
    old = release(
        ep(
            "PUT",
            CARD,
            path_param("id"),
            body=body({"template": template_old}),
            response=body({"rows": rows_old}),
        )
    )
    new = release(
        ep(
            "PUT",
            CARD,
            path_param("id"),
            body=body({"template": template_new}),
            response=body({"rows": rows_new}),
        )
    )
    assert found(old, new) == {
        ("enum-value-removed", "template.method"),
        ("property-removed", "template.url"),
        ("required-property-added", "template.headers"),
        ("response-type-changed", "rows[].id"),
        ("response-property-removed", "rows[].name"),
    }
    # Between a prose source and OpenAPI nothing below the top level is compared.
    assert found(release(*old.endpoints, fmt="markdown"), new) == set()


def test_nested_comparison_stops_on_recursive_schemas() -> None:
    node = {"type": "object", "properties": {"id": INT, "child": {"$ref": "#/schemas/Node"}}}
    old = release(
        ep("GET", "/api/tree/", response={"$ref": "#/schemas/Node"}), schemas={"Node": node}
    )
    assert diff_irs(old, old) == []


def test_every_move_found_when_many_operations_share_a_description() -> None:
    """Past MAX_CANDIDATES added operations of one kind, each removed one is scored against
    those that share the most with it, not the first ones indexed: 100 `.../related`
    operations under new prefixes, one description for all, are all found as moves."""

    def family(prefix: str) -> IR:
        return release(
            *(
                ep(
                    "GET",
                    f"/api/{prefix}{k}-{thing}/{{id}}/related",
                    path_param("id"),
                    description="Return related entities.",
                )
                for k in range(50)
                for thing in ("dashboard", "table")
            )
        )

    changes = diff_irs(family("r"), family("moved"))
    moved = {c.path: c.moved_to.path for c in changes if c.moved_to is not None}
    assert len(moved) == 100 and {c.kind for c in changes} == {"operation-moved"}
    assert all(old.split("-", 1)[1] == new.split("-", 1)[1] for old, new in moved.items())


def test_a_change_says_which_values_it_refuses() -> None:
    """`impact` asks a change whether a value a call sends is refused: an enum value removed
    refuses that value only, an enum appearing refuses what is not in it (an array
    parameter's items one by one), and a change that names no values cannot say."""
    from generator.diff.context import make_change
    from generator.diff.impact import refuses

    where = ep("GET", "/api/card/")
    gone = make_change("enum-value-removed", where, "f", detail='"using_metric"')
    gone.fields["values"] = '["using_metric"]'
    assert refuses(gone, '"using_metric"') is True
    assert refuses(gone, '"everything"') is False
    listed = make_change("type-narrowed", where, "models[]", detail="now one of")
    listed.fields["allowed"] = '["card", "dashboard"]'
    assert refuses(listed, '["card"]') is False
    assert refuses(listed, '["card", "metric"]') is True
    assert refuses(make_change("became-required", where, "f"), '"x"') is None
