"""Names people guess: one Python name per resource id inside a namespace, whatever Metabase
calls its placeholder, and the odd names of earlier clients mended. Measured on every bundled
release (specs/index.json) by the rule itself, with no package generated."""

from __future__ import annotations

import itertools
import json
import re
from functools import cache

import pytest

from generator.ir import IR, ir_from_dict
from generator.naming import (
    base_method_name,
    method_names,
    namespace_name,
    operation_names,
    operation_param_names,
    path_param_names,
)
from tests.conftest import ROOT

INDEX = json.loads((ROOT / "specs" / "index.json").read_text())
RELEASES = [row["release"] for row in INDEX]


@cache
def _ir(release: str) -> IR:
    row = next(r for r in INDEX if r["release"] == release)
    path = ROOT / "specs" / row["file"]
    return ir_from_dict(json.loads(path.read_text()), str(path))


def test_the_namespace_s_own_id_is_id_however_it_is_spelled() -> None:
    card = "/api/card"
    assert path_param_names("/api/card/{id}", card) == {"id": "id"}
    assert path_param_names("/api/card/{card-id}/query/{export-format}", card) == {
        "card-id": "id",
        "export-format": "export_format",
    }
    assert path_param_names("/api/card/pivot/{card-id}/query", card) == {"card-id": "id"}
    assert path_param_names("/api/card/{cardId}", card) == {"cardId": "id"}
    assert path_param_names("/api/dashboard/{from-dashboard-id}/copy", "/api/dashboard") == {
        "from-dashboard-id": "id"
    }
    # Another resource's id keeps its noun; a placeholder of another namespace is not its own.
    assert path_param_names(
        "/api/dashboard/{dashboard-id}/dashcard/{dashcard-id}/card/{card-id}/query",
        "/api/dashboard",
    ) == {"dashboard-id": "id", "dashcard-id": "dashcard_id", "card-id": "card_id"}
    assert path_param_names("/api/tiles/{card-id}/{zoom}/{x}/{y}", "/api/tiles")["card-id"] == (
        "card_id"
    )


def test_a_bare_id_after_a_noun_is_that_noun_s_id() -> None:
    permissions = "/api/permissions"
    assert path_param_names("/api/permissions/group/{id}", permissions) == {"id": "group_id"}
    assert path_param_names("/api/permissions/group/{group-id}", permissions) == {
        "group-id": "group_id"
    }
    assert path_param_names("/api/ee/scim/v2/Users/{id}", "/api/ee/scim/v2") == {"id": "user_id"}
    assert path_param_names("/api/x/categories/{id}", "/api/x") == {"id": "category_id"}
    # After an action verb the word says what is done, not whose id it is.
    assert path_param_names("/api/pulse/preview_card/{id}", "/api/pulse") == {"id": "id"}
    assert path_param_names("/api/ee/serialization/metadata/import/{id}", "/api/ee/x") == {
        "id": "id"
    }
    # After another placeholder, or inside a segment of text, no word names it.
    assert path_param_names("/api/a/{entity}/{id}", "/api/a") == {"entity": "entity", "id": "id"}
    assert operation_param_names("/api/table/card__{id}/fks", "/api/table", [("id", "path")]) == [
        "id"
    ]


def test_parameter_names_stay_unique_when_the_rule_makes_two_equal() -> None:
    params = [("card-id", "path"), ("id", "path"), ("id", "query")]
    assert operation_param_names("/api/card/{card-id}/x/{id}", "/api/card", params) == [
        "id",
        "x_id",
        "id_",
    ]
    assert operation_param_names("/api/card/{card-id}/{id}", "/api/card", params[:2]) == [
        "id",
        "id_",
    ]


def test_card_methods_take_one_id_in_0_63_2() -> None:
    """`card.get(id=)` beside `card.query(card_id=)` made `card.get(card_id=1)` a TypeError."""
    ir = _ir("0.63.2")
    names = operation_names((e.method, e.path, e.tag) for e in ir.endpoints)
    path_params: dict[str, list[str]] = {}
    for e in ir.endpoints:
        if names[e.key][0] == "card":
            pairs = [(p.name, p.location) for p in e.params]
            python = operation_param_names(e.path, e.tag, pairs)
            path_params[names[e.key][1]] = [
                py for (_, where), py in zip(pairs, python, strict=True) if where == "path"
            ]
    assert path_params["get"] == path_params["query"] == ["id"]
    assert path_params["export_query"] == ["id", "export_format"]
    assert {p for params in path_params.values() for p in params} == {
        "id",
        "param_key",
        "query",
        "export_format",
    }


