"""`mbgen changelog specs/ --format html|json`: the history page of the bundled series and its
facts. The page opened from a file in headless Chromium (DevTools protocol over a pipe): no
console error, nothing fetched but the file, the chart drawn, and every count on the page equal
to the JSON's. The shipped docs/api-history.html is what the CLI makes now, byte for byte."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.diff.changelog import changelog, facts_json
from generator.diff.series import series_steps
from generator.ingest import read_source
from generator.series_sources import read_series
from tests.browser import chromium_path, open_page
from tests.conftest import ROOT, run_mbgen

SPECS = ROOT / "specs"
SHIPPED = ROOT / "docs" / "api-history.html"
KINDS = ("operations", "added", "removed", "moved", "breaking", "deprecated", "warning", "info")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("history")
    page, data = folder / "report.html", folder / "report.json"
    for fmt, out in (("html", page), ("json", data)):
        result = run_mbgen("changelog", str(SPECS), "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
    return {"page": page, "json": json.loads(data.read_text()), "json_text": data.read_text()}


def _json_counts(report: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {r["release"]: r["counts"] for r in report["json"]["releases"]}


class _CountCells(HTMLParser):
    """release -> kind -> the number in the counts table."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, dict[str, int]] = {}
        self.release = ""
        self.kind = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-release"):
            self.release = found["data-release"] or ""
            self.counts[self.release] = {}
        self.kind = (found.get("data-count") or "") if tag == "td" else ""

    def handle_data(self, data: str) -> None:
        if self.kind:
            self.counts[self.release][self.kind] = int(data)
            self.kind = ""


def test_the_json_has_every_release_and_its_counts(report: dict[str, Any]) -> None:
    releases = report["json"]["releases"]
    index = json.loads((SPECS / "index.json").read_text())
    assert [r["release"] for r in releases] == [e["release"] for e in index]
    assert [r["counts"]["operations"] for r in releases] == [e["endpoints"] for e in index]
    step = next(r for r in releases if r["release"] == "0.59")
    assert step["previous"] == "0.58" and set(step["counts"]) == set(KINDS)
    assert step["counts"]["moved"] == sum(c["kind"] == "operation-moved" for c in step["changes"])
    removed = [c["path"] for c in step["changes"] if c["section"] == "Removed"]
    assert "/api/pulse/preview_card/{id}" in removed
    assert sum(ns["added"] for ns in step["namespaces"].values()) == step["counts"]["added"]


def test_the_page_shows_the_json_counts(report: dict[str, Any]) -> None:
    cells = _CountCells()
    cells.feed(report["page"].read_text())
    assert cells.counts == _json_counts(report)


def test_the_shipped_page_is_current(report: dict[str, Any]) -> None:
    """docs/api-history.html (refresh it: python scripts/api_history.py --screenshot)."""
    assert SHIPPED.read_bytes() == report["page"].read_bytes()


def test_the_same_series_gives_the_same_facts(report: dict[str, Any]) -> None:
    """Again, in process: the same bytes; and the Markdown changelog counts as the JSON does."""
    releases = [m.ir for m in read_series([str(SPECS)], read_source)]
    steps = series_steps(releases)
    assert facts_json(releases, steps) == report["json_text"]
    markdown = changelog(releases, steps)
    for r in report["json"]["releases"][1:]:
        entries = len(r["entries"])
        said = f"Since {r['previous']}: {entries} changes, {r['counts']['breaking']} breaking."
        assert said in markdown
        assert r["counts"]["breaking"] + r["counts"]["warning"] + r["counts"]["info"] == entries


def test_without_matplotlib_html_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "matplotlib"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ImportError('no matplotlib here')\n")
    out = tmp_path / "page.html"
    result = run_mbgen(
        "changelog", str(SPECS / "metabase-0.58.json"), str(SPECS / "metabase-0.59.json"),
        "--format", "html", "-o", str(out), env={"PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 1 and not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'mbgen[html]'" in lines[0], result.stderr


BROWSER_CHECKS = {
    "svg": "document.querySelectorAll('#chart svg').length",
    "bars": "Array.from(document.querySelectorAll('#chart svg g[id^=\"bar-\"]'))"
    ".map(g => [g.id, g.querySelector('path') ? g.querySelector('path').getBBox().height : -1])",
    "counts": "Object.fromEntries(Array.from(document.querySelectorAll('#counts tr[data-release]'))"
    ".map(tr => [tr.dataset.release, Object.fromEntries(Array.from("
    "tr.querySelectorAll('td[data-count]')).map(td => [td.dataset.count, Number(td.textContent)]))]))",
    "namespaces": "document.querySelectorAll('#namespaces tr').length",
}


def test_the_page_in_headless_chromium(report: dict[str, Any]) -> None:
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    url = report["page"].as_uri()
    seen = open_page(url, list(BROWSER_CHECKS.values()))
    values = {name: seen.values[expression] for name, expression in BROWSER_CHECKS.items()}
    assert seen.errors == []
    assert seen.requests == [url]  # self-contained: nothing fetched but the page
    assert values["svg"] == 1
    counts = _json_counts(report)
    bars = dict(values["bars"])
    assert len(bars) == 4 * len(counts)  # added, removed, moved and breaking, per release
    moved_059 = bars["bar-moved-0-59"]
    assert moved_059 > 0 and bars["bar-moved-0-21-0-snapshot"] == 0  # drawn to scale
    assert bars["bar-added-0-58"] > moved_059  # 235 added against 117 moved
    assert values["counts"] == counts
    assert values["namespaces"] > 100
