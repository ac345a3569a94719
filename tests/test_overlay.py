"""The overlay engine (generator/overlay/): the Overlay Specification 1.0.0's own examples
rewritten as tests (structured, targeted, wildcard, array update and remove, traits), each action
kind, the checks of a malformed overlay, the bounds on a target, and how applied facts are
recorded."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.errors import MbgenError
from generator.overlay.apply import apply_overlay, extends_warning, merge
from generator.overlay.document import Overlay, parse_overlay
from generator.overlay.jsonpath import TargetError, select


def overlay(text: str, name: str = "o.yaml") -> Overlay:
    return parse_overlay(text, name, name)


def pets() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/": {"get": {"responses": {"200": {"description": "OK"}}}},
            "/pets": {
                "get": {
                    "parameters": [
                        {"name": "filter", "in": "query", "schema": {"type": "string"}},
                        {"name": "dummy", "in": "query"},
                    ],
                    "responses": {"200": {"description": "OK"}},
                },
            },
            "/foo": {"get": {"description": "old"}},
            "/bar": {"get": {"description": "old"}, "post": {"description": "old"}},
        },
    }


def test_structured_example_merges_a_tree_from_the_root() -> None:
    doc = pets()
    applied = apply_overlay(
        doc,
        overlay("""overlay: 1.0.0
info: {title: Structured Overlay, version: 1.0.0}
actions:
  - target: '$'
    update:
      info: {x-overlay-applied: structured-overlay}
      paths:
        '/': {summary: 'The root resource', get: {summary: 'Retrieve the root resource', x-rate-limit: 100}}
        '/pets': {get: {summary: 'Retrieve a list of pets', x-rate-limit: 100}}
"""),
    )
    assert doc["info"] == {
        "title": "Pets",
        "version": "1",
        "x-overlay-applied": "structured-overlay",
    }
    assert doc["paths"]["/"]["get"]["x-rate-limit"] == 100
    assert doc["paths"]["/"]["get"]["responses"] == {"200": {"description": "OK"}}  # kept
    assert doc["paths"]["/pets"]["get"]["summary"] == "Retrieve a list of pets"
    assert {r.where for r in applied.repairs} == {"/info", "/paths"}


def test_targeted_example_updates_and_adds_children() -> None:
    doc = pets()
    apply_overlay(
        doc,
        overlay("""overlay: 1.0.0
info: {title: Targeted Overlay, version: 1.0.0}
actions:
  - target: $.paths['/foo'].get
    update: {description: This is the new description}
  - target: $.paths['/bar'].get
    update: {description: This is the updated description}
  - target: $.paths['/bar']
    update:
      post: {description: This is an updated description of a child object, x-safe: false}
"""),
    )
    assert doc["paths"]["/foo"]["get"]["description"] == "This is the new description"
    assert doc["paths"]["/bar"]["get"]["description"] == "This is the updated description"
    assert doc["paths"]["/bar"]["post"] == {
        "description": "This is an updated description of a child object",
        "x-safe": False,
    }


def test_wildcard_example_updates_every_match() -> None:
    doc = pets()
    applied = apply_overlay(
        doc,
        overlay("""overlay: 1.0.0
info: {title: Update many objects at once, version: 1.0.0}
actions:
  - target: $.paths.*.get
    update: {x-safe: true}
  - target: $.paths.*.get.parameters[?@.name=='filter' && @.in=='query']
    update:
      schema: {$ref: '#/components/schemas/filterSchema'}
"""),
    )
    assert all(item["get"]["x-safe"] is True for item in doc["paths"].values())
    params = doc["paths"]["/pets"]["get"]["parameters"]
    # objects merge recursively: the update's $ref joins the schema's own keys
    assert params[0]["schema"] == {"type": "string", "$ref": "#/components/schemas/filterSchema"}
    assert "schema" not in params[1]
    assert len(applied.repairs) == 4 + 1


def test_array_example_update_appends_one_entry_to_each_selected_array() -> None:
    doc = pets()
    apply_overlay(
        doc,
        overlay("""overlay: 1.0.0
info: {title: Add an array element, version: 1.0.0}
actions:
  - target: $.paths.*.get.parameters
    update: {name: newParam, in: query}
"""),
    )
    names = [p["name"] for p in doc["paths"]["/pets"]["get"]["parameters"]]
    assert names == ["filter", "dummy", "newParam"]


def test_array_example_remove_takes_out_the_matching_items() -> None:
    doc = pets()
    applied = apply_overlay(
        doc,
        overlay("""overlay: 1.0.0
info: {title: Remove a array element, version: 1.0.0}
actions:
  - target: $.paths.*.get.parameters[?@.name == 'dummy']
    remove: true
