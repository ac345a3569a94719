"""The diff on Metabase's real releases: the 2024-05-10 Markdown against the 2025-12 OpenAPI
must show Metabase's own changelog entries for 0.50 to 0.57 (tests/data/, restated from its
api-changelog.md), with moves and without false ones; older pairs likewise."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from generator.diff.changes import Change
from generator.diff.compare import diff_irs
from generator.diff.impact import annotate
from generator.ingest import read_source
from generator.ir import IR
from tests.conftest import ROOT

EXPECTED: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "metabase-api-changelog-0.50-0.57.json").read_text()
)


@cache
def corpus_diff(old: str, new: str) -> tuple[IR, IR, tuple[Change, ...]]:
    old_ir, new_ir = read_source(str(ROOT / old)), read_source(str(ROOT / new))
    changes = diff_irs(old_ir, new_ir)
    annotate(changes, old_ir, new_ir)
    return old_ir, new_ir, tuple(changes)


def _changes() -> tuple[Change, ...]:
    return corpus_diff(EXPECTED["old"], EXPECTED["new"])[2]


def test_renamed_endpoints_are_reported_moved_with_their_new_place() -> None:
    moves = {(c.method, c.path): c for c in _changes() if c.kind == "operation-moved"}
    for entry in EXPECTED["moved"]:
        change = moves.get(tuple(entry["from"]))
        assert change is not None, entry
        assert change.moved_to is not None
        assert [change.moved_to.method, change.moved_to.path] == entry["to"], entry
        assert change.severity == "breaking"
        assert 0.55 <= change.moved_to.confidence <= 1.0
        if "python" in entry:
            assert [change.python["old"], change.python["new"]] == entry["python"]


def test_removed_endpoints_are_removed_not_moved() -> None:
    removed = {(c.method, c.path) for c in _changes() if c.kind == "operation-removed"}
    moved = {(c.method, c.path) for c in _changes() if c.kind == "operation-moved"}
    for entry in EXPECTED["removed"]:
        assert tuple(entry["operation"]) in removed, entry
        assert tuple(entry["operation"]) not in moved
    for entry in EXPECTED["kept"]:
        assert tuple(entry["operation"]) not in (removed | moved), entry
    # No legacy-metric endpoint is "moved" anywhere: those were deleted, not renamed.
    assert not any("legacy-metric" in c.path for c in _changes() if c.kind == "operation-moved")


def test_added_endpoints_and_parameters() -> None:
    added = {(c.method, c.path) for c in _changes() if c.kind == "operation-added"}
    for entry in EXPECTED["added"]:
        assert tuple(entry["operation"]) in added, entry
    params = {
        (c.method, c.path, c.param) for c in _changes() if c.kind == "optional-parameter-added"
    }
    for entry in EXPECTED["parameters_added"]:
        assert (*entry["operation"], entry["param"]) in params, entry


def test_a_move_target_is_not_also_reported_added() -> None:
    targets = {(c.moved_to.method, c.moved_to.path) for c in _changes() if c.moved_to}
    added = {(c.method, c.path) for c in _changes() if c.kind == "operation-added"}
    assert not targets & added


def test_older_snapshot_pairs() -> None:
    for entry in EXPECTED["older_moves"]:
        _, _, changes = corpus_diff(entry["old"], entry["new"])
        moves = [c for c in changes if c.kind == "operation-moved"]
        from_metric = [c for c in moves if c.path.startswith(entry["prefix_from"])]
        assert len(from_metric) == entry["count"]
        for change in from_metric:
            assert change.moved_to is not None
            suffix = change.path[len(entry["prefix_from"]) :]
            assert change.moved_to.path == entry["prefix_to"] + suffix
            assert change.moved_to.method == change.method


def test_sample_dataset_renamed_sample_database_in_0_42() -> None:
    """Not in the API changelog (it starts at 0.49), but Metabase 0.42 renamed the Sample
    Dataset to the Sample Database, endpoint included."""
    _, _, changes = corpus_diff(
        "specs/sources/metabase/markdown/2020-10-22", "specs/sources/metabase/markdown/v0.42.0"
    )
    moved = {(c.method, c.path): c.moved_to for c in changes if c.kind == "operation-moved"}
    target = moved[("POST", "/api/database/sample_dataset")]
    assert target is not None and target.path == "/api/database/sample_database"


def test_every_bundled_release_against_itself_is_empty() -> None:
    index = json.loads((ROOT / "specs" / "index.json").read_text())
    for entry in index:
        ir = read_source(str(ROOT / "specs" / entry["file"]))
        assert diff_irs(ir, ir) == [], entry["release"]


def test_same_release_in_two_formats_is_not_breaking() -> None:
    """The 2024-05-10 Markdown against its own IR, exported to OpenAPI and read back."""
    from generator.export.openapi import ir_to_openapi
    from generator.ingest import ingest_openapi_data

    markdown = read_source(str(ROOT / "specs/sources/metabase/markdown/2024-05-10"))
    again = ingest_openapi_data(ir_to_openapi(markdown), "x", {"format": "openapi"}, None)
    assert [c.message for c in diff_irs(markdown, again)] == []


def test_moves_at_full_size_without_false_moves() -> None:
    """The 2025-12 document against itself with the benchmark's changes: every moved operation
    is found where it went, every removed one is removed."""
    from bench.mutate_spec import MOVES, REMOVED, mutate
    from generator.export.openapi import ir_to_openapi
    from generator.ingest import ingest_openapi_data

    old = read_source(str(ROOT / "specs" / "metabase-0.58.json"))
    new_doc = mutate(ir_to_openapi(old))
    new = ingest_openapi_data(new_doc, "mutated", {"format": "openapi"}, "mutated")
    changes = diff_irs(old, new)
    moved = {(c.method, c.path): c.moved_to for c in changes if c.kind == "operation-moved"}
    expected = {(e.method, e.path): MOVES[e.path] for e in old.endpoints if e.path in MOVES}
    assert len(expected) == 12
    assert {k: v.path for k, v in moved.items() if v} == expected
    removed = {(c.method, c.path) for c in changes if c.kind == "operation-removed"}
    assert removed == {(e.method, e.path) for e in old.endpoints if e.path in REMOVED}


def test_properties_moved_into_any_of_branches_are_not_removed() -> None:
    """2025-12 puts the action body's keys into anyOf/oneOf branches (one per action type);
    they are still there, and `type`, required in every branch, is required."""
    action = [c for c in _changes() if c.path in ("/api/action/", "/api/action/{id}")]
    assert not [c for c in action if c.kind == "property-removed"], action
    assert ("became-required", "type") in {(c.kind, c.param) for c in action if c.method == "POST"}


def test_later_release_entries() -> None:
    """0.57's legacy-mbql kept and 0.61's autodescription endpoints removed, as Metabase's
    changelog says, on the bundled OpenAPI releases."""
    for entry in EXPECTED["later_releases"]:
        _, new, changes = corpus_diff(entry["old"], entry["new"])
        removed = {(c.method, c.path) for c in changes if c.kind == "operation-removed"}
        for operation in entry.get("removed", []):
            assert tuple(operation) in removed, (entry["release"], operation)
        for kept in entry.get("kept_parameters", []):
            endpoint = new.endpoint_map()[tuple(kept["operation"])]
            assert kept["param"] in {p.name for p in endpoint.params}
            assert not [c for c in changes if c.param == kept["param"] and c.severity != "info"]


# --- the upgrades users make: reports they can act on (issue #17) -----------------------------

PAIRS = [
    ("specs/metabase-0.58.json", "specs/metabase-0.59.json"),
    ("specs/metabase-0.59.json", "specs/metabase-0.63.2.json"),
    ("specs/metabase-2024-05-10.json", "specs/metabase-0.58.json"),
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_every_vanished_operation_is_removed_or_moved_and_none_by_a_slash(
    old: str, new: str
) -> None:
    """What the old release has and the new one has not (but for a trailing slash or its
    placeholders' names) is reported removed or moved, each once; a move is never a
    respelling; a path parameter's minLength is never a breaking change."""
    old_ir, new_ir, changes = corpus_diff(old, new)
    spelled = {(e.method, slashless(e.path)) for e in new_ir.endpoints}
    vanished = {e.key for e in old_ir.endpoints if (e.method, slashless(e.path)) not in spelled}
    gone = [(c.method, c.path) for c in changes if c.kind.endswith(("removed", "moved"))]
    gone = [key for key in gone if key in vanished]
    assert sorted(gone) == sorted(vanished)
    for change in changes:
        if change.moved_to is not None:
            assert slashless(change.path) != slashless(change.moved_to.path), change.message
        if change.severity == "breaking" and "minLength" in change.message:
            assert "{" + str(change.param) + "}" not in change.path, change.message


def slashless(path: str) -> str:
    from generator.diff.compare import shape_key

    return shape_key(path).rstrip("/")


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_the_json_report_carries_every_change(old: str, new: str) -> None:
    from generator.diff.report import Report, to_json

    _, _, changes = corpus_diff(old, new)
    report = json.loads(to_json(Report(old, new, list(changes))))
    assert [c["message"] for c in report["changes"]] == [c.message for c in changes]
    members = sorted(i for g in report["groups"] for i in g["members"])
    assert members == sorted(i for i, c in enumerate(report["changes"]) if "group" in c)


def test_0_58_to_0_59_is_a_report_a_maintainer_can_act_on() -> None:
    """The four /api/pulse/preview_* endpoints removed, the /api/ee endpoints moved out of
    /api/ee, and little else breaking: at most 80 breaking entries, 300 markdown lines."""
    from generator.diff.report import Report, to_markdown

    old, new = PAIRS[0]
    _, _, changes = corpus_diff(old, new)
    removed = {c.path for c in changes if c.kind == "operation-removed"}
    assert removed == {
        "/api/pulse/preview_card/{id}",
        "/api/pulse/preview_card_info/{id}",
        "/api/pulse/preview_card_png/{id}",
        "/api/pulse/preview_dashboard/{id}",
    }
    # Each endpoint that left /api/ee for the same path outside it is reported moved there.
    old_ir, new_ir, _ = corpus_diff(old, new)
    now = {(e.method, slashless(e.path)): e.path for e in new_ir.endpoints}
    left_ee = {
        (e.method, e.path): now[(e.method, slashless(e.path).replace("/api/ee/", "/api/", 1))]
        for e in old_ir.endpoints
        if e.path.startswith("/api/ee/")
        and (e.method, slashless(e.path)) not in now
        and (e.method, slashless(e.path).replace("/api/ee/", "/api/", 1)) in now
    }
    moves = {(c.method, c.path): c.moved_to.path for c in changes if c.moved_to}
    assert len(left_ee) >= 40 and {k: moves.get(k) for k in left_ee} == left_ee
    report = Report("0.58", "0.59", list(changes))
    assert report.counts()["breaking"] <= 80
    assert len(to_markdown(report).splitlines()) <= 300
