"""`mbgen calls` over a generated 20,000-line code base, whole process, against `grep -rn /api/`
over the same files (the text search a user would otherwise start from), in the same run.

    .venv/bin/python -m bench.bench_calls [--runs N] [--lines 20000]

The code base is written into a temporary folder: modules of a client class (a base URL ending
in `/api`, a `_request` wrapper), functions calling `requests` with literals, f-strings,
`.format`, `%` and concatenation, a narrowed segment, and as much plain code (docstrings naming
endpoints, dict work, loops) again, every path taken from the 2025-12 release. The benchmark
checks that every generated call is found before it reports a time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "metabase-0.58.json"
BIN = Path(sys.executable).parent

CLIENT = '''"""Client {n}: GET /api/card/{{id}} and friends, as docstrings mention them."""

import requests


class Client{n}:
    def __init__(self, url, token):
        self.api_url = url.rstrip("/") + "/api"
        self.token = token

    def _request(self, method, endpoint, **kwargs):
        url = f"{{self.api_url}}/{{endpoint.lstrip('/')}}"
        return requests.request(method, url, headers={{"x-api-key": self.token}}, **kwargs)
'''
WRAPPED = '''
    def call_{i}(self, value):
        """Calls {method} {path}."""
        return self._request("{verb}", f"{rest}", json={{"name": value}})
'''
FUNCTIONS = [
    '''
def raw_{i}(base, value, session):
    """{method} {path} (see the docs)."""
    return session.{verb}(base + "{literal}", params={{"f": "all"}})
''',
    """
def fmt_{i}(base, value):
    return requests.{verb}("{{}}{format_path}".format(base, value))
""",
    """
def pct_{i}(base, value):
    return requests.{verb}(base + "{percent_path}" % value)
""",
]
FILLER = '''
def helper_{i}(rows):
    """Summarise rows: not an API call, though it mentions /api/card/1."""
    totals = {{}}
    for row in rows:
        key = row.get("name", "")
        totals[key] = totals.get(key, 0) + len(str(row))
    ui_link = f"{{rows}}/card/{{len(rows)}}"
    return sorted(totals.items(), key=lambda item: (-item[1], item[0])), ui_link
'''


def _endpoints() -> list[tuple[str, str]]:
    ir = json.loads(SPEC.read_text())
    return [
        (e["method"], e["path"])
        for e in ir["endpoints"]
        if e["method"] in ("GET", "POST", "PUT", "DELETE") and e["path"].count("{") <= 1
    ]


def _fill(path: str, value: str) -> str:
    head, _, tail = path.partition("{")
    return head + value + tail.partition("}")[2] if _ else path


def write_code_base(root: Path, lines: int) -> int:
    """Modules until `lines` lines are written; the number of calls they hold."""
    endpoints = _endpoints()
    written = calls = n = 0
    while written < lines:
        parts = [CLIENT.format(n=n)]
        for i in range(10):
            method, path = endpoints[(n * 10 + i) % len(endpoints)]
            rest = _fill(path.removeprefix("/api"), "{value}")
            parts.append(
                WRAPPED.format(i=i, method=method, path=path, verb=method.lower(), rest=rest)
            )
        for i in range(12):
            method, path = endpoints[(n * 12 + i * 7) % len(endpoints)]
            template = FUNCTIONS[i % 3]
            parts.append(
                template.format(
                    i=i,
                    method=method,
                    path=path,
                    verb=method.lower(),
                    literal=_fill(path, "1"),
                    format_path=_fill(path, "{}"),
                    percent_path=_fill(path, "%s").replace("%", "%%", path.count("%")),
                )
            )
            parts.append(FILLER.format(i=i))
        text = "".join(parts)
        (root / f"module_{n:04d}.py").write_text(text)
        written += text.count("\n")
        calls += 22
        n += 1
    return calls


def _cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lines", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        code = Path(tmp_name) / "code"
        code.mkdir()
        expected = write_code_base(code, args.lines)
        lines = sum(p.read_text().count("\n") for p in code.glob("*.py"))
        ours, report = median_seconds(
            [str(BIN / "mbgen"), "calls", str(SPEC), "--code", str(code), "--format", "json"],
            args.runs,
        )
        peer, grep_out = median_seconds(["grep", "-rn", "/api/", str(code)], args.runs)
        cpu = _cpu_seconds(
            [str(BIN / "mbgen"), "calls", str(SPEC), "--code", str(code), "--format", "json"]
        )
        files = len(list(code.glob("*.py")))
    found = json.loads(report)["calls"]
    if len(found) != expected:
        raise SystemExit(f"mbgen calls found {len(found)} calls, the code base holds {expected}")
    grep_lines = len(grep_out.splitlines())
    print(f"code base: {lines} lines in {files} files, {expected} calls")
    print(f"mbgen calls   {ours:6.2f} s   {len(found)} calls, each with method and endpoint")
    print(f"              {cpu:6.2f} s of CPU (user + system: what other load does not inflate)")
    print(f"grep -rn      {peer:6.2f} s   {grep_lines} lines (docstrings included, no methods)")
    print(f"ratio: mbgen takes {ours / peer:.0f}x as long as grep")
    return 0


if __name__ == "__main__":
    sys.exit(main())
