"""`mbgen generate`: every operation, readable stable names, a package that installs, imports,
and passes black, ruff and mypy --strict; byte-identical regeneration; vendoring, template
overrides, and an output folder left as it was when anything fails."""

from __future__ import annotations

import inspect
import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ingest import read_source
from generator.ir import IR, dumps
from generator.naming import MAX_NAME, base_method_name, endpoint_param_names, method_names
from generator.render.version import package_version
from tests.conftest import MARKDOWN, ROOT, Generated, generate_and_import, run_mbgen

BIN = Path(sys.executable).parent


def test_every_operation_is_a_method_of_both_clients(
    generated_2025: Generated, openapi_2025_ir: IR
) -> None:
    manifest = generated_2025.manifest()
    assert {(o["method"], o["path"]) for o in manifest} == set(openapi_2025_ir.endpoint_map())
    pythons = [o["python"] for o in manifest]
    assert len(pythons) == len(set(pythons)) == 540
    sync = generated_2025.module.MetabaseClient("http://127.0.0.1:9", api_key="k")
    asynchronous = generated_2025.module.AsyncMetabaseClient("http://127.0.0.1:9", api_key="k")
    for python in pythons:
        namespace, name = python.split(".")
        assert callable(getattr(getattr(sync, namespace), name))
        assert inspect.iscoroutinefunction(getattr(getattr(asynchronous, namespace), name))
    sync.close()


