"""A spec is untrusted text: quotes, triple quotes, backslashes, newlines, Python code, keywords,
dunder names and `../` in every string still give a package that imports, runs none of it, and
writes nothing outside the output folder."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import generate_and_import, run_mbgen
from tests.scripted_server import Reply, ScriptedServer

PAYLOAD = "__import__('pathlib').Path('PWNED').write_text('x')"
NASTY = [
    '"""\nimport os\n' + PAYLOAD + '\n"""',
    "'''" + PAYLOAD + "'''",
    'end with a quote"',
    "back\\slash \\N{BULLET} \\x41 \\",
    "new\nline\r\nand\ttab \x00 \x1b[31m \u2028",
    "{" + PAYLOAD + "}",
    "../../../../tmp/evil",
]


def hostile_document() -> dict[str, Any]:
    evil_schema = {
        "type": "object",
        "description": NASTY[0],
        "properties": {
            "__class__": {"type": "string", "enum": NASTY[:4]},
            "lib/uuid": {"type": "string", "description": NASTY[1]},
            "def": {"$ref": "#/components/schemas/os.system('x')"},
            'a"b': {"type": "integer", "const": 3},
            "t": {"type": "array", "items": {"$ref": "#/components/schemas/__init__"}},
        },
        "required": ["def"],
    }
    operation: dict[str, Any] = {
        "tags": ["/api/__init__"],
        "summary": NASTY[2],
        "description": NASTY[0] + NASTY[3] + NASTY[4],
        "parameters": [
            {"in": "path", "name": "class", "required": True, "schema": {"type": "string"}},
            {"in": "query", "name": PAYLOAD, "schema": {"type": "string"}, "description": NASTY[1]},
            {"in": "query", "name": "self", "schema": {"type": "string"}},
            {"in": "query", "name": "body", "schema": {"type": "string", "enum": NASTY}},
            {"in": "header", "name": "../../x", "schema": {"type": "string"}},
        ],
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/..~1evil"}}}
        },
        "responses": {"200": {"description": NASTY[5]}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": NASTY[0], "version": '1.0"; import os #' + NASTY[6]},
        "paths": {
            "/api/__init__/{class}": {"post": operation},
            "/api/class/import": {
                "get": {
                    "tags": ["/api/class"],
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/gone"}
                                }
                            },
                        }
                    },
                }
            },
            "/api/../../etc/passwd": {"get": {"tags": [NASTY[6]], "responses": {}}},
            "/api/x"
            + NASTY[0].replace("\n", ""): {"delete": {"tags": [NASTY[0]], "responses": {}}},
        },
        "components": {
            "schemas": {
                "__init__": {"type": "string", "description": NASTY[4]},
                "os.system('x')": {"type": "object", "properties": {"None": {"type": "null"}}},
                "../evil": evil_schema,
                "None": {"type": "integer"},
            }
        },
    }


def test_hostile_spec_generates_a_safe_package(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(hostile_document()))
    work = tmp_path / "work"
    work.mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    out = work / "out"
    generated = generate_and_import(spec, out, "hostile_client")
    assert not (Path.cwd() / "PWNED").exists() and not (tmp_path / "PWNED").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    written = [p.resolve() for p in out.rglob("*")]
    assert all(str(p).startswith(str(out.resolve())) for p in written)
    for module in (out / "hostile_client").glob("*.py"):
        compile(module.read_text(), str(module), "exec")
    # Importing ran none of the text: the payload would have written PWNED in the cwd.
    check = subprocess.run(
        [sys.executable, "-c", "import hostile_client, hostile_client.models"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert not (out / "PWNED").exists()
    ops = {(o["method"], o["path"]): o for o in generated.manifest()}
    op = ops[("POST", "/api/__init__/{class}")]
    assert op["params"]["class"] == "class_"
    assert op["params"]["self"] == "self_" and op["params"]["body"] == "body_"
    assert all(name.isidentifier() for name in op["params"].values())
    # The operation still works, sending the published names.
    with ScriptedServer() as server:
        server.on("POST", "/api/__init__/a%2Fb", Reply(body=b'{"ok": true}'))
        client = generated.module.MetabaseClient(server.url, api_key="k")
        namespace, name = op["python"].split(".")
        kwargs = {op["params"]["class"]: "a/b", op["params"][PAYLOAD]: "v", "body": {"def": {}}}
        assert getattr(getattr(client, namespace), name)(**kwargs) == {"ok": True}
        seen = server.seen[0]
    assert seen.query.startswith("__import__")
    models = importlib.import_module(generated.module.__name__ + ".models")  # types only
    typed_dicts = [v for v in vars(models).values() if isinstance(v, type) and issubclass(v, dict)]
    assert len(typed_dicts) >= 2  # the hostile schemas became TypedDicts, keys and all
    evil = next(v for v in typed_dicts if "lib/uuid" in getattr(v, "__annotations__", {}))
    assert {"__class__", "def", 'a"b', "t"} <= set(evil.__annotations__)
    repairs = json.loads(run_mbgen_ingest(spec))["repairs"]
    assert any(r["kind"] == "dangling-ref" and "gone" in r["what"] for r in repairs)
    assert json.loads(seen.body) == {"def": {}}


def run_mbgen_ingest(spec: Path) -> str:
    result = run_mbgen("ingest", str(spec), "-o", "-", "-q")
    assert result.returncode == 0, result.stderr
    return result.stdout
