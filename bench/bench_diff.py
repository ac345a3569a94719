"""Whole-process diff of two 2025-12-sized OpenAPI documents: mbgen against api-smart-diff (npm)
on the same two files, measured in the same run.

    .venv/bin/python bench/bench_diff.py [--runs N]

OLD is `mbgen normalize` of the 2025-12 document (api-smart-diff needs a valid document); NEW
is OLD with the changes `bench/mutate_spec.py` makes, nine moves among them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "sources" / "metabase" / "openapi" / "metabase-2025-12.openapi.json"
BIN = Path(sys.executable).parent


def timed(command: list[str], runs: int) -> tuple[float, str]:
    output = ""
    times = []
    for _ in range(runs + 1):  # the first run warms the file cache and is not counted
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{command[0]} failed: {result.stderr[-2000:]}")
        output = result.stdout
    return statistics.median(times[1:]), output


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        old, new = tmp / "old.json", tmp / "new.json"
        subprocess.run(
            [str(BIN / "mbgen"), "normalize", str(SPEC), "--openapi-out", str(old), "-q",
             "--release", "2025-12"],
            check=True,
        )  # fmt: skip
        subprocess.run([sys.executable, str(ROOT / "bench" / "mutate_spec.py"), str(old), str(new)],
                       check=True)  # fmt: skip
        ours, report = timed(
            [str(BIN / "mbgen"), "diff", str(old), str(new), "--format", "json"], args.runs
        )
        peer, peer_report = timed(["node", str(ROOT / "bench" / "asd_diff.mjs"), str(old), str(new)],
                                  args.runs)  # fmt: skip
    changes = json.loads(report)["changes"]
    moves = sum(c["kind"] == "operation-moved" for c in changes)
    print(f"mbgen diff            {ours:6.2f} s   {len(changes)} changes, {moves} moves found")
    print(f"api-smart-diff (npm)  {peer:6.2f} s   {json.loads(peer_report)}")
    print(f"ratio peer/mbgen: {peer / ours:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