def _respelled(path: str, tag: str) -> str | None:
    """The path with the namespace's own id spelled the other common way: `{id}` right after
    the tag <-> `{<noun>-id}` (None when the path has no such placeholder)."""
    noun = namespace_name(tag).split("_")[-1].rstrip("s")
    prefix = tag.rstrip("/")
    if path.startswith(prefix + "/{id}"):
        return path.replace(prefix + "/{id}", f"{prefix}/{{{noun}-id}}", 1)
    own = f"{{{noun}-id}}"
    return path.replace(own, "{id}", 1) if path.startswith(f"{prefix}/{own}") else None


@pytest.mark.parametrize("release", RELEASES)
def test_respelling_the_own_id_renames_nothing(release: str) -> None:
    """Metabase writes `{id}` in 164 paths of 0.63.2 and `{card-id}`-style names in 34, and
    moves between them: doing so renames neither an argument nor a method."""
    ir = _ir(release)
    ops = [(e.method, e.path, e.tag) for e in ir.endpoints]
    names = operation_names(ops)
    respelled_count = 0
    for endpoint in ir.endpoints:
        other = _respelled(endpoint.path, endpoint.tag)
        if other is None or any(o[:2] == (endpoint.method, other) for o in ops):
            continue
        respelled_count += 1
        old, new = (re.findall(r"\{([^{}/]+)\}", p) for p in (endpoint.path, other))
        pairs = [(p.name, p.location) for p in endpoint.params]
        spelled = [
            (dict(zip(old, new, strict=True)).get(n, n) if w == "path" else n, w) for n, w in pairs
        ]
        assert operation_param_names(endpoint.path, endpoint.tag, pairs) == (
            operation_param_names(other, endpoint.tag, spelled)
        ), (endpoint.key, other)
        namespace = names[endpoint.key][0]
        siblings = [
            (m, other if (m, p) == endpoint.key else p, t)
            for m, p, t in ops
            if names[(m, p)][0] == namespace
        ]
        renamed = method_names(siblings)[(endpoint.method, other)]
        assert renamed == names[endpoint.key][1], (endpoint.key, other)
    assert respelled_count > 0.2 * len(ops)


def test_odd_names_of_the_2025_client_are_mended() -> None:
    field = "/api/field"
    assert base_method_name("GET", "/api/field/field%2C{field-name}%2C{options}/values", field) == (
        "get_field_values"
    )
    assert (
        base_method_name(
            "GET", "/api/field/field-literal%2C{field-name}%2Ctype%2F{field-type}/values", field
        )
        == "get_field_literal_type_values"
    )
    assert base_method_name("POST", "/api/card/collections", "/api/card") == "move_to_collection"
    names = method_names([("POST", "/api/card/collections", "/api/card")])
    assert list(names.values()) == ["move_to_collection"]


@pytest.mark.parametrize("release", RELEASES)
def test_no_name_spells_a_percent_escape(release: str) -> None:
    ir = _ir(release)
    names = operation_names((e.method, e.path, e.tag) for e in ir.endpoints)
    odd = [n for n in names.values() if re.search(r"_\d_[a-f]_|_2_c|_2_f", n[1])]
    assert odd == []


def test_parameter_names_stable_across_every_bundled_release() -> None:
    """A parameter present in two releases in a row keeps its Python name, unless its operation
    moved to another namespace (Metabase's change: the method moves too)."""
    changed = []
    for old, new in itertools.pairwise(RELEASES):
        before, after = _param_names(old), _param_names(new)
        for key in before.keys() & after.keys():
            if before[key][0] == after[key][0] and before[key] != after[key]:
                changed.append((old, *key, before[key], after[key]))
    assert changed == []


def _param_names(release: str) -> dict[tuple[str, str, str, str], tuple[str, str]]:
    ir = _ir(release)
    names = operation_names((e.method, e.path, e.tag) for e in ir.endpoints)
    out = {}
    for e in ir.endpoints:
        pairs = [(p.name, p.location) for p in e.params]
        for (name, where), py in zip(
            pairs, operation_param_names(e.path, e.tag, pairs), strict=True
        ):
            out[(e.method, e.path, where, name)] = (names[e.key][0], py)
    return out
