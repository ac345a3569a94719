"""`mbgen calls` and the raw-call part of `mbgen impact`, as real subprocesses on code written
for these tests, and the impact rules on two small releases."""

from __future__ import annotations

import json
from pathlib import Path

from generator.calls.files import python_files
from generator.calls.impact import raw_hits
from generator.calls.inventory import PARALLEL_FROM, raw_calls, scan_files
from generator.diff.compare import diff_irs
from generator.ir import IR, Endpoint, Param
from tests.conftest import ROOT, run_mbgen

SPECS = ROOT / "specs"

SCRIPT = """\
import requests

BASE = "http://localhost:3000"


class Client:
    def __init__(self, url):
        self.api_url = url + "/api"

    def metric(self, metric_id, body):
        return requests.put(f"{self.api_url}/metric/{metric_id}", json=body)

    def card(self, card_id):
        return requests.get(BASE + "/api/card/{}".format(card_id))


def add_card(dashboard_id, card_id):
    return requests.post(f"{BASE}/api/dashboard/{dashboard_id}/cards", json={"cardId": card_id})
"""


def _code(tmp_path: Path) -> Path:
    code = tmp_path / "scripts"
    code.mkdir()
    (code / "report.py").write_text(SCRIPT)
    (code / "broken.py").write_text("def (:\n")
    return code


def test_calls_json_contract(tmp_path: Path) -> None:
    code = _code(tmp_path)
    result = run_mbgen(
        "calls", str(SPECS / "metabase-0.58.json"), "--code", str(code), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert "broken.py: not Python" in result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"calls", "mocks", "unresolved", "ignored"}
    rows = {row["line"]: row for row in report["calls"]}
    keys = {"file", "line", "method", "path", "template", "python", "form", "confidence"}
    assert all(set(r) - {"bundled", "reason"} == keys for r in rows.values())
    assert rows[11]["path"] is None  # /api/metric is gone by 2025-12: a finding
    assert rows[11]["template"] == "/api/metric/{metric_id}"
    # Which bundled releases had it: from the first (2016) to the last that did.
    assert rows[11]["bundled"] == {
        "path": "/api/metric/{id}",
        "first": "0.21.0-snapshot",
        "last": "2023-01-05",
    }
    assert rows[14] == {
        "file": str(code / "report.py"),
        "line": 14,
        "method": "GET",
        "path": "/api/card/{id}",
        "template": "/api/card/{card_id}",
        "python": "card.get(id=...)",
        "form": "concat",
        "confidence": "high",
    }
    assert rows[18]["method"] == "POST" and rows[18]["form"] == "f-string"


def test_calls_text_and_the_same_bytes_twice(tmp_path: Path) -> None:
    code = _code(tmp_path)
    spec = str(SPECS / "metabase-2023-01-05.json")
    first = run_mbgen("calls", spec, "--code", str(code))
    assert first.returncode == 0
    assert f"{code / 'report.py'}:11: PUT /api/metric/{{metric_id}}: PUT /api/metric/{{id}}" in (
        first.stdout
    )
    assert run_mbgen("calls", spec, "--code", str(code)).stdout == first.stdout
    missing = run_mbgen("calls", spec, "--code", str(tmp_path / "nope"))
    assert missing.returncode == 1 and "nope: no such file or folder" in missing.stderr


def test_impact_reports_moved_and_removed_raw_calls(tmp_path: Path) -> None:
    code = _code(tmp_path)
    old, new = str(SPECS / "metabase-2023-01-05.json"), str(SPECS / "metabase-2024-05-10.json")
    result = run_mbgen("impact", old, new, "--code", str(code), "--format", "json")
    assert result.returncode == 1, result.stderr
    hits = {(h["line"], h["change"]["kind"]): h for h in json.loads(result.stdout)["hits"]}
    moved = hits[(11, "operation-moved")]
    assert moved["file"] == str(code / "report.py")
    assert moved["call"] == "PUT /api/metric/{metric_id}"
    assert moved["reason"] == "the endpoint moved to PUT /api/legacy-metric/{id}"
    assert moved["change"]["python"]["new"] == "legacy_metric.update()"
    assert hits[(18, "operation-removed")]["reason"] == "the endpoint is gone"
    assert not any(line == 14 for line, _ in hits)  # GET /api/card/{id} still there
    clean = run_mbgen("impact", new, new, "--code", str(code))
    assert clean.returncode == 0


