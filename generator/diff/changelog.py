"""An API changelog over a series of releases, oldest first: one section per release, what a
Metabase user scripting the API needs to know, with the Python calls it touches."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from generator.diff.changes import Change
from generator.diff.compare import diff_irs
from generator.diff.impact import annotate
from generator.diff.rules import BREAKING, WARNING
from generator.ir import IR

_SECTIONS: tuple[tuple[str, Callable[[Change], bool]], ...] = (
    ("Moved", lambda c: c.kind == "operation-moved"),
    ("Removed", lambda c: c.kind == "operation-removed"),
    (
        "Breaking changes to operations",
        lambda c: c.severity == BREAKING and "operation-" not in c.kind,
    ),
    ("Deprecated and other warnings", lambda c: c.severity == WARNING),
    ("Added operations", lambda c: c.kind == "operation-added"),
    (
        "Other additions",
        lambda c: c.severity not in (BREAKING, WARNING) and c.kind != "operation-added",
    ),
)


def _line(change: Change) -> str:
    if change.kind == "operation-moved" and change.moved_to is not None:
        text = f"`{change.label}` -> `{change.moved_to.method} {change.moved_to.path}`"
    elif change.kind in ("operation-removed", "operation-added"):
        text = f"`{change.label}`"
    else:
        text = change.message
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
    sections = []
    for old, new in itertools.pairwise(releases):
        changes = diff_irs(old, new)
        annotate(changes, old, new)
        breaking = sum(c.severity == BREAKING for c in changes)
        body = [
            "",
            f"## {release_name(new)}",
            "",
            f"Since {release_name(old)}: {len(changes)} changes, {breaking} breaking.",
        ]
        for title, wanted in _SECTIONS:
            selected = [c for c in changes if wanted(c)]
            if selected:
                body += ["", f"### {title}", ""] + [_line(c) for c in selected]
        sections.append(body)
    for body in reversed(sections):
        lines += body
    return "\n".join(lines) + "\n"
