"""`mbgen diff`, `impact` and `changelog` as real subprocesses: every output format, the exit
codes CI relies on, and the code-impact scan of a user's files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MARKDOWN, OPENAPI_2025, ROOT, run_mbgen

OLD = str(MARKDOWN / "2024-05-10")
NEW = str(OPENAPI_2025)
SPEC_2025 = str(ROOT / "specs" / "metabase-0.58.json")


@pytest.fixture(scope="module")
def json_report() -> dict[str, Any]:
    result = run_mbgen("diff", OLD, NEW, "--format", "json")
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_a_document_against_itself_reports_nothing(tmp_path: Path) -> None:
    for fmt in ("json", "text"):
        result = run_mbgen("diff", NEW, NEW, "--format", fmt, "--fail-on", "warning")
        assert result.returncode == 0, result.stderr
    report = json.loads(run_mbgen("diff", SPEC_2025, NEW, "--format", "json").stdout)
    assert report["changes"] == []
    assert report["summary"]["breaking"] == 0


def test_json_contract(json_report: dict[str, Any]) -> None:
    changes = json_report["changes"]
    assert isinstance(changes, list) and changes
    for change in changes:
        assert change["severity"] in ("breaking", "warning", "info")
        assert {"kind", "method", "path", "message"} <= set(change)
        assert "{" not in change["path"] or "}" in change["path"]
        assert ":" not in change["path"].replace("api/", "")
    moved = next(c for c in changes if c["path"] == "/api/util/stats")
    assert moved["kind"] == "operation-moved"
    assert moved["moved_to"]["path"] == "/api/analytics/anonymous-stats"
    assert moved["python"] == {
        "old": "util.get_stats()",
        "new": "analytics.get_anonymous_stats()",
    }
    summary = json_report["summary"]
    assert isinstance(summary, dict)
    assert summary["breaking"] == _reported(json_report, "breaking")
    assert summary["changes"] == len(changes) and summary["reported"] <= len(changes)
    assert (summary["old"], summary["new"]) == ("2024-05-10", "metabase-2025-12.openapi.json")


def _reported(report: dict[str, Any], severity: str) -> int:
    """Entries a report prints at `severity`: each group once, each change outside one."""
    groups = report["groups"]
    alone = [c for c in report["changes"] if "group" not in c]
    return sum(1 for g in groups if g["severity"] == severity) + sum(
        1 for c in alone if c["severity"] == severity
    )


def test_json_groups_keep_every_member(json_report: dict[str, Any]) -> None:
    """A group of the other formats lists its members; every change is in the JSON, each in at
    most one group, and a member's group names it."""
    changes, groups = json_report["changes"], json_report["groups"]
    members = [i for g in groups for i in g["members"]]
    assert len(members) == len(set(members)) and all(0 <= i < len(changes) for i in members)
    for number, group in enumerate(groups):
        assert len(group["members"]) >= 2 and group["message"]
        assert all(changes[i]["group"] == number for i in group["members"])
    assert sum("group" in c for c in changes) == len(members)


def test_fail_on_sets_the_exit_code() -> None:
    assert run_mbgen("diff", OLD, NEW, "--fail-on", "breaking").returncode == 1
    assert run_mbgen("diff", OLD, NEW).returncode == 0


def test_text_reads_like_the_changelog_and_colours_only_when_asked() -> None:
    plain = run_mbgen("diff", OLD, NEW).stdout
    assert plain.splitlines()[0].startswith("2024-05-10 -> ")
    from generator.diff.sections import SECTIONS

    titles = [line.split(" (")[0] for line in plain.splitlines() if line and line[0] != " "][1:]
    assert titles == [title for title, _ in SECTIONS]  # every section has a change here
    assert "\033[" not in plain
    coloured = run_mbgen("diff", OLD, NEW, "--color").stdout
    assert "\033[31mbreaking" in coloured


