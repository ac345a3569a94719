"""Printers over one list of changes: text, markdown, json, junit, github. Each is a function of
(changes, summary) -> str, so a new format is one new function."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from generator.diff.changes import Change
from generator.diff.rules import BREAKING, INFO, SEVERITY_RANK, WARNING


@dataclass(frozen=True)
class Summary:
    old: str
    new: str

    def counts(self, changes: list[Change]) -> dict[str, int]:
        counted = Counter(c.severity for c in changes)
        return {s: counted.get(s, 0) for s in (BREAKING, WARNING, INFO)}


_COLOURS = {BREAKING: "\033[31m", WARNING: "\033[33m", INFO: "\033[32m"}
_RESET = "\033[0m"


def _tag_groups(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    ordered = sorted(changes, key=lambda c: c.tag)
    return [(tag, list(group)) for tag, group in groupby(ordered, key=lambda c: c.tag)]


def _python_note(change: Change) -> str:
    if not change.python:
        return ""
    old, new = change.python.get("old"), change.python.get("new")
    if old and new and old != new:
        return f"{old} -> {new}"
    return old or new or ""


def _headline(changes: list[Change], summary: Summary) -> str:
    counts = summary.counts(changes)
    return (
        f"{summary.old} -> {summary.new}: {counts[BREAKING]} breaking, "
        f"{counts[WARNING]} warnings, {counts[INFO]} info"
    )


def to_text(changes: list[Change], summary: Summary, colour: bool = False) -> str:
    lines = [_headline(changes, summary)]
    for tag, group in _tag_groups(changes):
        lines.append("")
        lines.append(tag)
        for change in sorted(group, key=lambda c: (-SEVERITY_RANK[c.severity], c.path, c.method)):
            severity = f"{change.severity:<8}"
            if colour:
                severity = f"{_COLOURS[change.severity]}{severity}{_RESET}"
            line = f"  {severity} {change.message} ({change.why})"
            note = _python_note(change)
            if note:
                line += f"   [python: {note}]"
            lines.append(line)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(changes: list[Change], summary: Summary) -> str:
    counts = summary.counts(changes)
    lines = [
        f"## Metabase API changes: {_md(summary.old)} -> {_md(summary.new)}",
        "",
        f"**{counts[BREAKING]} breaking**, {counts[WARNING]} warnings, {counts[INFO]} info.",
    ]
    titles = {BREAKING: "Breaking changes", WARNING: "Warnings", INFO: "Additions and other"}
    for severity in (BREAKING, WARNING, INFO):
        selected = [c for c in changes if c.severity == severity]
        if not selected:
            continue
        lines += [
            "",
            f"### {titles[severity]}",
            "",
            "| namespace | change | why it matters | Python |",
            "| --- | --- | --- | --- |",
        ]
        for change in selected:
            note = _python_note(change)
            lines.append(
                f"| `{_md(change.tag)}` | {_md(change.message)} | {_md(change.why)} | "
                f"{'`' + _md(note) + '`' if note else ''} |"
            )
    if not changes:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"


def to_json(changes: list[Change], summary: Summary) -> str:
    report = {
        "changes": [c.to_json() for c in changes],
        "summary": {"old": summary.old, "new": summary.new, **summary.counts(changes)},
    }
    return json.dumps(report, indent=1, ensure_ascii=False) + "\n"


def to_junit(changes: list[Change], summary: Summary) -> str:
    """One test case per rule hit; breaking changes fail, warnings are skipped-with-message,
    info passes (CI dashboards show the list without failing on it)."""
    counts = summary.counts(changes)
    name = quoteattr(f"metabase-api {summary.old} -> {summary.new}")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name={name} tests="{len(changes)}" failures="{counts[BREAKING]}">',
        f'  <testsuite name={name} tests="{len(changes)}" failures="{counts[BREAKING]}" '
        f'skipped="{counts[WARNING]}">',
    ]
    for change in changes:
        case = quoteattr(
            f"{change.kind}: {change.label}" + (f" {change.param}" if change.param else "")
        )
        lines.append(f"    <testcase classname={quoteattr(change.tag)} name={case}>")
        message = quoteattr(change.message)
        if change.severity == BREAKING:
            lines.append(
                f"      <failure message={message} type={quoteattr(change.kind)}>"
                f"{escape(change.message)}</failure>"
            )
        elif change.severity == WARNING:
            lines.append(f"      <skipped message={message}/>")
        lines.append("    </testcase>")
    lines += ["  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_escape(text).replace(":", "%3A").replace(",", "%2C")


def to_github(changes: list[Change], summary: Summary) -> str:
    """GitHub Actions workflow commands: an annotation per change."""
    level = {BREAKING: "error", WARNING: "warning", INFO: "notice"}
    lines = []
    for change in changes:
        title = _gh_property(f"{change.kind} ({change.tag})")
        lines.append(f"::{level[change.severity]} title={title}::{_gh_escape(change.message)}")
    lines.append(f"::notice title=mbgen diff::{_gh_escape(_headline(changes, summary))}")
    return "\n".join(lines) + "\n"


PRINTERS: dict[str, Callable[[list[Change], Summary], str]] = {
    "text": to_text,
    "markdown": to_markdown,
    "json": to_json,
    "junit": to_junit,
    "github": to_github,
}
