"""Whole-process diff of real-sized OpenAPI documents: mbgen against api-smart-diff (npm) on the
same two files, measured in the same run.

    .venv/bin/python -m bench.bench_diff [--runs N] [--pairs mutated 0.58-0.59 0.59-0.63.2]

`mutated`: OLD is `mbgen normalize` of the 2025-12 document (api-smart-diff needs a valid
document); NEW is OLD with the changes `bench/mutate_spec.py` makes, twelve moves among them.
`0.58-0.59` and `0.59-0.63.2`: `mbgen normalize` of two bundled releases (0.63.2: 667
operations), a real upgrade's changes.
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
OPENAPI = ROOT / "specs" / "sources" / "metabase" / "openapi"
SPEC = OPENAPI / "metabase-2025-12.openapi.json"
RELEASES = {
    "0.58": SPEC,
    "0.59": OPENAPI / "metabase-0.59-2026-02.openapi.json",
    "0.63.2": OPENAPI / "metabase-0.63.2.openapi.json",
}
BIN = Path(sys.executable).parent


def normalized(source: Path, release: str, out: Path) -> Path:
    command = [str(BIN / "mbgen"), "normalize", str(source), "--openapi-out", str(out), "-q"]
    subprocess.run([*command, "--release", release], check=True)
    return out


def documents(pair: str, tmp: Path) -> tuple[Path, Path]:
    if pair == "mutated":
        old = normalized(SPEC, "2025-12", tmp / "old.json")
        new = tmp / "new.json"
        mutate = [sys.executable, str(ROOT / "bench" / "mutate_spec.py"), str(old), str(new)]
        subprocess.run(mutate, check=True)
        return old, new
    a, b = pair.split("-")
    return normalized(RELEASES[a], a, tmp / f"{a}.json"), normalized(
        RELEASES[b], b, tmp / f"{b}.json"
    )


def measure(pair: str, runs: int, tmp: Path) -> float:
    old, new = documents(pair, tmp)
    ours, report = median_seconds(
        [str(BIN / "mbgen"), "diff", str(old), str(new), "--format", "json"], runs, cwd=ROOT
    )
    peer, peer_report = median_seconds(
        ["node", str(ROOT / "bench" / "asd_diff.mjs"), str(old), str(new)], runs, cwd=ROOT
    )
    summary = json.loads(report)["summary"]
    changes = json.loads(report)["changes"]
    moves = sum(c["kind"] == "operation-moved" for c in changes)
    print(f"[{pair}]")
    print(
        f"mbgen diff            {ours:6.2f} s   {len(changes)} changes "
        f"({summary['breaking']} breaking reported), {moves} moves"
    )
    print(f"api-smart-diff (npm)  {peer:6.2f} s   {json.loads(peer_report)['diffs']} diffs")
    print(f"ratio mbgen/peer: {ours / peer:.2f}x (peer/mbgen {peer / ours:.1f}x)")
    return ours / peer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pairs", nargs="+", default=["mutated", "0.58-0.59", "0.59-0.63.2"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        for pair in args.pairs:
            measure(pair, args.runs, Path(tmp_name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