"""),
    )
    assert [p["name"] for p in doc["paths"]["/pets"]["get"]["parameters"]] == ["filter"]
    assert [(r.kind, r.where) for r in applied.repairs] == [
        ("overlay", "/paths/~1pets/get/parameters/1")
    ]


def test_traits_example_selects_by_an_extension() -> None:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "paths": {
            "/items": {"get": {"x-oai-traits": ["paged"], "responses": {}}},
            "/other": {"get": {"responses": {}}},
        },
    }
    apply_overlay(
        doc,
        overlay("""overlay: 1.0.0
info: {title: Apply Traits, version: 1.0.0}
actions:
  - target: $.paths[?@.get['x-oai-traits'][?@ == 'paged']].get
    update:
      parameters: [{name: top, in: query}, {name: skip, in: query}]
"""),
    )
    assert [p["name"] for p in doc["paths"]["/items"]["get"]["parameters"]] == ["top", "skip"]
    assert "parameters" not in doc["paths"]["/other"]["get"]


def test_remove_of_several_items_of_one_array_keeps_the_others() -> None:
    doc = {"a": [{"k": 1}, {"k": 2}, {"k": 3}, {"k": 4}]}
    text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
    apply_overlay(doc, overlay(text + "  - {target: '$.a[?@.k != 3]', remove: true}\n"))
    assert doc == {"a": [{"k": 3}]}


def test_remove_then_update_recreates_in_order() -> None:
    doc = {"info": {"x": {"old": 1}}}
    text = """overlay: 1.0.0
info: {title: t, version: '1'}
actions:
  - {target: $.info.x, remove: true}
  - {target: $.info, update: {x: {new: 2}}}
