"""Timing whole processes for the benchmarks: medians after a warm-up run."""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path


def median_seconds(
    command: list[str],
    runs: int,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    check: bool = True,
) -> tuple[float, str]:
    """Median wall time of `command` over `runs` runs after one uncounted warm-up, and the
    standard output of the last run. A failing command stops the benchmark unless `check` is
    off (a validator exits 1 on an invalid document: that is its answer, not a failure)."""
    times = []
    output = ""
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
        if check and result.returncode != 0:
            raise SystemExit(f"{command[0]} failed: {result.stderr[-2000:]}")
        output = result.stdout
    return statistics.median(times[1:]), output
