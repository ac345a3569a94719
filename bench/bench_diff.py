"""Whole-process diff of two 2025-12-sized OpenAPI documents: mbgen against api-smart-diff (npm)
on the same two files, measured in the same run.

    .venv/bin/python -m bench.bench_diff [--runs N]

OLD is `mbgen normalize` of the 2025-12 document (api-smart-diff needs a valid document); NEW
is OLD with the changes `bench/mutate_spec.py` makes, nine moves among them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "sources" / "metabase" / "openapi" / "metabase-2025-12.openapi.json"
BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        old, new = tmp / "old.json", tmp / "new.json"
        subprocess.run(
            [
                str(BIN / "mbgen"),
                "normalize",
                str(SPEC),
                "--openapi-out",
                str(old),
                "-q",
                "--release",
                "2025-12",
            ],
            check=True,
        )
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "mutate_spec.py"), str(old), str(new)], check=True
        )
        ours, report = median_seconds(
            [str(BIN / "mbgen"), "diff", str(old), str(new), "--format", "json"],
            args.runs,
            cwd=ROOT,
        )
        peer, peer_report = median_seconds(
            ["node", str(ROOT / "bench" / "asd_diff.mjs"), str(old), str(new)], args.runs, cwd=ROOT
        )
    changes = json.loads(report)["changes"]
    moves = sum(c["kind"] == "operation-moved" for c in changes)
    print(f"mbgen diff            {ours:6.2f} s   {len(changes)} changes, {moves} moves found")
    print(f"api-smart-diff (npm)  {peer:6.2f} s   {json.loads(peer_report)}")
    print(f"ratio peer/mbgen: {peer / ours:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
