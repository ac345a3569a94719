"""An API changelog over a series of releases, oldest first: one section per release, what a
Metabase user scripting the API needs to know, with the Python calls it touches. The same facts
come out as Markdown (newest first), as JSON for machines (`facts`), and as the history page
(generator/diff/history_html.py); all three are read off `series_steps`, the pairwise diff."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from generator.diff.changes import Change
from generator.diff.entries import Entry, report_entries
from generator.diff.rules import BREAKING, WARNING
from generator.diff.sections import SECTIONS, section_of, sections
from generator.diff.series import Step, series_steps
from generator.ir import IR

__all__ = ["SECTIONS", "changelog", "facts", "release_name", "section_of", "sections"]

_REMOVED = frozenset({"operation-removed", "deprecated-operation-removed"})
COUNTED = ("operations", "added", "removed", "moved", "breaking", "deprecated", "warning", "info")
# (release the operation moved in, its old method, its old path) -> a note on its line
Notes = dict[tuple[str, str, str], str]


def _line(change: Entry, release: str = "", notes: Notes | None = None) -> str:
    if change.kind == "operation-moved" and change.moved_to is not None:
        text = f"`{change.label}` -> `{change.moved_to.method} {change.moved_to.path}`"
    elif change.kind in ("operation-removed", "operation-added") and change.scope == "change":
        text = f"`{change.label}`"
    else:
        text = change.text
    python = change.python
    if python.get("old") and python.get("new") and python["old"] != python["new"]:
        text += f" (Python: `{python['old']}` -> `{python['new']}`)"
    elif python.get("old") and change.kind == "operation-removed":
        text += f" (Python: `{python['old']}`)"
    elif python.get("new") and change.kind == "operation-added" and change.scope == "change":
        text += f" (Python: `{python['new']}`)"
    note = (notes or {}).get((release, change.method, change.path))
    if note and change.kind == "operation-moved":
        text += f"; {note}"
    return f"- {text}"


def release_name(ir: IR) -> str:
    return ir.release or ir.source.get("name", "unknown")


def changelog(
    releases: list[IR], steps: list[Step] | None = None, notes: Notes | None = None
) -> str:
    lines = ["# Metabase API changelog", ""]
    if len(releases) < 2:
        return "\n".join([*lines, "Give two releases or more, oldest first.", ""])
    lines.append(
        f"From {release_name(releases[0])} to {release_name(releases[-1])}, "
        "newest first; made by mbgen from the published API descriptions."
    )
    parts = []
    for step in steps if steps is not None else series_steps(releases):
        entries = report_entries(step.changes)
        breaking = sum(e.severity == BREAKING for e in entries)
        release = release_name(step.new)
        body = [
            "",
            f"## {release}",
            "",
            f"Since {release_name(step.old)}: {len(entries)} changes, {breaking} breaking.",
        ]
        for title, selected in sections(entries):
            body += ["", f"### {title}", ""] + [_line(e, release, notes) for e in selected]
        parts.append(body)
    for body in reversed(parts):
        lines += body
    return "\n".join(lines) + "\n"


def counts(changes: list[Change], entries: list[Entry]) -> dict[str, int]:
    """What the history page charts, for one release or one namespace of it: operations added,
    removed, moved and deprecated (71 added are 71 even where a report lists them by
    namespace), and the report's entries by severity, as the changelog counts them ("75
    breaking": one breaking change at twelve places of one answer is one)."""
    found = Counter(
        {
            "added": sum(c.kind == "operation-added" for c in changes),
            "removed": sum(c.kind in _REMOVED for c in changes),
            "moved": sum(c.kind == "operation-moved" for c in changes),
            "deprecated": sum(c.kind == "operation-deprecated" for c in changes),
            "breaking": sum(e.severity == BREAKING for e in entries),
            "warning": sum(e.severity == WARNING for e in entries),
        }
    )
    found["info"] = len(entries) - found["breaking"] - found["warning"]
    return {k: found[k] for k in COUNTED if k != "operations"}


def _release_facts(step: Step) -> dict[str, Any]:
    entries = report_entries(step.changes)
    index = {id(c): i for i, c in enumerate(step.changes)}
    changes_by_tag: dict[str, list[Change]] = {}
    for change in step.changes:
        changes_by_tag.setdefault(change.tag, []).append(change)
    entries_by_tag: dict[str, list[Entry]] = {}
    for entry in entries:
        entries_by_tag.setdefault(entry.tag, []).append(entry)
    release = release_name(step.new)
    tags = sorted(set(changes_by_tag) | set(entries_by_tag))
    return {
        "release": release,
        "previous": release_name(step.old),
        "counts": {"operations": len(step.new.endpoints), **counts(step.changes, entries)},
        "namespaces": {
            tag: counts(changes_by_tag.get(tag, []), entries_by_tag.get(tag, [])) for tag in tags
        },
        "changes": [c.to_json() | {"section": SECTIONS[section_of(c)][0]} for c in step.changes],
        "entries": [
            e.to_json(index)
            | {"section": SECTIONS[section_of(e)][0], "line": _line(e, release)[2:]}
            for e in entries
        ],
    }


def facts(releases: list[IR], steps: list[Step] | None = None) -> dict[str, Any]:
    """The changelog for machines, oldest release first (the first with no changes: it is
    where the series starts)."""
    steps = steps if steps is not None else series_steps(releases)
    first: dict[str, Any] = {
        "release": release_name(releases[0]),
        "previous": None,
        "counts": {k: 0 for k in COUNTED} | {"operations": len(releases[0].endpoints)},
        "namespaces": {},
        "changes": [],
        "entries": [],
    }
    return {
        "format": "mbgen-changelog",
        "version": 1,
        "releases": [first, *(_release_facts(step) for step in steps)],
    }


def facts_json(releases: list[IR], steps: list[Step] | None = None) -> str:
    return json.dumps(facts(releases, steps), indent=1) + "\n"
