"""Printers over one report: text, markdown, json, junit, github. Each is a function of the
Report -> str, so a new format is one new function. A report reads as `mbgen changelog` does
(generator/diff/sections.py: removed, moved, breaking, deprecated and warnings, added, the rest),
a summary line on top, changes that say one thing as one entry (generator/diff/entries.py); the
JSON keeps every change as well. `min_severity` is the floor below which nothing is printed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from xml.sax.saxutils import escape, quoteattr

from generator.diff.changes import Change
from generator.diff.entries import Entry, report_entries
from generator.diff.rules import BREAKING, INFO, SEVERITY_RANK, WARNING
from generator.diff.sections import sections

FOLD_AFTER = 10  # rows of a markdown section shown before it is folded into <details>
GITHUB_ERRORS = 10  # GitHub shows the first 10 error annotations of a step


@dataclass
class Report:
    """The changes between two releases as a report shows them. `min_severity` None lets each
    format choose (junit lists warnings and worse; the others everything)."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    min_severity: str | None = None

    @cached_property
    def all_entries(self) -> list[Entry]:
        return report_entries(self.changes)

    def floor(self, default: str = INFO) -> int:
        return SEVERITY_RANK[self.min_severity or default]

    def entries(self, default: str = INFO) -> list[Entry]:
        return [e for e in self.all_entries if SEVERITY_RANK[e.severity] >= self.floor(default)]

    def counts(self) -> dict[str, int]:
        """Entries by severity, all of them (the floor hides lines, not the figures)."""
        counted = Counter(e.severity for e in self.all_entries)
        return {s: counted.get(s, 0) for s in (BREAKING, WARNING, INFO)}

    def headline(self) -> str:
        counts = self.counts()
        text = (
            f"{self.old} -> {self.new}: {counts[BREAKING]} breaking, "
            f"{counts[WARNING]} warnings, {counts[INFO]} info"
        )
        if len(self.changes) != len(self.all_entries):
            text += f" ({len(self.changes)} changes in all; --format json lists each)"
        return text


_COLOURS = {BREAKING: "\033[31m", WARNING: "\033[33m", INFO: "\033[32m"}
_RESET = "\033[0m"


def _python_note(entry: Entry) -> str:
    python = entry.python
    old, new = python.get("old"), python.get("new")
    if old and new and old != new:
        return f"{old} -> {new}"
    return old or new or ""


def to_text(report: Report, colour: bool = False) -> str:
    lines = [report.headline()]
    for title, selected in sections(report.entries()):
        lines += ["", f"{title} ({len(selected)})"]
        for entry in selected:
            severity = f"{entry.severity:<8}"
            if colour:
                severity = f"{_COLOURS[entry.severity]}{severity}{_RESET}"
            line = f"  {severity} {entry.text} ({entry.why})"
            note = _python_note(entry)
            if note:
                line += f"   [python: {note}]"
            lines.append(line)
    if not report.changes:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_row(entry: Entry) -> str:
    note = _python_note(entry)
    return (
        f"| `{_md(entry.label)}` | {_md(entry.detail)} | {_md(entry.why)} | "
        f"{'`' + _md(note) + '`' if note else ''} |"
    )


def _md_section(title: str, selected: list[Entry]) -> list[str]:
    table = [
        "| where | change | why it matters | Python |",
        "| --- | --- | --- | --- |",
        *(_md_row(e) for e in selected),
    ]
    lines = ["", f"### {title} ({len(selected)})", ""]
    if len(selected) <= FOLD_AFTER:
        return lines + table
    summary = f"{len(selected)} {title.lower()}: show"
    return [*lines, f"<details><summary>{_md(summary)}</summary>", "", *table, "", "</details>"]


