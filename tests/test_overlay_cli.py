"""Overlays end to end: the CLI's one-line errors and warnings, the bundled overlay in a
generated 0.63.2 client (typed answers that mypy --strict checks, agreeing with answers shaped as
Metabase documents them, served by a local HTTP server), and the diff of two bundled releases
reporting an answer change an overlay supplied.

Cost: one generate of 0.63.2 (~20 s) and one mypy run (~10 s), shared by the module."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.ingest import read_source
from generator.ir import IR
from generator.overlay import OverlayPlan
from tests.conftest import ROOT, Generated, generate_and_import, run_mbgen
from tests.scripted_server import Reply, ScriptedServer

SPECS = ROOT / "specs"
ANSWERS = ROOT / "tests" / "data" / "overlay" / "answers-0.63.json"
SMALL = """openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /api/card/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
"""
HEAD = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _one_line_error(result: subprocess.CompletedProcess[str], start: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(start), lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("overlay: 1.0.0\ninfo: [\n", "invalid YAML"),
        (HEAD + "  - {target: 7, update: {}}\n", "'target' must be a string"),
        (HEAD + "  - {target: '$.paths[?@.x ==]', update: {}}\n", "not RFC 9535 JSONPath"),
    ],
)
def test_malformed_overlay_is_one_line_and_writes_nothing(
    tmp_path: Path, text: str, problem: str
) -> None:
    spec, bad = _write(tmp_path, "spec.yaml", SMALL), _write(tmp_path, "bad.yaml", text)
    out = tmp_path / "ir.json"
    result = run_mbgen("ingest", spec, "--overlay", bad, "-o", str(out))
    _one_line_error(result, f"mbgen: {bad}: ")
    assert problem in result.stderr
    assert not out.exists()


def test_target_matching_nothing_is_a_warning_naming_the_action(tmp_path: Path) -> None:
    spec = _write(tmp_path, "spec.yaml", SMALL)
    ov = _write(
        tmp_path,
        "o.yaml",
        HEAD
        + "  - {target: \"$.paths['/api/nope'].get\", description: Type nope, update: {}}\n"
        + "  - target: \"$.paths['/api/card/{id}'].get.responses['200']\"\n"
        + "    update: {content: {application/json: {schema: {type: object}}}}\n",
    )
    result = run_mbgen("ingest", spec, "--overlay", ov, "-o", str(tmp_path / "ir.json"), "-v")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "matches nothing" in line]
    assert warnings == [
        f"mbgen: warning: {ov}: action 1 (Type nope): target $.paths['/api/nope'].get "
        "matches nothing; skipped"
    ]
    ir = json.loads((tmp_path / "ir.json").read_text())
    assert ir["endpoints"][0]["response"] == {"type": "object"}
    assert [r["what"] for r in ir["repairs"] if r["kind"] == "overlay"] == [
        "o.yaml action 2 ($.paths['/api/card/{id}'].get.responses['200']): update"
    ]


def test_too_expensive_target_is_refused_in_one_line(tmp_path: Path) -> None:
    paths = {
        f"/api/x{i}": {
            "get": {
                "responses": {"200": {"description": "ok"}},
                "x": [{"a": [{"b": j} for j in range(20)]} for _ in range(20)],
            }
        }
        for i in range(20)
    }
    spec = tmp_path / "wide.json"
    spec.write_text(
        json.dumps({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths})
    )
    ov = _write(tmp_path, "o.yaml", HEAD + "  - {target: '$..*[?@..*[?@..b]]', update: {}}\n")
    result = run_mbgen("ingest", str(spec), "--overlay", ov, "-o", str(tmp_path / "ir.json"))
    _one_line_error(result, f"mbgen: {ov}: action 1 (")
    assert "too expensive: visits more than 200,000 nodes" in result.stderr


def test_diff_of_two_bundled_releases_reports_the_dashcards_rename_as_supplied() -> None:
    old, new = str(SPECS / "metabase-2023-01-05.json"), str(SPECS / "metabase-2024-05-10.json")
    plain = run_mbgen("diff", old, new, "--format", "json")
    typed = run_mbgen("diff", old, new, "--format", "json", "--bundled-overlay")
    assert plain.returncode == typed.returncode == 0, typed.stderr
    at = ("GET", "/api/dashboard/{id}")

    def answer_changes(report: str) -> dict[str, dict[str, Any]]:
        changes = json.loads(report)["changes"]
        return {
            c["param"]: c
            for c in changes
            if (c["method"], c["path"]) == at and c["kind"].startswith("response-")
        }

    assert answer_changes(plain.stdout) == {}  # Metabase publishes no answer for it
    found = answer_changes(typed.stdout)
    removed, added = found["ordered_cards"], found["dashcards"]
    assert removed["severity"] == "breaking" and "removed" in removed["message"]
    assert added["severity"] == "info"
    for change in (removed, added):
        assert "bundled:dashboard-ordered_cards.yaml" in change["supplied_by"]
        assert "bundled:dashboard-dashcards.yaml" in change["supplied_by"]
        assert "[supplied by overlay: " in change["message"]


@pytest.fixture(scope="module")
def client_0632(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out = tmp_path_factory.mktemp("overlay") / "client"
    return generate_and_import(SPECS / "metabase-0.63.2.json", out, "mb0632")


TYPED_USE = """import os

