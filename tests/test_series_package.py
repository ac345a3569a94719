"""`mbgen generate` of the 0.59 document with `--previous` the 2025-12 (0.58) one: a deprecated
alias for each moved call whose parameters map (every one called on a local server: the new
path, a DeprecationWarning naming the new method), flagged by mypy and pyright in a user's
script; the CHANGELOG.md; the releases in docstrings and operations.json; byte-identical
regeneration."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from generator.diff.compare import diff_irs
from generator.diff.impact import annotate
from generator.ingest import read_source
from tests.conftest import ROOT, Generated, generate_and_import, run_mbgen
from tests.scripted_server import Reply, ScriptedServer

SPEC_058 = ROOT / "specs" / "metabase-0.58.json"
SPEC_059 = ROOT / "specs" / "metabase-0.59.json"
PACKAGE = "mbseries059"
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
MYPY = Path(sys.executable).parent / "mypy"


@pytest.fixture(scope="module")
def series_059(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out = tmp_path_factory.mktemp("series059") / "client"
    return generate_and_import(SPEC_059, out, PACKAGE, "--previous", str(SPEC_058))


def _manifest(generated: Generated) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((generated.package_dir / "operations.json").read_text())
    return data


def test_each_moved_call_whose_parameters_map_is_an_alias(series_059: Generated) -> None:
    """Checked against the diff's own moves: every moved /api/ee operation whose Python call
    changed is either kept as an alias or listed with the reason it is not."""
    old, new = read_source(str(SPEC_058)), read_source(str(SPEC_059))
    changes = diff_irs(old, new)
    annotate(changes, old, new)
    moved = {
        c.python["old"].removesuffix("()"): c
        for c in changes
        if c.kind == "operation-moved" and c.python["old"] != c.python["new"]
    }
    manifest = _manifest(series_059)
    kept = {a["python"]: a for a in manifest["aliases"]}
    skipped = {s["python"]: s for s in manifest["not_aliased"]}
    assert set(kept) | set(skipped) == set(moved)
    assert all(s["why"] for s in skipped.values())
    ee = [name for name, a in kept.items() if a["path"].startswith("/api/ee/")]
    assert len(ee) >= 40, ee
    for name, alias in kept.items():
        change = moved[name]
        assert change.moved_to is not None
        assert (alias["method"], alias["path"]) == (change.method, change.path)
        assert alias["calls"] + "()" == change.python["new"]
    assert kept["ee_transform.list"]["calls"] == "transform.list"


def _arguments(method: Any) -> dict[str, Any]:
    """A value for each required argument (path parameters take 1 or "1" alike)."""
    values: dict[str, Any] = {}
    for name, param in inspect.signature(method).parameters.items():
        if param.default is inspect.Parameter.empty:
            values[name] = {} if name == "body" else 1
    return values


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_alias_calls_the_new_path_and_warns(series_059: Generated) -> None:
    manifest = _manifest(series_059)
    targets = {op["python"]: op for op in manifest["operations"]}
    with ScriptedServer() as server:
        for alias in manifest["aliases"]:
            target = targets[alias["calls"]]
            server.on(target["method"], _fill(target["path"]), Reply(body=b"{}"))
        client = series_059.module.MetabaseClient(server.url, api_key="k")
        for alias in manifest["aliases"]:
            namespace, name = alias["python"].split(".")
            method = getattr(getattr(client, namespace), name)
            target = targets[alias["calls"]]
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                method(**_arguments(method))
            messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
            assert messages and f"call {alias['calls']}() instead" in messages[0], alias
            assert caught[0].filename == __file__  # the warning points at the caller's line
            seen = server.seen[-1]
            assert (seen.method, seen.path) == (target["method"], _fill(target["path"]))
        assert len(server.seen) == len(manifest["aliases"])


def test_an_alias_keeps_the_old_argument_names_sync_and_async(series_059: Generated) -> None:
    module = series_059.module
    with ScriptedServer() as server:
        server.on("GET", "/api/transform", Reply(body=b"[]"))
        with (
            module.MetabaseClient(server.url, api_key="k") as mb,
            pytest.warns(DeprecationWarning, match=r"call transform\.list\(\) instead"),
        ):
            assert mb.ee_transform.list(tag_ids=[3, 4], last_run_start_time="x") == []

        async def call() -> Any:
            async with module.AsyncMetabaseClient(server.url, api_key="k") as amb:
                return await amb.ee_transform.list(tag_ids=[5])

        with pytest.warns(DeprecationWarning, match=r"ee_transform\.list\(\) is deprecated"):
            assert asyncio.run(call()) == []
    # published as tag-ids in 0.59: the alias passes the old name on to the new parameter
    assert [s.target for s in server.seen] == [
        "/api/transform?last-run-start-time=x&tag-ids=3&tag-ids=4",
        "/api/transform?tag-ids=5",
    ]


USER_SCRIPT = """\
from {package} import MetabaseClient