def _endpoint(
    method: str, path: str, params: list[Param], body: dict[str, object] | None
) -> Endpoint:
    return Endpoint(method, path, "/api/" + path.split("/")[2], params=params, body=body)


def _release(query: list[Param], body: dict[str, object]) -> IR:
    return IR(
        "x",
        {"format": "openapi"},
        [
            _endpoint("GET", "/api/user", query, None),
            _endpoint("POST", "/api/card", [], body),
        ],
    )


def test_impact_rules_for_query_parameters_and_body_keys(tmp_path: Path) -> None:
    text = {"type": "string"}
    old = _release(
        [Param("f", "query", False, text)],
        {"type": "object", "properties": {"name": text, "legacy": text}, "required": ["name"]},
    )
    new = _release(
        [Param("status", "query", True, text)],
        {
            "type": "object",
            "properties": {"name": text, "display": text},
            "required": ["name", "display"],
        },
    )
    script = tmp_path / "s.py"
    script.write_text(
        'requests.get(B + "/api/user?f=all")\n'  # sends the removed f, lacks status
        'requests.get(B + "/api/user", params={"status": "active"})\n'  # fine
        'requests.post(B + "/api/card", json={"name": "n", "legacy": 1})\n'  # both
        "requests.post(B + '/api/card', json=payload)\n"  # the body is not shown: nothing
    )
    calls = raw_calls(script).calls
    hits = raw_hits(old, calls, diff_irs(old, new))
    assert sorted((h.line, h.reason) for h in hits) == [
        (1, "lacks the query parameter 'status'"),
        (1, "sends query parameter 'f'"),
        (3, "lacks the body key 'display'"),
        (3, "sends body key 'legacy'"),
    ]


def test_many_files_are_scanned_in_processes_with_the_same_answer(tmp_path: Path) -> None:
    for i in range(PARALLEL_FROM + 5):
        (tmp_path / f"m{i:02d}.py").write_text(SCRIPT.replace("metric", f"metric{i % 3}"))
    (tmp_path / "broken.py").write_text("def (:\n")
    paths = python_files(tmp_path)
    serial = scan_files(paths)
    parallel = raw_calls(tmp_path)
    assert parallel == serial
    assert len(parallel.calls) == 3 * (PARALLEL_FROM + 5)
    broken = (str(tmp_path / "broken.py"), "not Python this mbgen can parse")
    assert parallel.unreadable == [broken] and parallel.unresolved == []


UNSEEN_BASE = """\
import requests


class Metabase:
    def __init__(self, url):
        self.url = url  # "https://metabase.example.com/api", as its user gives it
        self.session = requests.Session()

    def _request(self, method, path, **kw):
        return self.session.request(method, self.url + path, **kw)

    def cards(self):
        return self._request("GET", "/card")

    def card(self, card_id):
        return self._request("GET", f"/card/{card_id}")

    def me(self):
        return self._request("GET", "/user/current")

    def other(self):
        return self._request("GET", "/not/metabase")


class GitHub:
    def __init__(self, base):
        self.base = base

    def user(self):
        return requests.get(f"{self.base}/user")

    def repo(self, owner, name):
        return requests.get(f"{self.base}/repos/{owner}/{name}")

    def orgs(self):
        return requests.get(f"{self.base}/orgs")
"""


def test_paths_after_a_base_url_the_code_does_not_show(tmp_path: Path) -> None:
    """A base URL its user types in: the paths one sender sends are Metabase's under `/api`
    when nearly all of them (3 of 4 here) are Metabase endpoints; GitHub's (1 of 3) are not."""
    code = tmp_path / "clients.py"
    code.write_text(UNSEEN_BASE)
    result = run_mbgen(
        "calls", str(SPECS / "metabase-0.63.2.json"), "--code", str(code), "--format", "json"
    )
    report = json.loads(result.stdout)
    assert [(c["line"], c["path"]) for c in report["calls"]] == [
        (13, "/api/card"),
        (16, "/api/card/{id}"),
        (19, "/api/user/current"),
    ]
    assert {c["reason"] for c in report["calls"]} == {
        "the base URL is not in the code: 3 of 4 paths sent the same way are Metabase "
        "endpoints under /api"
    }
    assert [(i["line"], i["template"]) for i in report["ignored"]] == [(22, "/api/not/metabase")]