def test_markdown_junit_github(json_report: dict[str, Any], tmp_path: Path) -> None:
    breaking = _reported(json_report, "breaking")
    warnings = _reported(json_report, "warning")
    markdown = run_mbgen("diff", OLD, NEW, "--format", "markdown").stdout
    assert markdown.startswith("## Metabase API changes: 2024-05-10 -> ")
    assert markdown.splitlines()[2].startswith(f"**{breaking} breaking**")
    assert "### Removed (" in markdown and "<details><summary>" in markdown
    assert markdown.index("### Removed") < markdown.index("### Moved") < markdown.index("### Br")
    # junit: what to fix, not a case per change
    junit = ET.fromstring(run_mbgen("diff", OLD, NEW, "--format", "junit").stdout)
    assert len(junit.findall(".//testcase")) == breaking + warnings
    assert len(junit.findall(".//failure")) == breaking
    assert len(junit.findall(".//skipped")) == warnings
    # github: a few annotations, the full report in the step summary
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    github = run_mbgen("diff", OLD, NEW, "--format", "github", env=env).stdout.splitlines()
    assert github[0].startswith("::notice title=mbgen diff::2024-05-10 -> ")
    assert "full report: the job summary" in github[0]
    errors = [line for line in github if line.startswith("::error ")]
    assert len(github) == 1 + len(errors) and len(errors) == 10  # GitHub shows 10 a step
    assert f"{breaking - 9} more breaking changes" in errors[-1]
    written = summary.read_text()
    assert written.startswith("earlier step\n## Metabase API changes")  # appended
    assert "/api/util/stats` | moved to GET /api/analytics/anonymous-stats" in written
    alone = run_mbgen("diff", OLD, NEW, "--format", "github", env={"GITHUB_STEP_SUMMARY": ""})
    assert "full report: below, in this log" in alone.stdout.splitlines()[0]
    assert "\n## Metabase API changes" in alone.stdout


def test_every_format_takes_a_severity_floor() -> None:
    """Each printer at the floor `breaking` prints less than at `info`, and nothing below it;
    the option reaches the printers from the command line."""
    from generator.diff.compare import diff_irs
    from generator.diff.report import PRINTERS, Report
    from generator.ingest import read_source

    old = read_source(str(ROOT / "specs" / "metabase-2024-05-10.json"))
    changes = diff_irs(old, read_source(SPEC_2025))
    for fmt, printer in PRINTERS.items():
        low = printer(Report("a", "b", changes, "info"))
        high = printer(Report("a", "b", changes, "breaking"))
        assert len(high) < len(low), fmt
        if fmt == "json":
            assert {c["severity"] for c in json.loads(high)["changes"]} == {"breaking"}
        elif fmt == "junit":
            assert not ET.fromstring(high).findall(".//skipped")
        else:
            assert "Other changes" not in high and "Removed" in high, fmt
    cli = run_mbgen("diff", OLD, NEW, "--format", "json", "--min-severity", "warning")
    assert {c["severity"] for c in json.loads(cli.stdout)["changes"]} == {"breaking", "warning"}


def test_report_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run_mbgen("diff", OLD, NEW, "--format", "markdown", "-o", str(out))
    assert result.returncode == 0 and result.stdout == ""
    assert out.read_text().startswith("## Metabase API changes")


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    result = run_mbgen("diff", str(tmp_path / "nope.json"), NEW)
    assert result.returncode == 1 and "nope.json: no such file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_impact_lists_affected_calls(tmp_path: Path) -> None:
    code = tmp_path / "scripts"
    (code / "pkg").mkdir(parents=True)
    (code / "pkg" / "report.py").write_text(
        "from metabase_client import MetabaseClient\n"
        "mb = MetabaseClient('http://localhost:3000', api_key='k')\n"
        "stats = mb.util.get_stats()\n"
        "mb.card.get(id=1)\n"
        "mb.card.get(id=1, ignore_view=True)\n"
        "mb.action.create(body={'name': 'a', 'type': 'http'})\n"
        "mb.action.create(body={'name': 'a'})\n"
        "from metabase_client import raw, paginate\n"
        "raw(mb.util.get_stats)\n"
        "items = list(paginate(mb.card.get, id=1, ignore_view=True))\n"
        "raw(print, mb.card)\n"
    )
    (code / "broken.py").write_text("def (:\n")
    result = run_mbgen("impact", OLD, NEW, "--code", str(code))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    report = str(code / "pkg" / "report.py")
    assert any(
        line.startswith(f"{report}:3: util.get_stats(): the operation moved")
        and line.endswith("now analytics.get_anonymous_stats()")
        for line in lines
    ), lines
    assert any(line.startswith(f"{report}:5: card.get(): passes ignore_view=") for line in lines)
    assert not any(line.startswith(f"{report}:4:") for line in lines)  # nothing it uses changed
    assert any(
        line.startswith(f"{report}:7: action.create(): the body needs 'type'") for line in lines
    )
    assert not any(line.startswith(f"{report}:6:") for line in lines)
    # Through the helpers that call a method with the arguments given to them:
    assert any(
        line.startswith(f"{report}:9: util.get_stats(): the operation moved") for line in lines
    )
    assert any(line.startswith(f"{report}:10: card.get(): passes ignore_view=") for line in lines)
    assert not any(line.startswith(f"{report}:11:") for line in lines)
    assert "broken.py: not Python" in result.stderr
    clean = tmp_path / "clean.py"
    clean.write_text("mb.permissions.list_group()\n")
    assert run_mbgen("impact", OLD, NEW, "--code", str(clean)).returncode == 0


