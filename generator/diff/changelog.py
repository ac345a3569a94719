"""An API changelog over a series of releases, oldest first: one section per release, what a
Metabase user scripting the API needs to know, with the Python calls it touches."""

from __future__ import annotations

import itertools

from generator.diff.compare import diff_irs
from generator.diff.entries import Entry, report_entries
from generator.diff.impact import annotate
from generator.diff.rules import BREAKING
from generator.diff.sections import SECTIONS, section_of, sections
from generator.ir import IR

__all__ = ["SECTIONS", "changelog", "release_name", "section_of", "sections"]


def _line(change: Entry) -> str:
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
    return f"- {text}"


def release_name(ir: IR) -> str:
    return ir.release or ir.source.get("name", "unknown")


def changelog(releases: list[IR]) -> str:
    lines = ["# Metabase API changelog", ""]
    if len(releases) < 2:
        return "\n".join([*lines, "Give two releases or more, oldest first.", ""])
    lines.append(
        f"From {release_name(releases[0])} to {release_name(releases[-1])}, "
        "newest first; made by mbgen from the published API descriptions."
    )
    parts = []
    for old, new in itertools.pairwise(releases):
        changes = diff_irs(old, new)
        annotate(changes, old, new)
        entries = report_entries(changes)
        breaking = sum(e.severity == BREAKING for e in entries)
        body = [
            "",
            f"## {release_name(new)}",
            "",
            f"Since {release_name(old)}: {len(entries)} changes, {breaking} breaking.",
        ]
        for title, selected in sections(entries):
            body += ["", f"### {title}", ""] + [_line(e) for e in selected]
        parts.append(body)
    for body in reversed(parts):
        lines += body
    return "\n".join(lines) + "\n"