def to_markdown(report: Report) -> str:
    counts = report.counts()
    lines = [
        f"## Metabase API changes: {_md(report.old)} -> {_md(report.new)}",
        "",
        f"**{counts[BREAKING]} breaking**, {counts[WARNING]} warnings, {counts[INFO]} info"
        + (
            f" ({len(report.changes)} changes in all; the JSON report lists each)."
            if len(report.changes) != len(report.all_entries)
            else "."
        ),
    ]
    for title, selected in sections(report.entries()):
        lines += _md_section(title, selected)
    if not report.changes:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    """Every change at or above the floor, and the groups the other formats print as one."""
    floor = report.floor()
    shown = [c for c in report.changes if SEVERITY_RANK[c.severity] >= floor]
    index = {id(c): i for i, c in enumerate(shown)}
    groups = [e for e in report.entries() if len(e.members) > 1]
    rows = [c.to_json() for c in shown]
    for number, entry in enumerate(groups):
        for member in entry.members:
            rows[index[id(member)]]["group"] = number
    summary = {
        "old": report.old,
        "new": report.new,
        **report.counts(),
        "changes": len(report.changes),
        "reported": len(report.all_entries),
        "min_severity": report.min_severity or INFO,
    }
    out = {"changes": rows, "groups": [g.to_json(index) for g in groups], "summary": summary}
    return json.dumps(out, indent=1, ensure_ascii=False) + "\n"


def _case_name(entry: Entry) -> str:
    param = entry.first.param if entry.scope == "change" else None
    return f"{entry.kind}: {entry.label}" + (f" {param}" if param else "")


def to_junit(report: Report) -> str:
    """A test case per reported breaking change (failed) and warning (skipped), not one per
    change: a dashboard lists what to fix. Info shows only with --min-severity info (passed);
    no breaking change at all is one passed case."""
    entries = report.entries(default=WARNING)
    failures = sum(e.severity == BREAKING for e in entries)
    skipped = sum(e.severity == WARNING for e in entries)
    name = quoteattr(f"metabase-api {report.old} -> {report.new}")
    cases: list[str] = []
    for entry in entries:
        cases.append(
            f"    <testcase classname={quoteattr(entry.tag)} name={quoteattr(_case_name(entry))}>"
        )
        message = quoteattr(entry.text)
        if entry.severity == BREAKING:
            cases.append(
                f"      <failure message={message} type={quoteattr(entry.kind)}>"
                f"{escape(entry.text)}</failure>"
            )
        elif entry.severity == WARNING:
            cases.append(f"      <skipped message={message}/>")
        cases.append("    </testcase>")
    if not failures:
        cases.append(
            f'    <testcase classname="mbgen diff" name={quoteattr("no breaking changes")}/>'
        )
    tests = len(entries) + (0 if failures else 1)
    return (
        "\n".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                f'<testsuites name={name} tests="{tests}" failures="{failures}">',
                f'  <testsuite name={name} tests="{tests}" failures="{failures}" '
                f'skipped="{skipped}">',
                *cases,
                "  </testsuite>",
                "</testsuites>",
            ]
        )
        + "\n"
    )


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_escape(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report: Report, summary_file: str | None = None) -> str:
    """GitHub Actions workflow commands, few of them: the summary, then the breaking changes
    as errors (GitHub shows a step's first ten). Everything else goes to the job's step
    summary (`summary_file`, $GITHUB_STEP_SUMMARY, which the caller writes with
    `to_markdown`); without one, the markdown report follows the annotations here."""
    breaking = [e for e in report.entries() if e.severity == BREAKING]
    where = "the job summary" if summary_file else "below, in this log"
    lines = [f"::notice title=mbgen diff::{_gh_escape(report.headline())}; full report: {where}"]
    shown = breaking if len(breaking) <= GITHUB_ERRORS else breaking[: GITHUB_ERRORS - 1]
    for entry in shown:
        title = _gh_property(f"{entry.kind} ({entry.tag})")
        lines.append(f"::error title={title}::{_gh_escape(entry.text)}")
    if len(shown) < len(breaking):
        more = f"{len(breaking) - len(shown)} more breaking changes: see {where}"
        lines.append(f"::error title=mbgen diff::{_gh_escape(more)}")
    text = "\n".join(lines) + "\n"
    return text if summary_file else text + "\n" + to_markdown(report)


PRINTERS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "markdown": to_markdown,
    "json": to_json,
    "junit": to_junit,
    "github": to_github,
}