def test_changelog_over_the_bundled_releases(tmp_path: Path) -> None:
    out = tmp_path / "CHANGELOG.md"
    result = run_mbgen("changelog", str(ROOT / "specs"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    index = json.loads((ROOT / "specs" / "index.json").read_text())
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [e["release"] for e in reversed(index[1:])]  # newest first, one each
    assert "- `GET /api/util/stats` -> `GET /api/analytics/anonymous-stats`" in text
    assert "(Python: `util.get_stats()` -> `analytics.get_anonymous_stats()`)" in text
    assert "- `GET /api/metric/` -> `GET /api/legacy-metric/`" in text


def test_every_printer_is_a_format_choice() -> None:
    from generator.cli import PRINTER_NAMES
    from generator.diff.report import PRINTERS

    assert sorted(PRINTER_NAMES) == sorted(PRINTERS)


def test_changelog_needs_two_releases() -> None:
    result = run_mbgen("changelog", SPEC_2025)
    assert result.returncode == 1
    assert "two releases or more" in result.stderr and "Traceback" not in result.stderr


def test_colon_and_brace_placeholders_are_the_same_operation(tmp_path: Path) -> None:
    markdown = tmp_path / "card.md"
    markdown.write_text(
        "# API Documentation for Metabase v0.40.0\n\n## `GET /api/card/:card-id`\n\nGet a card."
        "\n\n##### PARAMS:\n\n*  **`card-id`** value must be an integer greater than zero.\n"
    )
    openapi = tmp_path / "card.json"
    openapi.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "0.41.0"},
                "paths": {
                    "/api/card/{card-id}": {
                        "get": {
                            "description": "Get a Card, with more words.",
                            "parameters": [
                                {
                                    "in": "path",
                                    "name": "card-id",
                                    "required": True,
                                    "schema": {"type": "integer", "minimum": 1},
                                }
                            ],
                            "responses": {"200": {"description": "ok"}},
                        }
                    }
                },
            }
        )
    )
    result = run_mbgen("diff", str(markdown), str(openapi), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == []


def test_impact_judges_values_takes_ignore_and_fails_on_breaking_only(tmp_path: Path) -> None:
    """Between 0.50 and 0.58 `f` of GET /api/card/ lost "using_metric": a call sending
    another value is not affected, one sending it (client or raw) is, one sending a value the
    code computes may be. A deprecation alone fails nothing; a move is said once."""
    old, new = str(ROOT / "specs" / "metabase-2024-05-10.json"), SPEC_2025
    code = tmp_path / "job.py"
    code.write_text(
        "import requests\n"
        "mb.card.list(f='everything')\n"
        "mb.card.list(f='using_metric')\n"
        "mb.card.list(f=choice)\n"
        "requests.get(URL + '/api/card/', params={'f': 'using_metric'})\n"
        "requests.get(URL + '/api/card/', params={'f': 'all'})\n"
        "requests.get(URL + '/api/activity/recent_views')\n"
        "mb.util.get_stats()\n"
    )
    result = run_mbgen("impact", old, new, "--code", str(code))
    assert result.returncode == 1, result.stderr
    lines = {int(line.split(":")[1]): line for line in result.stdout.splitlines()}
    assert 2 not in lines and 6 not in lines
    assert 'passes f="using_metric"' in lines[3] and "passes f=:" in lines[4]
    assert 'sends f="using_metric"' in lines[5]
    assert "the endpoint is deprecated" in lines[7]
    assert lines[8].count("moved to") == 1 and lines[8].endswith(
        "now analytics.get_anonymous_stats()"
    )
    accepted = tmp_path / "accepted.txt"
    accepted.write_text(
        "GET /api/card enum-value-removed f  # no trailing slash: the same endpoint\n"
        "GET /api/util/stats operation-moved\n"
        "GET /api/nowhere operation-removed\n"
    )
    quiet = run_mbgen("impact", old, new, "--code", str(code), "--ignore", str(accepted))
    assert quiet.returncode == 0, quiet.stdout  # only the deprecation (info) is left
    assert [int(line.split(":")[1]) for line in quiet.stdout.splitlines()] == [7]
    assert f"{accepted}:3: `GET /api/nowhere operation-removed` matches no change" in quiet.stderr
    strict = run_mbgen(
        "impact", old, new, "--code", str(code), "--ignore", str(accepted), "--fail-on", "info"
    )
    assert strict.returncode == 1
    diff = run_mbgen("diff", old, new, "--ignore", str(accepted))
    assert diff.returncode == 0 and "GET /api/nowhere" in diff.stderr
