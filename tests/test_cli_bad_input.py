"""Bad input: one clear line on stderr naming the source and the problem, a non-zero exit,
no traceback, nothing written and nothing of the user's touched. Real CLI subprocesses."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import OPENAPI_2025, run_mbgen

YAML_BOMB = """\
openapi: 3.1.0
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
paths: {}
"""


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path to pass as SOURCE, words the message must contain)."""
    published = OPENAPI_2025.read_bytes()
    cases: dict[str, tuple[bytes | None, str]] = {
        "truncated.json": (published[: len(published) // 2], "invalid JSON"),
        "empty.json": (b"", "empty"),
        "blank.md": (b"  \n\n", "empty"),
        "binary.bin": (bytes(range(256)) * 4, "binary"),
        "latin1.txt": ("caf\xe9 GET /api/x".encode("latin-1"), "UTF-8"),
        "login.html": (b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML"),
        "not-openapi.json": (b'{"hello": "world"}', "not an OpenAPI document"),
        "swagger.json": (b'{"swagger": "2.0", "paths": {}}', "Swagger 2.0"),
        "list.json": (b"[1, 2, 3]", "not an OpenAPI document"),
        "bomb.yaml": (YAML_BOMB.encode(), "aliases"),
        "bad.yaml": (b"openapi: 3.1.0\npaths: [unclosed\n", "invalid YAML"),
        "prose.txt": (b"Just some notes about an API.\n", "not an API description"),
        "bad-ir.json": (b'{"format": "mbgen-ir", "version": 1, "endpoints": 3}', "endpoints"),
        "missing.json": (None, "no such file"),
    }
    out = {}
    for name, (data, words) in cases.items():
        path = tmp / name
        if data is not None:
            path.write_bytes(data)
        out[name] = (path, words)
    empty_folder = tmp / "no-markdown"
    empty_folder.mkdir()
    (empty_folder / "notes.txt").write_text("GET /api/x\n")
    out["no-markdown"] = (empty_folder, "no Markdown")
    headless = tmp / "headless"
    headless.mkdir()
    (headless / "index.md").write_text("# Metabase API documentation\n\nNo endpoints here.\n")
    out["headless"] = (headless, "no Markdown file in this folder has endpoint headings")
    return out


def _assert_one_clean_line(stderr: str, source: Path, words: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("mbgen: ")
    assert str(source) in lines[0] or source.name in lines[0], lines[0]
    assert words.lower() in lines[0].lower(), lines[0]


@pytest.mark.parametrize("verb", ["ingest", "normalize"])
def test_bad_inputs_fail_cleanly_and_write_nothing(tmp_path: Path, verb: str) -> None:
    for name, (source, words) in _bad_inputs(tmp_path).items():
        out = tmp_path / f"out-{name}.json"
        flag = "-o" if verb == "ingest" else "--openapi-out"
        result = run_mbgen(verb, str(source), flag, str(out))
        assert result.returncode != 0, name
        _assert_one_clean_line(result.stderr, source, words)
        assert not out.exists(), name
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], name


def test_existing_output_survives_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "keep.json"
    out.write_text("the user's own file\n")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    result = run_mbgen("ingest", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert out.read_text() == "the user's own file\n"


def test_output_that_is_the_input_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    original = OPENAPI_2025.read_bytes()
    spec.write_bytes(original)
    result = run_mbgen("ingest", str(spec), "-o", str(spec))
    assert result.returncode == 1
    assert "refusing to overwrite" in result.stderr
    assert spec.read_bytes() == original


def test_repairs_are_warnings_not_failures(tmp_path: Path) -> None:
    out = tmp_path / "ir.json"
    result = run_mbgen("ingest", str(OPENAPI_2025), "-o", str(out), "--release", "2025-12")
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "empty-allOf" in result.stderr
    ir = json.loads(out.read_text())
    assert ir["format"] == "mbgen-ir" and len(ir["endpoints"]) == 540


def test_stdin_source(tmp_path: Path) -> None:
    out = tmp_path / "ir.json"
    result = run_mbgen(
        "ingest", "-", "-o", str(out), "--release", "x", input=OPENAPI_2025.read_bytes()
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(out.read_text())["endpoints"]) == 540
    assert json.loads(out.read_text())["source"]["name"] == "<stdin>"


FIXTURE = Path(__file__).parent / "golden" / "fixture.openapi.json"


def _one_line(result: Any, *words: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert all(word in lines[0] for word in words), lines[0]


def test_report_outputs_that_are_not_a_file_to_replace_are_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    _one_line(run_mbgen("diff", str(FIXTURE), str(FIXTURE), "-o", str(pipe)), "not a regular")
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe, not a report file
    accepted = tmp_path / "accepted.txt"
    accepted.write_text("# nothing accepted yet\n")
    result = run_mbgen(
        "diff", str(FIXTURE), str(FIXTURE), "--ignore", str(accepted), "-o", str(accepted)
    )
    _one_line(result, "accepted.txt", "is also an input")
    assert accepted.read_text() == "# nothing accepted yet\n"
    _one_line(run_mbgen("diff", str(FIXTURE), str(FIXTURE), "-o", ""), "empty file name")


def test_a_specs_index_nested_too_deep_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text("[" * 1000 + "]" * 1000)
    _one_line(run_mbgen("changelog", str(tmp_path)), "index.json")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{{ 1/0 }}", ["api.py.j2", "template error: ZeroDivisionError"]),
        ('{% include "package/api.py.j2" %}', ["api.py.j2", "RecursionError"]),
        ('{% include "nope.j2" %}', ["api.py.j2", "template not found: nope.j2"]),
    ],
)
def test_a_broken_user_template_is_bad_input(tmp_path: Path, text: str, words: list[str]) -> None:
    (tmp_path / "t" / "package").mkdir(parents=True)
    (tmp_path / "t" / "package" / "api.py.j2").write_text(text)
    out = tmp_path / "out"
    result = run_mbgen("generate", str(FIXTURE), "-o", str(out), "--templates", str(tmp_path / "t"))
    _one_line(result, *words)
    assert not out.exists()