def test_readable_names_and_published_parameters(generated_2025: Generated) -> None:
    by_op = {(o["method"], o["path"]): o for o in generated_2025.manifest()}
    assert by_op[("GET", "/api/card/{id}")]["python"] == "card.get"
    assert by_op[("GET", "/api/card/")]["python"] == "card.list"
    assert by_op[("POST", "/api/card/")]["python"] == "card.create"
    assert by_op[("PUT", "/api/card/{id}")]["python"] == "card.update"
    assert by_op[("DELETE", "/api/card/{id}")]["python"] == "card.delete"
    assert by_op[("GET", "/api/permissions/group")]["python"] == "permissions.list_group"
    assert by_op[("POST", "/api/permissions/membership")]["python"] == (
        "permissions.create_membership"
    )
    assert by_op[("GET", "/api/card/{id}")]["params"]["legacy-mbql"] == "legacy_mbql"
    assert any(o["python"].startswith("ee_metabot_tools.") for o in by_op.values())
    for op in by_op.values():
        for python in op["params"].values():
            assert python.isidentifier()
    client = generated_2025.module.MetabaseClient("http://127.0.0.1:9", api_key="k")
    parameters = inspect.signature(client.card.get).parameters
    assert list(parameters) == ["id", "legacy_mbql", "extra_query", "extra_headers", "timeout"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    assert "Get `Card` with ID." in (client.card.get.__doc__ or "")
    client.close()


def test_naming_rule() -> None:
    assert base_method_name("GET", "/api/util/stats", "/api/util") == "get_stats"
    assert base_method_name("POST", "/api/card/{id}/copy", "/api/card") == "copy"
    assert base_method_name("DELETE", "/api/card/{card-id}/public_link", "/api/card") == (
        "delete_public_link"
    )
    assert base_method_name("POST", "/api/x/import", "/api/x") == "import_"
    published = ["card-id", "class", "body", "card_id", "2fa"]
    python = endpoint_param_names([(n, "query") for n in published])
    assert dict(zip(published, python, strict=True)) == {
        "card-id": "card_id",
        "class": "class_",
        "body": "body_",
        "card_id": "card_id_",
        "2fa": "param_2fa",
    }
    assert endpoint_param_names([("id", "query"), ("id", "path")]) == ["id_", "id"]
    assert base_method_name("POST", "/api/permissions/membership", "/api/permissions") == (
        "create_membership"
    )
    assert base_method_name("POST", "/api/persist/card/{card-id}/persist", "/api/persist") == (
        "persist_card"
    )
    assert base_method_name("POST", "/api/card/{card-id}/query/{export-format}", "/api/card") == (
        "export_query"
    )
    names = method_names(
        [
            ("GET", "/api/database/{id}/schema/{schema}", "/api/database"),
            ("GET", "/api/database/{virtual-db}/schema/{schema}", "/api/database"),
            ("GET", "/api/database/{id}/schema/", "/api/database"),
        ]
    )
    assert sorted(names.values()) == [
        "get_schema",
        "get_schema_for_virtual_db_schema",
        "list_schema",
    ]


def test_names_are_short_and_verb_first_in_2025(generated_2025: Generated) -> None:
    names = [o["python"].split(".")[1] for o in generated_2025.manifest()]
    assert [n for n in names if "_by_" in n or len(n) > MAX_NAME] == []
    assert "create_membership" in names and "create_group" in names
    assert "membership" not in names and "group" not in names


def _release_names(path: Path) -> dict[tuple[str, str], str]:
    from generator.ir import ir_from_dict
    from generator.naming import operation_names

    ir = ir_from_dict(json.loads(path.read_text()), str(path))
    named = operation_names((e.method, e.path, e.tag) for e in ir.endpoints)
    return {key: ".".join(pair) for key, pair in named.items()}


# Every name that changed from one bundled release to the next within its namespace (a new
# tag moves an operation to another namespace: Metabase's change, not the rule's): only members of a
# collision, when a sibling with the same words appears or disappears (the whole list).
RENAMED_ACROSS_RELEASES = {
    # 0.42 adds the bulk `PUT /api/table/`, which takes the plain name.
    ("0.32.2", "PUT", "/api/table/{id}"): ("table.update", "table.update_for_id"),
}


def test_names_stable_across_every_bundled_release() -> None:
    index = json.loads((ROOT / "specs" / "index.json").read_text())
    releases = [(row["release"], _release_names(ROOT / "specs" / row["file"])) for row in index]
    assert [r for r, _ in releases][-3:] == ["0.58", "0.59", "0.63.2"]  # the newest compared too
    changed = {}
    for (release, old), (_, new) in itertools.pairwise(releases):
        for key in old.keys() & new.keys():
            same_namespace = old[key].split(".")[0] == new[key].split(".")[0]
            if same_namespace and old[key] != new[key]:
                changed[(release, *key)] = (old[key], new[key])
    assert changed == RENAMED_ACROSS_RELEASES


def test_names_do_not_depend_on_other_operations(openapi_2025_ir: IR) -> None:
    """Regeneration with operations added or removed keeps every name outside a collision."""
    ops = [(e.method, e.path, e.tag) for e in openapi_2025_ir.endpoints]
    full = {}
    for tag in {t for _, _, t in ops}:
        full.update(method_names(o for o in ops if o[2] == tag))
    rng = random.Random(7)
    kept = [o for o in ops if rng.random() > 0.2]
    partial = {}
    for tag in {t for _, _, t in kept}:
        partial.update(method_names(o for o in kept if o[2] == tag))
    changed = [k for k in partial if partial[k] != full[k]]
    plain = {(m, p): base_method_name(m, p, t) for m, p, t in ops}
    # Only members of a collision change: the name differs from its own-path name on one side.
    assert all(plain[k] in (full[k], partial[k]) for k in changed)
    assert all(full[k] != plain[k] or partial[k] != plain[k] for k in changed)
    assert len(changed) < 0.03 * len(partial)


def test_package_version_from_release() -> None:
    assert package_version("0.57.0") == "0.57.0"
    assert package_version("v1.57.3") == "1.57.3"
    assert package_version("0.21.0-snapshot") == "0.21.0.dev0"
    assert package_version("0.50.0-RC2") == "0.50.0rc2"
    assert package_version("2025-12") == "0+snapshot.2025.12"
    assert package_version("2024-05-10") == "0+snapshot.2024.5.10"
    assert package_version(None) == "0+unknown"


def test_generated_package_is_black_ruff_and_mypy_strict_clean(generated_2025: Generated) -> None:
    package = str(generated_2025.package_dir)
    for command in (
        [str(BIN / "black"), "--check", "--quiet", package],
        [str(BIN / "ruff"), "check", "--isolated", "--no-cache", package],
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir=/dev/null", package],
    ):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, (command[0], result.stdout[-2000:], result.stderr[-2000:])


def test_project_files_and_version(generated_2025: Generated) -> None:
    root = generated_2025.root
    pyproject = (root / "pyproject.toml").read_text()
    assert 'version = "0.58.0"' in pyproject
    assert (generated_2025.package_dir / "py.typed").exists()
    assert generated_2025.module.__version__ == "0.58.0"
    assert generated_2025.module.METABASE_RELEASE == "0.58"
    readme = (root / "README.md").read_text()
    assert "mb.permissions.list_group()" in readme and "mb.card.create(" in readme
    assert "mb.database.create(" in readme and "mb.user.create(" in readme
    assert 'username="person@metabase.com"' in readme


def test_regeneration_is_byte_identical(tmp_path: Path, generated_2025: Generated) -> None:
    out = tmp_path / "again"
    result = run_mbgen(
        "generate",
        str(ROOT / "specs" / "metabase-0.58.json"),
        "-o",
        str(out),
        "--package-name",
        generated_2025.package,
    )
    assert result.returncode == 0, result.stderr
    first = {
        p.relative_to(generated_2025.root): p.read_bytes() for p in _files(generated_2025.root)
    }
    second = {p.relative_to(out): p.read_bytes() for p in _files(out)}
    assert first == second


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def test_installs_with_pip(tmp_path: Path, generated_2025: Generated) -> None:
    target = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(generated_2025.root),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    installed = target / generated_2025.package
    assert (installed / "py.typed").exists() and (installed / "operations.json").exists()
    check = subprocess.run(
        [sys.executable, "-c", f"import {generated_2025.package} as m; print(m.__version__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
    )
    assert check.stdout.strip() == "0.58.0", check.stderr


def test_vendor_mode_is_the_package_alone_with_relative_imports(tmp_path: Path) -> None:
    out = tmp_path / "myproject" / "_vendor" / "metabase_api"
    result = run_mbgen(
        "generate", str(ROOT / "specs" / "metabase-0.58.json"), "-o", str(out), "--vendor"
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert "pyproject.toml" not in names and "README.md" not in names
    assert {"__init__.py", "api.py", "models.py", "operations.json", "py.typed"} <= names
    for module in out.glob("*.py"):
        assert "import metabase" not in module.read_text()
    check = subprocess.run(
        [sys.executable, "-c", "from _vendor.metabase_api import MetabaseClient; print('ok')"],
        capture_output=True,
        text=True,
        cwd=tmp_path / "myproject",
    )
    assert check.stdout.strip() == "ok", check.stderr


def test_templates_override_by_name(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "README.md.j2").write_text("# {{ model.distribution }} for our team\n")
    out = tmp_path / "client"
    generated = generate_and_import(
        MARKDOWN / "v0.32.2", out, "mb032", "--templates", str(templates)
    )
    assert (out / "README.md").read_text() == "# mb032 for our team\n"
    assert generated.module.__version__ == "0.32.2"
    assert len(generated.manifest()) == 213


def test_failed_run_leaves_the_output_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "client"
    spec = str(ROOT / "specs" / "metabase-0.21.0-snapshot.json")
    assert run_mbgen("generate", spec, "-o", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in _files(out)}
    templates = tmp_path / "broken"
    templates.mkdir()
    (templates / "package").mkdir()
    (templates / "package" / "api.py.j2").write_text("def broken(:\n")
    result = run_mbgen("generate", spec, "-o", str(out), "--templates", str(templates))
    assert result.returncode == 1
    assert "not valid Python" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in _files(out)} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_mbgen_did_not_write_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "main.py").write_text("print('mine')\n")
    result = run_mbgen(
        "generate", str(ROOT / "specs" / "metabase-0.21.0-snapshot.json"), "-o", str(out)
    )
    assert result.returncode == 1
    assert "not written by mbgen" in result.stderr
    assert [p.name for p in out.iterdir()] == ["main.py"]


def test_a_file_added_to_generated_output_is_not_deleted(tmp_path: Path) -> None:
    out = tmp_path / "client"
    spec = str(ROOT / "specs" / "metabase-0.21.0-snapshot.json")
    assert run_mbgen("generate", spec, "-o", str(out)).returncode == 0
    (out / "notes.txt").write_text("keep me")
    result = run_mbgen("generate", spec, "-o", str(out))
    assert result.returncode == 1 and "notes.txt" in result.stderr
    assert (out / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("snapshot", ["v0.21.0-snapshot", "2024-05-10"])
def test_markdown_releases_generate_importable_clients(tmp_path: Path, snapshot: str) -> None:
    name = "mb_" + snapshot.replace(".", "_").replace("-", "_")
    generated = generate_and_import(MARKDOWN / snapshot, tmp_path / "c", name)
    endpoints = read_source(str(MARKDOWN / snapshot)).endpoints
    assert {(o["method"], o["path"]) for o in generated.manifest()} == {e.key for e in endpoints}


def test_rendering_never_touches_the_ir(openapi_2025_ir: IR) -> None:
    from generator.render.package import render_package

    before = dumps(openapi_2025_ir)
    render_package(openapi_2025_ir, "x")
    assert dumps(openapi_2025_ir) == before


OLDER_SPECS = [
    e["file"]
    for e in json.loads((ROOT / "specs" / "index.json").read_text())
    if e["release"] != "0.58"
]


@pytest.mark.parametrize("spec", OLDER_SPECS)
def test_every_bundled_release_generates_a_clean_package(tmp_path: Path, spec: str) -> None:
    out = tmp_path / "client"
    result = run_mbgen("generate", str(ROOT / "specs" / spec), "-o", str(out))
    assert result.returncode == 0, result.stderr
    package = str(out / "metabase_client")
    for command in (
        [str(BIN / "ruff"), "check", "--isolated", "--no-cache", package],
        [str(BIN / "black"), "--check", "--quiet", package],
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir=/dev/null", package],
    ):
        check = subprocess.run(command, capture_output=True, text=True)
        assert check.returncode == 0, (command[0], check.stdout[-2000:])


def test_a_package_without_models_or_typing_imports_neither(tmp_path: Path) -> None:
    """A release whose only operation answers a string: no module may import what it does not
    use (ruff F401), the builders' module included."""
    answer = {"content": {"application/json": {"schema": {"type": "string"}}}}
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/api/health": {"get": {"responses": {"200": {"description": "ok", **answer}}}}},
    }
    source = tmp_path / "health.json"
    source.write_text(json.dumps(doc))
    out = tmp_path / "client"
    result = run_mbgen("generate", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    package = out / "metabase_client"
    assert "import typing" not in (package / "namespaces" / "health.py").read_text()
    check = subprocess.run(
        [str(BIN / "ruff"), "check", "--isolated", "--no-cache", "--select", "F,I", str(package)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout[-2000:]