"""
    apply_overlay(doc, overlay(text))
    assert doc == {"info": {"x": {"new": 2}}}


def test_merge_concatenates_arrays_and_replaces_primitives() -> None:
    target = {"required": ["a"], "n": 1, "obj": {"k": "v"}}
    merge(target, {"required": ["b"], "n": 2, "obj": {"j": "w"}, "new": [1]})
    assert target == {"required": ["a", "b"], "n": 2, "obj": {"k": "v", "j": "w"}, "new": [1]}


def test_update_values_are_copies_not_shared() -> None:
    doc: dict[str, Any] = {"a": {}, "b": {}}
    text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
    apply_overlay(doc, overlay(text + "  - {target: '$.*', update: {s: {type: object}}}\n"))
    doc["a"]["s"]["type"] = "string"
    assert doc["b"]["s"] == {"type": "object"}


def test_incompatible_merge_is_an_error_naming_the_action_and_place() -> None:
    doc = {"info": {"tags": ["a"]}}
    text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
    with pytest.raises(MbgenError, match=r"action 1 .*at /info/tags: cannot merge an object"):
        apply_overlay(doc, overlay(text + "  - {target: $.info, update: {tags: {x: 1}}}\n"))


def test_a_primitive_target_is_refused() -> None:
    text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
    with pytest.raises(MbgenError, match="selects a string at /info/title"):
        apply_overlay(pets(), overlay(text + "  - {target: $.info.title, update: {x: 1}}\n"))


def test_a_target_matching_nothing_warns_naming_the_action() -> None:
    doc = pets()
    before = copy.deepcopy(doc)
    text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
    applied = apply_overlay(
        doc,
        overlay(
            text + "  - {target: \"$.paths['/nope'].get\", description: Fix nope, update: {}}\n"
        ),
    )
    assert doc == before and not applied.repairs
    assert applied.warnings == [
        "o.yaml: action 1 (Fix nope): target $.paths['/nope'].get matches nothing; skipped"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("openapi: 3.1.0\npaths: {}\n", "not an Overlay document: no 'overlay' field (this is an"),
        (
            "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $}]\n",
            "'2.0.0' is not supported",
        ),
        ("overlay: 1.0.0\nactions: [{target: $}]\n", "'info' is required"),
        (
            "overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $}]\n",
            "info: 'version' is required",
        ),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "non-empty array"),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: 3}]\n",
            "'target' must be a string, not a number",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: a.b}]\n",
            "must start with '$'",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: '$[?'}]\n",
            "not RFC 9535 JSONPath",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: yes please}]\n",
            "'remove' must be true or false",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, replace: {}}]\n",
            "unknown field 'replace'",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nfoo: 1\nactions: [{target: $}]\n",
            "unknown field 'foo'",
        ),
        ("overlay: 1.0.0\ninfo: [\n", "invalid YAML"),
        ('{"overlay": "1.0.0", ', "invalid JSON"),
    ],
)
def test_malformed_overlays_are_one_clear_error(text: str, problem: str) -> None:
    with pytest.raises(MbgenError) as err:
        overlay(text, "bad.yaml")
    assert err.value.source == "bad.yaml"
    assert problem in err.value.problem
    assert "\n" not in str(err.value)


def test_json_overlays_read_like_yaml_ones() -> None:
    read = overlay(
        '{"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, '
        '"actions": [{"target": "$.info", "update": {"x-a": 1}}]}',
        "o.json",
    )
    assert read.actions[0].update == {"x-a": 1}


def test_rfc9535_forms_select_what_the_rfc_says() -> None:
    doc = pets()
    assert select("$.paths['/foo','/missing'].get", doc) == [("paths", "/foo", "get")]
    assert select("$.paths[?match(@.get.description, 'o.d')]", doc) == [
        ("paths", "/foo"),
        ("paths", "/bar"),
    ]
    assert len(select("$..parameters[*]", doc)) == 2
    with pytest.raises(TargetError):
        select("$.paths[?@.get.description ~= 'x']", doc)  # not RFC 9535


def test_too_expensive_targets_are_refused() -> None:
    wide = {
        "a": [{"b": [{"c": [{"d": i} for i in range(30)]} for _ in range(30)]} for _ in range(30)]
    }
    with pytest.raises(TargetError, match="too expensive: visits more than"):
        select("$..*[?@..*[?@..d]]", wide)
    with pytest.raises(TargetError, match="too expensive: the pattern"):
        select("$[?match(@.s, '(a|aa)+')]", {"x": {"s": "a" * 40 + "!"}})
    assert select("$.a[0].b[0].c[0]", wide) == [("a", 0, "b", 0, "c", 0)]


def test_extends_names_the_document_or_warns() -> None:
    text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: EXT\nactions: [{target: $}]\n"
    same = overlay(text.replace("EXT", "'./metabase-0.63.2.openapi.json'"))
    assert (
        extends_warning(same, "x/metabase-0.63.2.openapi.json", {"metabase-0.63.2.openapi.json"})
        is None
    )
    other = overlay(text.replace("EXT", "'https://example.com/openapi.json'"))
    warning = extends_warning(other, "specs/metabase-0.63.2.json", {"metabase-0.63.2.openapi.json"})
    assert warning is not None and "extends 'https://example.com/openapi.json'" in warning


@pytest.mark.parametrize(
    ("release", "files"),
    [
        ("0.32.2", []),
        (
            "2022-07-27",
            [
                "core.yaml",
                "lists-envelope.yaml",
                "dashcard-sizeX.yaml",
                "dashboard-ordered_cards.yaml",
                "mbql-4.yaml",
            ],
        ),
        (
            "2024-05-10",
            [
                "core.yaml",
                "lists-envelope.yaml",
                "dashcard-size_x.yaml",
                "dashboard-dashcards.yaml",
                "mbql-4.yaml",
            ],
        ),
        (
            "v1.57.0",
            [
                "core.yaml",
                "lists-envelope.yaml",
                "dashcard-size_x.yaml",
                "dashboard-dashcards.yaml",
                "mbql-5.yaml",
            ],
        ),
        (
            "2020-10-22",
            [
                "core.yaml",
                "lists-bare.yaml",
                "dashcard-sizeX.yaml",
                "dashboard-ordered_cards.yaml",
                "mbql-4.yaml",
            ],
        ),
        ("golden-1", []),
        (None, []),
    ],
)
def test_bundled_overlay_files_by_release(release: str | None, files: list[str]) -> None:
    from generator.overlay.bundled import bundled_files, bundled_overlays

    assert bundled_files(release) == files
    assert [o.name for o in bundled_overlays(release)] == [f"bundled:{f}" for f in files]


@pytest.mark.parametrize("name", ["metabase-2023-01-05.json", "metabase-0.59.json"])
def test_an_ir_overlaid_with_nothing_reads_back_unchanged(name: str) -> None:
    """IR -> OpenAPI -> IR is the identity, so an overlay changes only what it targets."""
    import json

    from generator.ingest import overlay_normalized
    from generator.ir import ir_from_dict, ir_to_dict
    from generator.overlay import OverlayPlan
    from tests.conftest import ROOT

    path = ROOT / "specs" / name
    ir = ir_from_dict(json.loads(path.read_text()), str(path))
    noop = overlay(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.x, update: {}}]\n"
    )
    warnings: list[str] = []
    back = overlay_normalized(
        ir_from_dict(json.loads(path.read_text()), str(path)),
        OverlayPlan((noop,)),
        warnings.append,
        str(path),
    )
    before, after = ir_to_dict(ir), ir_to_dict(back)
    assert after == before
    assert len(warnings) == 1 and "matches nothing" in warnings[0]
