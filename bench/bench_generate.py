"""Whole-process client generation of the 2025-12 document: mbgen against openapi-python-client
on the same repaired document (`mbgen normalize` output), measured in the same run.

    .venv/bin/python -m bench.bench_generate --peer .venv-bench/bin/openapi-python-client

mbgen is timed cold (an empty black cache, as on a first run) and warm (regenerating the same
release). Both tools format their output (black for mbgen; ruff for openapi-python-client).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "sources" / "metabase" / "openapi" / "metabase-2025-12.openapi.json"
BIN = Path(sys.executable).parent


def run(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {result.stderr[-2000:]}")
    return elapsed


def count_peer_operations(out: Path) -> int:
    """openapi-python-client writes one module per operation under <package>/api/<tag>/."""
    return sum(1 for p in out.glob("*/api/*/*.py") if p.name != "__init__.py")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peer", required=True, help="openapi-python-client executable")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        repaired = tmp / "metabase.openapi.json"
        run(
            [
                str(BIN / "mbgen"),
                "normalize",
                str(SPEC),
                "--openapi-out",
                str(repaired),
                "-q",
                "--release",
                "2025-12",
            ]
        )
        cold, warm, peer = [], [], []
        for i in range(args.runs):
            cache = tmp / f"cache-{i}"
            env = {**os.environ, "MBGEN_CACHE_DIR": str(cache)}
            out = tmp / f"mbgen-{i}"
            command = [
                str(BIN / "mbgen"),
                "generate",
                str(SPEC),
                "-o",
                str(out),
                "--release",
                "2025-12",
            ]
            cold.append(run(command, env))
            warm.append(run(command, env))
            peer_out = tmp / f"peer-{i}"
            peer.append(
                run(
                    [
                        args.peer,
                        "generate",
                        "--path",
                        str(repaired),
                        "--output-path",
                        str(peer_out),
                        "--overwrite",
                    ]
                )
            )
        manifest = json.loads((tmp / "mbgen-0" / "metabase_client" / "operations.json").read_text())
        ours = len(manifest["operations"])
        theirs = count_peer_operations(tmp / "peer-0")
        shutil.rmtree(tmp, ignore_errors=True)
    c, w, p = statistics.median(cold), statistics.median(warm), statistics.median(peer)
    print(f"mbgen generate, cold black cache   {c:7.2f} s   {ours} operations")
    print(f"mbgen generate, warm black cache   {w:7.2f} s")
    print(f"openapi-python-client generate     {p:7.2f} s   {theirs} operations")
    print(f"ratio peer/mbgen: cold {p / c:.1f}x, warm {p / w:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
