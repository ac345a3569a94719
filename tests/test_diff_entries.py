"""How a report groups changes that say one thing (generator/diff/entries.py), and the sections
a report and the changelog share (generator/diff/sections.py): each grouping rule on its own,
on changes made the way the diff makes them."""

from __future__ import annotations

from generator.diff.changes import Change, MovedTo
from generator.diff.context import make_change
from generator.diff.entries import (
    MANY_OPERATIONS,
    added_by_namespace,
    document_changes,
    listing,
    per_operation,
    report_entries,
    widespread_info,
)
from generator.diff.sections import SECTIONS, sections
from generator.ir import Endpoint


def op(i: int, tag: str = "/api/x", method: str = "GET") -> Endpoint:
    return Endpoint(method, f"{tag}/{i}", tag)


def many(kind: str, count: int, param: str | None = None, **fields: str) -> list[Change]:
    return [make_change(kind, op(i), param, **fields) for i in range(count)]


def test_a_scheme_added_to_many_operations_is_one_document_change() -> None:
    added = many("security-added", MANY_OPERATIONS, "ApiKeyAuth")
    entries, rest = document_changes(added + many("security-added", 1, "Other"))
    assert [(e.scope, e.text, len(e.members)) for e in entries] == [
        ("document", f"{MANY_OPERATIONS} operations also accept authentication by ApiKeyAuth", 5)
    ]
    assert [c.param for c in rest] == ["Other"]  # one operation: said there
    few, left = document_changes(added[:-1])
    assert few == [] and len(left) == MANY_OPERATIONS - 1


def test_operation_ids_added_everywhere_are_one_change() -> None:
    ids = [make_change("operation-id-changed", op(i), old="none", new=f"op{i}") for i in range(9)]
    renamed = make_change("operation-id-changed", op(99), old="a", new="b")
    entries, rest = document_changes([*ids, renamed])
    assert [e.text for e in entries] == ["operationIds added at 9 operations"]
    assert rest == [renamed]


def test_a_repair_newly_needed_is_one_change_of_the_published_document() -> None:
    now = [
        make_change(
            "published-fact-changed", op(i % 6), "required-with-default", detail=f"now: {i}"
        )
        for i in range(12)
    ]
    gone = make_change("published-fact-changed", op(1), "invalid-default", detail="before: x")
    entries, rest = document_changes([*now, gone])
    assert [e.text for e in entries] == [
        "the published document now needs mbgen's required-with-default repair at 6 operations"
        " (12 places)"
    ]
    assert entries[0].severity == "warning" and rest == [gone]


def test_respelled_paths_are_one_change() -> None:
    spelled = many("path-respelled", 7, old="/x/", new="/x", how="dropped")
    entries, rest = document_changes(spelled)
    assert len(entries) == 1 and entries[0].text.startswith("7 paths respelled, trailing slash")
    assert entries[0].severity == "info" and rest == []


def test_an_info_change_at_many_operations_is_one_entry_but_a_break_is_not() -> None:
    nullable = many("type-widened", 6, "q", detail="null now possible")
    narrowed = many("type-narrowed", 6, "q", detail="minLength none -> 3")
    entries, rest = widespread_info(nullable + narrowed)
    assert [e.text for e in entries] == [
        "type-widened: null now possible, at 6 operations (6 places: q)"
    ]
    assert rest == narrowed  # each breaking change stays at its operation


def test_operations_added_to_a_namespace_are_one_entry() -> None:
    added = [make_change("operation-added", op(i, "/api/measure")) for i in range(3)]
    lone = make_change("operation-added", op(0, "/api/llm"))
    entries, rest = added_by_namespace([*added, lone])
    assert [e.text for e in entries] == [
        "3 operations added to /api/measure: GET /api/measure/0, GET /api/measure/1, "
        "GET /api/measure/2"
    ]
    assert entries[0].scope == "namespace" and rest == [lone]


def test_many_places_of_one_answer_becoming_nullable_is_one_change() -> None:
    where = op(1)
    places = ["creator_id", "description", "(body)"]
    nulls = [make_change("response-widened", where, p, detail="null now possible") for p in places]
    other = make_change("response-widened", where, "id", detail="minimum 1 -> minimum none")
    elsewhere = make_change("response-widened", op(2), "a", detail="null now possible")
    entries, rest = per_operation([*nulls, other, elsewhere])
    assert [(e.text, e.severity) for e in entries] == [
        (
            "GET /api/x/1: response creator_id, description, (body) (3 places) may now be more:"
            " null now possible",
            "breaking",
        )
    ]
    assert rest == [other, elsewhere]


def test_every_change_is_in_exactly_one_entry_in_section_order() -> None:
    moved = make_change("operation-moved", op(1))
    moved.moved_to = MovedTo("GET", "/api/y/1", 0.9)
    changes = [
        *many("security-added", 6, "ApiKeyAuth"),
        *many("type-widened", 2, "q", detail="null now possible"),
        make_change("operation-added", op(7, "/api/new")),
        make_change("operation-deprecated", op(8)),
        make_change("parameter-removed", op(9), "q", where="query"),
        make_change("enum-value-removed", op(10), "f", detail='"a"', values='["a"]'),
        moved,
        make_change("operation-removed", op(11)),
    ]
    entries = report_entries(changes)
    members = [id(c) for e in entries for c in e.members]
    assert sorted(members) == sorted(id(c) for c in changes)
    titles = [title for title, _ in sections(entries)]
    assert titles == [
        "Removed",
        "Moved",
        "Breaking changes",
        "Deprecated and other warnings",
        "Added operations",
        "Other changes",
    ]
    assert [t for t, _ in SECTIONS] == titles
    assert [e.kind for e in entries][:4] == [
        "operation-removed",
        "operation-moved",
        "enum-value-removed",
        "parameter-removed",
    ]


def test_a_listing_names_a_few_and_counts_the_rest() -> None:
    assert listing(["a", "b", "a"]) == "a, b"
    assert listing(str(i) for i in range(10)) == "0, 1, 2, 3, 4, 5, 6, 7 and 2 more"
