"""`mbgen calls` on hostile code written for these tests: templates Python refuses, text a
terminal would obey, values that nest a variable hundreds of times per level, files past the size
bound, and shapes whose work must grow with the code, not faster. Work is counted in the
evaluator's steps (deterministic), not in seconds (a shared machine's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.calls.files import MAX_FILE_BYTES, read_tree
from generator.calls.project import Project
from generator.calls.raw import ProjectScan
from tests.conftest import ROOT, run_mbgen

SPEC = str(ROOT / "specs" / "metabase-0.63.2.json")


def test_templates_python_refuses_are_no_crash(tmp_path: Path) -> None:
    code = tmp_path / "formats.py"
    code.write_text(
        "import requests\n"
        'requests.get("/api/card/{".format(1))\n'
        'requests.get("/api/card/%(x" % {"x": 1})\n'
        'requests.get("/api/card/{0[}".format([1]))\n'
        'requests.get("/api/card/{}".format(2))\n'
    )
    result = run_mbgen("calls", SPEC, "--code", str(code), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [(c["line"], c["path"]) for c in json.loads(result.stdout)["calls"]] == [
        (5, "/api/card/{id}")
    ]


def test_text_from_the_code_is_escaped_on_a_terminal(tmp_path: Path) -> None:
    code = tmp_path / "text.py"
    code.write_text(
        "import requests\n"
        'requests.get("http://mb/api/card/\\ud800")\n'
        'requests.get("http://mb/api/card/\\x1b[2J\\u202e")\n'
    )
    broken = tmp_path / "bro\x1b[31mken.py"
    broken.write_text("def (:\n")
    text = run_mbgen("calls", SPEC, "--code", str(tmp_path))
    assert text.returncode == 0, text.stderr
    assert "/api/card/\\ud800" in text.stdout and "/api/card/\\x1b[2J\\u202e" in text.stdout
    assert "\x1b" not in text.stdout + text.stderr and "\u202e" not in text.stdout
    assert "bro\\x1b[31mken.py: not Python this mbgen can parse; skipped" in text.stderr
    data = json.loads(run_mbgen("calls", SPEC, "--code", str(tmp_path), "--format", "json").stdout)
    assert [c["template"] for c in data["calls"]] == ["/api/card/\ud800", "/api/card/\x1b[2J\u202e"]


def _steps(tmp_path: Path, name: str, code: str) -> tuple[int, int]:
    """(evaluator steps, calls found) for a code base of one file."""
    path = tmp_path / name
    path.write_text(code)
    tree = read_tree(path)
    assert not isinstance(tree, str), tree
    scan = ProjectScan(Project.build([(str(path), path, tree)]))
    calls = sum(len(scan.scan_module(m).calls) for m in scan.project.modules)
    return scan.evaluator.total, calls


def _nested(form: str, levels: int, times: int) -> str:
    """Each level a variable written `times` times in the one before (2.5 KB at 3 x 200)."""
    lines = ["import requests", 'a0 = "x"']
    for i in range(1, levels + 1):
        before = f"a{i - 1}"
        if form == "f-string":
            lines.append(f'a{i} = f"' + ("{" + before + "}") * times + '"')
        elif form == "format":
            arguments = ", ".join([before] * times)
            lines.append(f'a{i} = "' + "{}" * times + f'".format({arguments})')
        else:
            arguments = ", ".join([before] * times)
            lines.append(f'a{i} = "' + "%s" * times + f'" % ({arguments})')
    lines.append(f'requests.get(f"http://mb/api/card/{{a{levels}}}")')
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("form", ["f-string", "format", "percent"])
def test_a_variable_nested_hundreds_of_times_per_level_is_read_once(
    tmp_path: Path, form: str
) -> None:
    # Before: 52 s on the 2.5 KB of three levels of f-strings (200^3 expansions).
    small, found = _steps(tmp_path, "small.py", _nested(form, 3, 200))
    assert found == 1  # the call is still found, its segment one computed value
    large, _ = _steps(tmp_path, "large.py", _nested(form, 6, 400))
    # Four times the code, at most about four times the work (not 400^6 / 200^3 times).
    assert small < 3_000 and large <= 4.5 * small


def _chain(n: int) -> str:  # a variable rebuilt n times, a call after each rebuild
    lines = ["import requests", "def f(base):", '    url = base + "/api"']
    for _ in range(n):
        lines += ['    url = url + "/card"', "    requests.get(url)"]
    return "\n".join(lines) + "\n"


def _narrowings(n: int) -> str:
    lines = ["import requests", "def f(base, kind):", '    assert kind in ("card", "table")']
    for _ in range(n):
        lines += ['    if kind == "card":', '        requests.get(f"{base}/api/{kind}/1")']
    return "\n".join(lines) + "\n"


def _table(n: int) -> str:  # a table of n rows, read by n/10 loops
    rows = ",\n".join(f'    ("k{i}", "/api/card/{i}")' for i in range(n))
    lines = ["import requests", f"ROWS = [\n{rows}\n]", "def f(base):"]
    for _ in range(n // 10):
        lines += ["    for k, p in ROWS:", "        requests.get(base + p)"]
    return "\n".join(lines) + "\n"


def _subclasses(n: int) -> str:
    lines = ["import requests", "class Base:", "    ENDPOINT = None", "    def go(self):"]
    lines += ['        return requests.get("http://mb" + self.ENDPOINT)']
    for i in range(n):
        lines += [f"class C{i}(Base):", f'    ENDPOINT = "/api/card/{i}"']
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("shape", [_chain, _narrowings, _table, _subclasses])
def test_the_work_grows_with_the_code_not_faster(
    tmp_path: Path, shape: Callable[[int], str]
) -> None:
    """The shapes of the 19.6 MB file (86 s, 3.7 GB before): one function rebuilding a value,
    thousands of narrowings, a table read by many loops, a base class with many subclasses."""
    one, _ = _steps(tmp_path, "one.py", shape(500))
    four, _ = _steps(tmp_path, "four.py", shape(2_000))
    assert four <= 4.5 * one


def test_a_file_past_the_size_bound_is_skipped_with_a_warning(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    big.write_bytes(b"#" * MAX_FILE_BYTES + b"\n")
    assert read_tree(big) == "larger than 4 MiB, the most one file may be"
    small = tmp_path / "small.py"
    small.write_text('import requests\nrequests.get("http://mb/api/card")\n')
    result = run_mbgen("calls", SPEC, "--code", str(tmp_path))
    assert result.returncode == 0
    assert f"{big}: larger than 4 MiB, the most one file may be; skipped" in result.stderr
    assert result.stdout.startswith(f"{small}:2: GET /api/card")