mb = MetabaseClient("http://localhost:3000", api_key="k")
mb.ee_transform.list()
mb.transform.list()
"""


def test_type_checkers_flag_the_aliases(series_059: Generated, tmp_path: Path) -> None:
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT.format(package=PACKAGE))
    env = {**os.environ, "MYPYPATH": str(series_059.root), "PYTHONPATH": str(series_059.root)}
    mypy = subprocess.run(
        [
            str(MYPY),
            "--enable-error-code",
            "deprecated",
            "--no-incremental",
            "--cache-dir=/dev/null",
            "--follow-imports=silent",
            str(script),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    flagged = [line for line in mypy.stdout.splitlines() if "[deprecated]" in line]
    assert len(flagged) == 1 and "user_script.py:4:" in flagged[0], mypy.stdout
    assert "transform.list() instead" in flagged[0]
    (tmp_path / "pyrightconfig.json").write_text(
        json.dumps({"reportDeprecated": "error", "extraPaths": [str(series_059.root)]})
    )
    pyright = subprocess.run(
        [str(PYRIGHT), "--pythonpath", sys.executable, "--outputjson", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    report = json.loads(pyright.stdout)
    diagnostics = [d for d in report["generalDiagnostics"] if d.get("rule") == "reportDeprecated"]
    assert [d["range"]["start"]["line"] for d in diagnostics] == [3], report  # 0-based
    assert "transform.list() instead" in diagnostics[0]["message"]


def test_the_package_with_aliases_is_ruff_and_mypy_strict_clean(series_059: Generated) -> None:
    package = str(series_059.package_dir)
    bin_dir = Path(sys.executable).parent
    for command in (
        [str(bin_dir / "ruff"), "check", "--isolated", "--no-cache", package],
        [str(MYPY), "--strict", "--no-incremental", "--cache-dir=/dev/null", package],
    ):
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (command[0], result.stdout[-2000:], result.stderr[-2000:])


def test_changelog_lists_the_preview_removals_and_the_moves(series_059: Generated) -> None:
    text = (series_059.root / "CHANGELOG.md").read_text()
    section = text[text.index("## 0.59") :]
    removed = section[section.index("### Removed") : section.index("### Moved")]
    previews = re.findall(r"`GET (/api/pulse/preview_\w+)/\{id\}`", removed)
    assert sorted(previews) == [
        "/api/pulse/preview_card",
        "/api/pulse/preview_card_info",
        "/api/pulse/preview_card_png",
        "/api/pulse/preview_dashboard",
    ]
    line = "- `GET /api/ee/transform/` -> `GET /api/transform` (Python: `ee_transform.list()` ->"
    assert line + " `transform.list()`); kept as a deprecated alias" in section
    for skipped in _manifest(series_059)["not_aliased"]:
        assert f"no alias: {skipped['why']}" in section


def test_docstrings_and_manifest_name_the_releases(series_059: Generated) -> None:
    module = series_059.module
    doc = module.MetabaseClient("http://localhost:1", api_key="k").transform.list.__doc__
    assert "Moved from `GET /api/ee/transform/` in 0.59." in doc
    ops = {op["python"]: op for op in _manifest(series_059)["operations"]}
    assert ops["transform.list"]["releases"] == ["0.58", "0.59"]
    assert ops["transform.list"]["moved_from"] == [
        {"release": "0.59", "method": "GET", "path": "/api/ee/transform/"}
    ]
    new_in_059 = [name for name, op in ops.items() if op["releases"] == ["0.59"]]
    assert len(new_in_059) > 40


def test_the_same_series_gives_the_same_bytes(series_059: Generated, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_mbgen(
        "generate", str(SPEC_059), "-o", str(again), "--package-name", PACKAGE,
        "--previous", str(SPEC_058),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(series_059.root): p.read_bytes() for p in _files(series_059.root)}
    second = {p.relative_to(again): p.read_bytes() for p in _files(again)}
    assert first == second


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
