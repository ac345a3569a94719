"""Whole-process ingest time for each corpus snapshot, against the peer measured in the same run:
openapi-spec-validator's own CLI validating the same 2025-12 document in full
(`--validation-errors all`; its default stops at the first error, which is no full read).

    .venv/bin/python -m bench.bench_ingest [--runs N]

Prints a table of medians and the ratio peer / mbgen (higher is better for mbgen).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "specs" / "sources" / "metabase"
BIN = Path(sys.executable).parent


def timed(command: list[str], runs: int, check: bool = True) -> float:
    return median_seconds(command, runs, check=check)[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    openapi = CORPUS / "openapi" / "metabase-2025-12.openapi.json"
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "ir.json")
        rows = []
        ingest = timed(
            [str(BIN / "mbgen"), "ingest", str(openapi), "-o", out, "-q", "--release", "2025-12"],
            args.runs,
        )
        rows.append(("mbgen ingest 2025-12 OpenAPI", ingest))
        repaired = str(Path(tmp) / "openapi.json")
        normalize = timed(
            [
                str(BIN / "mbgen"),
                "normalize",
                str(openapi),
                "--openapi-out",
                repaired,
                "-q",
                "--release",
                "2025-12",
            ],
            args.runs,
        )
        rows.append(("mbgen normalize 2025-12 OpenAPI", normalize))
        for folder in sorted((CORPUS / "markdown").iterdir()):
            if folder.is_dir():
                seconds = timed(
                    [str(BIN / "mbgen"), "ingest", str(folder), "-o", out, "-q"], args.runs
                )
                rows.append((f"mbgen ingest Markdown {folder.name}", seconds))
        peer = timed(
            [str(BIN / "openapi-spec-validator"), "--validation-errors", "all", str(openapi)],
            args.runs,
            check=False,
        )
        rows.append(("peer: openapi-spec-validator 2025-12", peer))
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.3f} s")
    print(f"ratio peer/mbgen on the 2025-12 document: {peer / ingest:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
