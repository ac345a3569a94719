"""What a report says: each change once, and changes that say one thing as one entry. The list
of changes (`diff_irs`) keeps every one; an entry only groups them for reading, and keeps them
as its members (the JSON report lists both):

- a change the document makes at many operations (a security scheme or operationIds added to
  all of them, a repair newly needed or no longer needed, paths respelled) is one change of the
  document;
- an info change of one kind and detail found at many operations (0.59's optional values
  becoming nullable at 149 of them) is one entry listing them;
- operations added to one namespace are one entry;
- the same change at many places of one operation (twelve properties of an answer that may now
  be null) is one change of that operation, listing the places.
Breaking changes and warnings stay per operation: each asks for its own look."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.diff.changes import Change, MovedTo
from generator.diff.rules import INFO, RULES, SEVERITY_RANK
from generator.diff.sections import section_of

MANY_OPERATIONS = 5  # from this many operations on, a pattern is the document's
_SHOWN = 8  # places named in one line; the JSON report has them all


@dataclass
class Entry:
    """One line of a report: one change, or changes that say one thing (`scope` says where)."""

    members: list[Change]
    text: str
    scope: str = "change"  # change | operation | namespace | document

    @property
    def first(self) -> Change:
        return self.members[0]

    @property
    def kind(self) -> str:
        return self.first.kind

    @property
    def severity(self) -> str:
        return max((c.severity for c in self.members), key=SEVERITY_RANK.__getitem__)

    @property
    def tag(self) -> str:
        return self.first.tag if self.scope != "document" else "(document)"

    @property
    def label(self) -> str:
        return self.first.label if self.scope in ("change", "operation") else self.tag

    @property
    def method(self) -> str:
        return self.first.method

    @property
    def path(self) -> str:
        return self.first.path

    @property
    def moved_to(self) -> MovedTo | None:
        return self.first.moved_to

    @property
    def detail(self) -> str:
        """The text without the operation it begins with (a table has it in a column)."""
        if self.scope in ("change", "operation") and self.text.startswith(self.label):
            return self.text[len(self.label) :].lstrip(":").strip()
        return self.text

    @property
    def why(self) -> str:
        return self.first.why

    @property
    def python(self) -> dict[str, str]:
        if self.scope in ("document", "namespace"):
            return {}
        if self.scope == "operation":  # the call, without one argument among several
            return {k: v.split("(", 1)[0] + "()" for k, v in self.first.python.items()}
        return self.first.python

    def to_json(self, index: dict[int, int]) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.text,
            "members": [index[id(c)] for c in self.members],
        }


def listing(names: Iterable[str]) -> str:
    """`a, b, c` for a few names, `a, b, ... and 12 more` for many, each once."""
    unique = list(dict.fromkeys(names))
    if len(unique) <= _SHOWN:
        return ", ".join(unique)
    return f"{', '.join(unique[:_SHOWN])} and {len(unique) - _SHOWN} more"


def _operations(changes: list[Change]) -> int:
    return len({(c.method, c.path) for c in changes})


def _op_list(changes: list[Change]) -> str:
    return listing(c.label for c in changes)


Grouping = Callable[[list[Change]], tuple[list[Entry], list[Change]]]


def _grouped(
    changes: list[Change],
    key: Callable[[Change], Hashable | None],
    make: Callable[[Any, list[Change]], Entry | None],
) -> tuple[list[Entry], list[Change]]:
    """Changes sorted by `key` (None: not grouped by this rule), each set `make` words as one
    entry made so; the entries, and the changes left for the next rule."""
    groups: dict[Hashable, list[Change]] = {}
    for change in changes:
        found = key(change)
        if found is not None:
            groups.setdefault(found, []).append(change)
    entries: list[Entry] = []
    grouped: set[int] = set()
    for found, members in groups.items():
        entry = make(found, members)
        if entry is not None:
            entries.append(entry)
            grouped.update(id(c) for c in members)
    return entries, [c for c in changes if id(c) not in grouped]


# --- the document's changes ---------------------------------------------------------------------


def _scheme_key(change: Change) -> str:
    return change.param or ""


def _operation_id_key(change: Change) -> str:
    if change.fields.get("old") == "none":
        return "added"
    return "removed" if change.fields.get("new") == "none" else "renamed"


def _repair_key(change: Change) -> str:
    """The repair, and whether the new document needs it (`now`) or the old one did."""
    side = change.fields.get("detail", "").split(":", 1)[0]
    return f"{change.param} {side}"


def _respelling_key(change: Change) -> str:
    return change.fields.get("how", "")


_SCHEME_TEXT = {
    "security-added": "{n} operations also accept authentication by {key}",
    "security-removed": "{n} operations no longer accept authentication by {key}",
    "security-scope-added": "{n} operations now need scope {key}",
    "security-scope-removed": "{n} operations no longer need scope {key}",
}


def _document_text(kind: str, key: str, members: list[Change]) -> str:
    n = _operations(members)
    if kind in _SCHEME_TEXT:
        return _SCHEME_TEXT[kind].format(n=n, key=key)
    if kind == "operation-id-changed":
        return f"operationIds {key} at {n} operations"
    if kind == "published-fact-changed":
        repair, side = key.rsplit(" ", 1)
        needs = "now needs" if side == "now" else "no longer needs"
        return f"the published document {needs} mbgen's {repair} repair at {n} operations ({len(members)} places)"
    return f"{n} paths respelled, trailing slash {key}: {_op_list(members)}"


# kind -> how changes of it are told apart: one entry per kind and key
DOCUMENT_KINDS: dict[str, Callable[[Change], str]] = {
    **{kind: _scheme_key for kind in _SCHEME_TEXT},
    "operation-id-changed": _operation_id_key,
    "published-fact-changed": _repair_key,
    "path-respelled": _respelling_key,
}


def document_changes(changes: list[Change]) -> tuple[list[Entry], list[Change]]:
    """Changes the document makes at many operations (DOCUMENT_KINDS), one entry per fact."""

    def key(change: Change) -> tuple[str, str] | None:
        how = DOCUMENT_KINDS.get(change.kind)
        return (change.kind, how(change)) if how else None

    def make(found: tuple[str, str], members: list[Change]) -> Entry | None:
        if _operations(members) < MANY_OPERATIONS:
            return None
        return Entry(members, _document_text(*found, members), "document")

    return _grouped(changes, key, make)


# --- info seen everywhere, namespaces, operations ----------------------------------------------


def _same_fact(change: Change) -> tuple[str, tuple[tuple[str, str], ...]]:
    fields = tuple(sorted((k, v) for k, v in change.fields.items() if k != "old_path"))
    return change.kind, fields


def _widespread_text(members: list[Change]) -> str:
    """`type-widened: null now possible, at 149 operations (320 places: a, b, ...)`."""
    first = members[0]
    detail = first.fields.get("detail")
    said = f"{first.kind}: {detail}" if detail else first.kind
    places = listing(c.param for c in members if c.param)
    return f"{said}, at {_operations(members)} operations ({len(members)} places: {places})"


def widespread_info(changes: list[Change]) -> tuple[list[Entry], list[Change]]:
    """Info changes of one kind and detail at many operations (operations added aside: the
    namespace rule words those)."""

    def key(change: Change) -> Hashable | None:
        if change.severity != INFO or not change.param or change.kind == "operation-added":
            return None
        return _same_fact(change)

    def make(_: object, members: list[Change]) -> Entry | None:
        if _operations(members) < MANY_OPERATIONS:
            return None
        return Entry(members, _widespread_text(members), "document")

    return _grouped(changes, key, make)


def added_by_namespace(changes: list[Change]) -> tuple[list[Entry], list[Change]]:
    """Operations added to one namespace: one entry naming them."""

    def key(change: Change) -> str | None:
        added = change.kind == "operation-added" and change.severity == INFO
        return change.tag if added else None

    def make(tag: str, members: list[Change]) -> Entry | None:
        if len(members) < 2:
            return None
        text = f"{len(members)} operations added to {tag}: {listing(c.label for c in members)}"
        return Entry(members, text, "namespace")

    return _grouped(changes, key, make)


def per_operation(changes: list[Change]) -> tuple[list[Entry], list[Change]]:
    """The same change at several places of one operation: one entry listing the places."""

    def key(change: Change) -> Hashable | None:
        if not change.param or change.moved_to is not None:
            return None
        return (change.method, change.path, *_same_fact(change))

    def make(_: object, members: list[Change]) -> Entry | None:
        if len(members) < 2:
            return None
        first = members[0]
        places = f"{listing(c.param or '' for c in members)} ({len(members)} places)"
        values = {"label": first.label, "param": places, "moved_label": "", **first.fields}
        return Entry(members, RULES[first.kind].message.format(**values), "operation")

    return _grouped(changes, key, make)


GROUPINGS: tuple[Grouping, ...] = (
    document_changes,
    widespread_info,
    added_by_namespace,
    per_operation,
)


def report_entries(changes: list[Change]) -> list[Entry]:
    """Every change in exactly one entry, entries in the report's order (changelog sections:
    removed, moved, breaking, deprecated and warnings, added, the rest)."""
    entries: list[Entry] = []
    rest = list(changes)
    for grouping in GROUPINGS:
        found, rest = grouping(rest)
        entries.extend(found)
    entries.extend(Entry([c], c.message) for c in rest)
    entries.sort(
        key=lambda e: (
            section_of(e),
            -SEVERITY_RANK[e.severity],
            e.scope != "document",
            e.tag,
            e.path,
            e.method,
            e.kind,
            e.first.param or "",
        )
    )
    return entries
