"""The diff on Metabase's real releases: the 2024-05-10 Markdown against the 2025-12 OpenAPI
must show Metabase's own changelog entries for 0.50 to 0.57 (tests/data/, restated from its
api-changelog.md), with moves and without false ones; older pairs likewise."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

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