from mb0632 import MetabaseClient

mb = MetabaseClient(os.environ["MB_URL"], api_key="k")
card = mb.card.get(id=1)
query = card["dataset_query"]
dashboard = mb.dashboard.get(id=1)
card_id: int | None = dashboard["dashcards"][0]["card_id"]
size: int = dashboard["dashcards"][0]["size_x"]
items = mb.collection.get_items(id=3)
model: str = items["data"][0]["model"]
user = mb.user.get_current()
collection_id: int = user["personal_collection_id"]
print(query["database"], card_id, size, model, collection_id)
"""


def test_listed_operations_return_typed_dicts_that_mypy_checks(
    client_0632: Generated, tmp_path: Path
) -> None:
    good = tmp_path / "good.py"
    good.write_text(TYPED_USE)
    bad = tmp_path / "bad.py"
    bad.write_text(TYPED_USE.replace('dashboard["dashcards"]', 'dashboard["dashcard"]'))
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "mypy"),
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            str(good),
            str(bad),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(client_0632.root)},
        timeout=300,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors and all(line.startswith(str(bad)) for line in errors), result.stdout
    assert any('"Dashboard" has no key "dashcard"' in line for line in errors), result.stdout
    manifest = {(o["method"], o["path"]): o["python"] for o in client_0632.manifest()}
    models = (client_0632.package_dir / "models.py").read_text()
    namespaces = client_0632.package_dir / "namespaces"
    for (method, path), returns in _LISTED.items():
        namespace, name = manifest[(method, path)].split(".")
        source = (namespaces / f"{namespace}.py").read_text()
        signature = source.split(f"    def {name}(", 1)[1].split('"""', 2)
        assert re.search(rf"-> (builtins\.)?{re.escape(returns)}:", signature[0]), (method, path)
        assert "comes from an overlay (bundled:" in signature[1], (method, path)
    assert (
        "Dashboard = t.TypedDict(" in models
        and '"dashcards": "t.Required[list[DashboardCard]]"' in models
    )


_LISTED = {
    ("GET", "/api/card/{id}"): "m.Card",
    ("GET", "/api/card"): "list[m.Card]",
    ("POST", "/api/card"): "m.Card",
    ("GET", "/api/dashboard/{id}"): "m.Dashboard",
    ("GET", "/api/collection/{id}/items"): "m.CollectionItemList",
    ("GET", "/api/collection/tree"): "list[m.Collection]",
    ("GET", "/api/user/current"): "m.User",
    ("GET", "/api/database"): "m.DatabaseList",
    ("GET", "/api/database/{id}/metadata"): "m.Database",
    ("GET", "/api/table/{id}/query_metadata"): "m.Table",
    ("GET", "/api/permissions/group"): "list[m.PermissionsGroup]",
    ("GET", "/api/search"): "m.SearchResults",
    ("POST", "/api/session"): "m.Session",
    ("GET", "/api/session/properties"): "m.SessionProperties",
}


