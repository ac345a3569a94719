"""`mbgen calls` and `mbgen impact` on a code base written for these tests
(tests/data/calls_project): a client whose requests go through wrappers in other modules, a
class constant each subclass sets, a path table of lambdas, rows given to a helper whose inner
function sends, the package's own web app and its test clients, and tests that register mocks.
One run of each command (real subprocesses) is shared by the tests of this module."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_mbgen

PROJECT = ROOT / "tests" / "data" / "calls_project"
SPECS = ROOT / "specs"
Row = dict[str, Any]


def _rows(entries: list[Row]) -> list[tuple[str, int, str | None, str | None]]:
    """(file relative to the project, line, method, endpoint) of each entry."""
    out = []
    for entry in entries:
        endpoint = entry.get("path") or (entry.get("bundled") or {}).get("path")
        out.append(
            (
                str(Path(entry["file"]).relative_to(PROJECT)),
                entry["line"],
                entry["method"],
                endpoint,
            )
        )
    return out


@pytest.fixture(scope="module")
def report() -> dict[str, list[Row]]:
    result = run_mbgen(
        "calls", str(SPECS / "metabase-0.63.2.json"), "--code", str(PROJECT), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, list[Row]] = json.loads(result.stdout)
    return data


def _in(report: dict[str, list[Row]], file: str) -> list[tuple[str, int, str | None, str | None]]:
    return [r for r in _rows(report["calls"]) if r[0] == file]


def test_a_wrapper_in_another_module_with_the_base_url_made_in_a_third(
    report: dict[str, list[Row]],
) -> None:
    # Client -> Adapter.get (transport.py) -> f"{self.base_url}{endpoint}", base_url given by
    # `Adapter(api_base(host))`, api_base (settings.py) ending `return f"{url}/api"`.
    rows = {r[1:]: row for r, row in zip(_rows(report["calls"]), report["calls"], strict=True)}
    public = rows[(28, "GET", "/api/card/public")]
    assert public["form"] == "literal via get" and public["confidence"] == "high"
    # A module constant as a segment (`f"/{DASHBOARD}/{dashboard_id}/cards"`, imported).
    cards = rows[(38, "POST", "/api/dashboard/{id}/cards")]
    assert cards["template"] == "/api/dashboard/{dashboard_id}/cards"


def test_a_class_constant_each_subclass_sets(report: dict[str, list[Row]]) -> None:
    """`Item.fetch` sends `self._ENDPOINT.format(id=self.id)`: one call site, one endpoint per
    subclass (Metric overrides `fetch`, so only its `save` reaches the base method)."""
    assert _in(report, "mbclient/resources.py") == [
        ("mbclient/resources.py", 12, "GET", "/api/card/{id}"),
        ("mbclient/resources.py", 12, "GET", "/api/dashboard/{id}"),
        ("mbclient/resources.py", 15, "PUT", "/api/card/{id}"),
        ("mbclient/resources.py", 15, "PUT", "/api/dashboard/{id}"),
        ("mbclient/resources.py", 15, "PUT", "/api/metric/{id}"),
    ]
    reasons = {r.get("reason") for r in report["calls"] if r["file"].endswith("resources.py")}
    assert reasons == {
        "when `self` is a Card",
        "when `self` is a Dashboard",
        "when `self` is a Metric",
    }


def test_a_table_of_patterns_and_lambdas(report: dict[str, list[Row]]) -> None:
    rows = [r for r in report["calls"] if r["line"] == 31]
    assert [r["path"] for r in rows] == ["/api/card/{id}", "/api/collection/{id}/items"]
    assert all(r["confidence"] == "medium" and "build" in r["reason"] for r in rows)


def test_rows_given_to_a_helper_whose_inner_function_sends(report: dict[str, list[Row]]) -> None:
    # Each row is reported where it is written.
    assert [r for r in _in(report, "mbclient/client.py") if r[1] in (54, 55)] == [
        ("mbclient/client.py", 54, "GET", "/api/collection/root/items"),
        ("mbclient/client.py", 55, "POST", "/api/card"),
    ]


def test_routes_and_test_clients_of_the_packages_own_app_are_not_calls(
    report: dict[str, list[Row]],
) -> None:
    listed = report["calls"] + report["mocks"] + report["unresolved"] + report["ignored"]
    files = {str(Path(r["file"]).relative_to(PROJECT)) for r in listed}
    assert "app/server.py" not in files and "tests/test_server.py" not in files


def test_mock_registrations_are_listed_apart(report: dict[str, list[Row]]) -> None:
    mocks = {(r["line"], r["library"]): r for r in report["mocks"]}
    assert sorted(mocks) == [
        (18, "responses"),
        (19, "responses"),
        (25, "responses"),
        (30, "requests-mock"),
        (35, "requests-mock"),
        (39, "pytest-httpx"),
        (45, "respx"),
    ]
    assert mocks[(30, "requests-mock")]["path"] == "/api/dashboard/{id}"  # a regex's segment
    assert mocks[(39, "pytest-httpx")]["method"] is None  # any method
    gone = mocks[(35, "requests-mock")]
    assert gone["path"] is None and gone["bundled"]["last"] == "2020-10-22"
    # The requests the tests send (to the mocks) are calls; the registrations are not.
    assert _in(report, "tests/test_mocks.py") == [
        ("tests/test_mocks.py", 26, "POST", "/api/card"),
        ("tests/test_mocks.py", 40, "GET", "/api/user/current"),
    ]


def test_each_entry_says_how_sure_it_is(report: dict[str, list[Row]]) -> None:
    for row in report["calls"]:
        assert row["confidence"] in ("high", "medium")
        assert ("reason" in row) == (row["confidence"] == "medium")
    narrowed = [r for r in report["calls"] if r["file"].endswith("report.py") and r["line"] == 11]
    assert [r["reason"] for r in narrowed] == ["one of the values `kind` is checked against"] * 2


def test_paths_no_release_had_are_no_calls_and_gone_ones_say_when_they_went(
    report: dict[str, list[Row]],
) -> None:
    assert _rows(report["ignored"]) == [("scripts/report.py", 13, "GET", None)]
    assert report["ignored"][0]["template"] == "/api/dashboards/uid/{item_id}"
    metric = next(r for r in report["calls"] if r["file"].endswith("report.py") and r["line"] == 12)
    assert metric["path"] is None
    assert metric["bundled"] == {
        "path": "/api/metric/{id}",
        "first": "0.21.0-snapshot",
        "last": "2023-01-05",
    }
    health = next(r for r in report["calls"] if r["template"] == "/api/health")
    assert health["bundled"] == {"path": "/api/health", "undocumented": True}


def test_the_text_report_has_a_section_for_mocks_and_one_for_other_apis() -> None:
    result = run_mbgen("calls", str(SPECS / "metabase-0.63.2.json"), "--code", str(PROJECT))
    lines = result.stdout.splitlines()
    mocks = lines.index("mocks (registered by tests; they send nothing):")
    other = next(i for i, line in enumerate(lines) if line.startswith("not Metabase ("))
    assert mocks < other and other == len(lines) - 2
    gone = f"{PROJECT}/scripts/report.py:12: PUT /api/metric/{{metric_id}}: not an endpoint"
    assert any(line.startswith(gone) and "(last in 2023-01-05" in line for line in lines)
    assert "7 mocks, 1 paths no Metabase release has" in result.stderr


def test_fail_on_missing(tmp_path: Path) -> None:
    spec = str(SPECS / "metabase-0.63.2.json")
    failing = run_mbgen("calls", spec, "--code", str(PROJECT), "--fail-on", "missing")
    assert failing.returncode == 1
    assert "calls to endpoints 0.63.2 does not have" in failing.stderr.splitlines()[-1]
    clean = tmp_path / "clean.py"
    clean.write_text('import requests\nrequests.get("http://mb/api/card/1")\n')
    passing = run_mbgen("calls", spec, "--code", str(clean), "--fail-on", "missing")
    assert passing.returncode == 0, passing.stderr
    older = run_mbgen("calls", str(SPECS / "metabase-2023-01-05.json"), "--code", str(PROJECT))
    assert older.returncode == 0  # no --fail-on: a report, not a verdict


def test_impact_reaches_calls_through_wrappers_and_subclass_constants() -> None:
    old, new = str(SPECS / "metabase-2023-01-05.json"), str(SPECS / "metabase-2024-05-10.json")
    result = run_mbgen("impact", old, new, "--code", str(PROJECT), "--format", "json")
    assert result.returncode == 1, result.stderr
    hits = {
        (str(Path(h["file"]).relative_to(PROJECT)), h["line"], h["call"]): h
        for h in json.loads(result.stdout)["hits"]
    }
    # Only through the subclass constant (`Metric._ENDPOINT`) used in Item.save.
    moved = hits[("mbclient/resources.py", 15, "PUT /api/metric/{self.id}")]
    assert moved["change"]["kind"] == "operation-moved"
    assert moved["reason"] == "the endpoint moved to PUT /api/legacy-metric/{id}"
    # Only through the adapter of another module, its base URL made in a third.
    removed = hits[("mbclient/client.py", 38, "POST /api/dashboard/{dashboard_id}/cards")]
    assert removed["reason"] == "the endpoint is gone"
