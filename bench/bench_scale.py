"""Does mbgen stay linear on documents up to 20x the 2025-12 one? Whole processes on the
2025-12 document repeated N times (every path and tag copied under a prefix of its own), and the
hostile shapes of issue #11 at two sizes each.

    .venv/bin/python -m bench.bench_scale [--sizes 1 5 10 20] [--runs 1]

Prints a Markdown table: seconds per verb and size, and each time divided by N times the 1x one
(1.0 is linear; a quadratic step grows with N).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "sources" / "metabase" / "openapi" / "metabase-2025-12.openapi.json"
MBGEN = str(Path(sys.executable).parent / "mbgen")


def scaled(doc: dict[str, Any], copies: int, prefix: str = "r") -> dict[str, Any]:
    """`doc` with its paths repeated: copy k of `/api/card/{id}` is `/api/r{k}-card/{id}` in
    tag `/api/r{k}-card` (copy 0 is the document as published)."""
    out = copy.deepcopy(doc)
    paths: dict[str, Any] = {}
    for k in range(copies):
        for path, item in doc["paths"].items():
            rename = (
                path if k == 0 and prefix == "r" else path.replace("/api/", f"/api/{prefix}{k}-", 1)
            )
            item = copy.deepcopy(item)
            for op in item.values():
                if isinstance(op, dict) and isinstance(op.get("tags"), list):
                    op["tags"] = [
                        t.replace("/api/", f"/api/{prefix}{k}-", 1) if k or prefix != "r" else t
                        for t in op["tags"]
                    ]
            paths[rename] = item
    out["paths"] = paths
    return out


def enum_document(values: int) -> dict[str, Any]:
    schema = {"type": "string", "enum": [f"v{i % (values // 2)}" for i in range(values)]}
    op = {
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/api/x": {"get": op}},
    }


def row(label: str, command: list[str], runs: int, env: dict[str, str]) -> float:
    seconds, _ = median_seconds(command, runs, env=env)
    print(f"  {label}: {seconds:.2f} s", file=sys.stderr, flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    doc = json.loads(SPEC.read_text())
    results: dict[str, dict[int, float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "MBGEN_CACHE_DIR": str(tmp / "cache")}
        for n in args.sizes:
            source, renamed = tmp / f"x{n}.json", tmp / f"renamed{n}.json"
            source.write_text(json.dumps(scaled(doc, n)))
            renamed.write_text(json.dumps(scaled(doc, n, prefix="moved")))
            out = tmp / f"client{n}"
            commands = {
                "ingest": ["ingest", str(source), "-o", str(tmp / "ir.json")],
                "normalize": ["normalize", str(source), "--openapi-out", str(tmp / "o.json")],
                # median_seconds warms up once: the counted runs find the black cache warm.
                "generate (warm cache)": ["generate", str(source), "-o", str(out)],
                "diff, every path renamed": ["diff", str(source), str(renamed), "--format", "json"],
            }
            print(f"{n}x ({540 * n} operations)", file=sys.stderr)
            for label, command in commands.items():
                results.setdefault(label, {})[n] = row(label, [MBGEN, *command], args.runs, env)
        for values in (10_000, 100_000):
            source = tmp / f"enum{values}.json"
            source.write_text(json.dumps(enum_document(values)))
            label = "ingest, enum with duplicates (values / 10,000)"
            n = values // 10_000
            results.setdefault(label, {})[n] = row(
                label, [MBGEN, "ingest", str(source), "-o", str(tmp / "e.json")], args.runs, env
            )
    sizes = sorted({n for timings in results.values() for n in timings})
    print("| what | " + " | ".join(f"{n}x s (ratio)" for n in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    for label, timings in results.items():
        base = timings[min(timings)] / min(timings)
        cells = [
            f"{timings[n]:.2f} ({timings[n] / (base * n):.2f})" if n in timings else ""
            for n in sizes
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
