"""Whole-process `import metabase_client` (the generated 2025-12 client) against `import httpx`,
its one dependency, in the same run: the price a user's script pays for the client.

    .venv/bin/python -m bench.bench_import

Both processes run the same interpreter with the same `sys.path` (the package's folder first),
with byte-compiled modules as an installed package has them, interleaved, medians of 21.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "metabase-0.58.json"


def _time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def measure(package_root: Path, runs: int) -> tuple[float, float]:
    """Median seconds of a process importing httpx, and of one importing the client."""
    prefix = f"import sys; sys.path.insert(0, {str(package_root)!r}); "
    peer, ours = [], []
    for i in range(runs + 1):
        first, second = _time(prefix + "import httpx"), _time(prefix + "import metabase_client")
        if i:  # the first pair warms the file cache
            peer.append(first)
            ours.append(second)
    return statistics.median(peer), statistics.median(ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "client"
        mbgen = Path(sys.executable).parent / "mbgen"
        subprocess.run([str(mbgen), "generate", str(SPEC), "-o", str(out)], check=True)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(out)], check=True)
        peer, ours = measure(out, args.runs)
    print(f"import httpx            {peer:.3f} s")
    print(f"import metabase_client  {ours:.3f} s")
    print(f"ratio                   {ours / peer:.2f}x")


if __name__ == "__main__":
    main()