def _validator(ir: IR, schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator of an answer schema whose `#/schemas/...` references resolve in the IR."""
    return jsonschema.Draft202012Validator({"$id": "urn:mbgen-ir", "schemas": ir.schemas, **schema})


def test_answers_shaped_as_documented_parse_and_match_the_types(
    client_0632: Generated, tmp_path: Path
) -> None:
    answers = json.loads(ANSWERS.read_text())
    ir = read_source(str(SPECS / "metabase-0.63.2.json"), overlays=OverlayPlan(bundled=True))
    endpoints = ir.endpoint_map()
    calls = {
        "GET /api/card/1": ("GET", "/api/card/{id}", lambda mb: mb.card.get(id=1)),
        "GET /api/card": ("GET", "/api/card", lambda mb: mb.card.list()),
        "POST /api/card": (
            "POST",
            "/api/card",
            lambda mb: mb.card.create(
                body={
                    "name": "API-generated question",
                    "display": "table",
                    "visualization_settings": {},
                    "dataset_query": {"database": 1, "query": {"source-table": 2}, "type": "query"},
                }
            ),
        ),
        "GET /api/dashboard/1": ("GET", "/api/dashboard/{id}", lambda mb: mb.dashboard.get(id=1)),
        "GET /api/collection/3/items": (
            "GET",
            "/api/collection/{id}/items",
            lambda mb: mb.collection.get_items(id=3),
        ),
        "GET /api/collection/tree": (
            "GET",
            "/api/collection/tree",
            lambda mb: mb.collection.get_tree(),
        ),
        "GET /api/user/current": ("GET", "/api/user/current", lambda mb: mb.user.get_current()),
        "GET /api/database": ("GET", "/api/database", lambda mb: mb.database.list()),
        "GET /api/database/1/metadata": (
            "GET",
            "/api/database/{id}/metadata",
            lambda mb: mb.database.get_metadata(id=1),
        ),
        "GET /api/table/2/query_metadata": (
            "GET",
            "/api/table/{id}/query_metadata",
            lambda mb: mb.table.get_query_metadata(id=2),
        ),
        "GET /api/permissions/group": (
            "GET",
            "/api/permissions/group",
            lambda mb: mb.permissions.list_group(),
        ),
        "GET /api/search": ("GET", "/api/search", lambda mb: mb.search.list(q="Orders")),
        "POST /api/session": (
            "POST",
            "/api/session",
            lambda mb: mb.session.create(
                body={"username": "person@metabase.com", "password": "fakepassword"}
            ),
        ),
        "GET /api/session/properties": (
            "GET",
            "/api/session/properties",
            lambda mb: mb.session.get_properties(),
        ),
    }
    with ScriptedServer() as server:
        for key, body in answers.items():
            if not key.startswith("_"):
                method, path = key.split(" ", 1)
                server.on(method, path, Reply(body=json.dumps(body).encode()))
        mb = client_0632.module.MetabaseClient(server.url, api_key="k")
        for key, (method, path, call) in calls.items():
            got = call(mb)  # type: ignore[no-untyped-call]
            assert got == answers[key], key  # the runtime hands back the JSON as sent
            response = endpoints[(method, path)].response
            assert response is not None, key
            errors = list(_validator(ir, response).iter_errors(got))
            assert not errors, (key, [e.message for e in errors])
        # The script mypy checks above runs against the same answers and reads what it typed.
        script = tmp_path / "use.py"
        script.write_text(TYPED_USE)
        run = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            timeout=60,
            env={
                **os.environ,
                "MB_URL": server.url,
                "PYTHONPATH": os.pathsep.join([str(client_0632.root), str(ROOT)]),
            },
        )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["1", "1", "12", "card", "2"]


def test_a_documented_shape_that_breaks_the_type_is_caught() -> None:
    """The check above can fail: an answer with the pre-0.48 key fails the 0.63.2 Dashboard."""
    ir = read_source(str(SPECS / "metabase-0.63.2.json"), overlays=OverlayPlan(bundled=True))
    response = ir.endpoint_map()[("GET", "/api/dashboard/{id}")].response
    assert response is not None
    old = {"id": 1, "name": "Sales", "ordered_cards": []}
    assert any(
        "'dashcards' is a required property" in e.message
        for e in _validator(ir, response).iter_errors(old)
    )
