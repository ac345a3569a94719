"""The generated client as a user meets it: `help()` shows the real call, type checkers see
every public symbol's type (pyright --verifytypes), and importing it loads neither the models
nor any namespace until one is used."""

from __future__ import annotations

import json
import os
import pydoc
import re
import subprocess
import sys

from tests.conftest import ROOT, Generated

PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


def helped(thing: object) -> str:
    """What `help(thing)` prints, without the terminal's bold."""
    return pydoc.plain(pydoc.render_doc(thing))


def test_help_shows_signature_return_type_route_and_description(generated_2025: Generated) -> None:
    client = generated_2025.module.MetabaseClient("http://127.0.0.1:9", api_key="k")
    text = helped(client.card.get)
    assert "get(*, id: 'int | str', legacy_mbql: 'bool | None' = None, extra_query:" in text
    assert "timeout: 'Timeout | None' = None) -> " in text
    assert "GET /api/card/{id}" in text and "Get `Card` with ID." in text
    assert "Request" not in text  # the call sends and answers, it does not build a request
    text = helped(client.action.get)
    assert "-> 'm.ActionsSchemaAction'" in text  # the parsed answer's type
    namespace = helped(client.card)
    assert "Operations of /api/card: list, create" in namespace
    assert re.search(r"\|  copy\(self, \*, id: 'int', extra_query: ", namespace)
    client.close()


def test_async_methods_show_the_same_call(generated_2025: Generated) -> None:
    client = generated_2025.module.AsyncMetabaseClient("http://127.0.0.1:9", api_key="k")
    text = helped(client.card.get)
    assert "async get(*, id: 'int | str'" in text and "GET /api/card/{id}" in text


def test_import_loads_no_models_and_namespaces_on_first_use(generated_2025: Generated) -> None:
    package = generated_2025.package
    script = f"""
import sys
import {package}
loaded = lambda: sorted(m for m in sys.modules if m.startswith("{package}."))
before = loaded()
client = {package}.MetabaseClient("http://127.0.0.1:9", api_key="k")
client.card
print(before)
print(loaded())
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=generated_2025.root,
        check=True,
    )
    before, after = (json.loads(line.replace("'", '"')) for line in result.stdout.splitlines())
    assert f"{package}.models" not in before and f"{package}.models" not in after
    assert not any(".namespaces" in m or "_operations" in m for m in before)
    assert {f"{package}.namespaces.card", f"{package}._operations"} <= set(after)
    assert f"{package}.namespaces.user" not in after


def test_pyright_verifytypes_at_least_95_percent(generated_2025: Generated) -> None:
    env = {**os.environ, "PYTHONPATH": str(generated_2025.root)}
    command = [str(PYRIGHT), "--pythonpath", sys.executable, "--outputjson", "--ignoreexternal"]
    result = subprocess.run(
        [*command, "--verifytypes", generated_2025.package],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    report = json.loads(result.stdout)
    completeness = report["typeCompleteness"]
    assert completeness["exportedSymbolCounts"]["withKnownType"] > 1000
    assert completeness["completenessScore"] >= 0.95, completeness


def test_model_names_read_and_each_shape_is_one_model(generated_2025: Generated) -> None:
    source = (generated_2025.package_dir / "models.py").read_text()
    classes = re.findall(r"^class (\w+)\((.*?)\):\n(.*?)(?=^\S)", source, re.MULTILINE | re.DOTALL)
    assert len(classes) > 250
    assert [n for n, _, _ in classes if re.search(r"(Part|Option)\d+$", n)] == []
    bodies = [(bases, body) for _, bases, body in classes if "pass" not in body]
    # Identical inline objects are emitted once. One twin remains: an inline answer met before
    # the named component with the same fields (a component keeps its own name).
    assert len(bodies) - len(set(bodies)) <= 1
    assert '    """value must be a valid UUID."""' in source  # field descriptions are docstrings
