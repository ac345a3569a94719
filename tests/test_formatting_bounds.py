"""black's cache stays bounded and its worker processes end with mbgen, even killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.render import formatting


def test_the_cache_evicts_the_least_recently_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MBGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MBGEN_NO_CACHE", raising=False)
    monkeypatch.setattr(formatting, "MAX_CACHE_BYTES", 3000)
    monkeypatch.setattr(formatting, "MAX_ENTRY_CHARS", 5000)
    folder = formatting.cache_dir()
    assert folder is not None
    modules = {f"m{i}": f"x_{i} = '{'y' * 900}'\n" for i in range(6)}
    for origin, text in modules.items():
        formatting.format_many({origin: text})
        time.sleep(0.01)  # distinct use times
    sizes = [p.stat().st_size for p in folder.iterdir()]
    assert sum(sizes) <= 3000 and len(sizes) == 3
    assert (folder / formatting._key(modules["m5"])).exists()
    formatting.format_many({"huge": "z = 1\n" * 2000})  # 12,000 characters: not kept
    assert not (folder / formatting._key("z = 1\n" * 2000)).exists()


WORKERS = """
import multiprocessing, sys, threading, time
from generator.render import formatting

def report():
    time.sleep(1.5)
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)

threading.Thread(target=report, daemon=True).start()
big = "".join(f"def f{i}(a,b):\\n  return [a,b,{i}]\\n" for i in range(40000))
formatting.format_many({"a": big, "b": big + "x = 1\\n"})
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie has ended; its reaper may be slow


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_black_workers_end_when_mbgen_is_killed() -> None:
    env = {**os.environ, "MBGEN_NO_CACHE": "1"}
    parent = subprocess.Popen(
        [sys.executable, "-c", WORKERS], stdout=subprocess.PIPE, text=True, env=env
    )
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert workers, "no worker processes started"
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_gone(pid) for pid in workers):
        time.sleep(0.1)
    assert all(_gone(pid) for pid in workers)
