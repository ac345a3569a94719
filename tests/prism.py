"""Start the Prism mock server (from the project's node_modules) on a free 127.0.0.1 port."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT

PRISM = ROOT / "node_modules" / ".bin" / "prism"
START_TIMEOUT = 180.0  # Prism dereferences the whole 2025-12 document first: ~30 s here


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def prism_mock(document: Path, log: Path) -> Iterator[str]:
    """Prism serving `document`; yields its base URL; stops it afterwards."""
    if not PRISM.exists():
        raise RuntimeError(f"{PRISM} is missing: run `make install` (npm ci)")
    port = free_port()
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(document)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"Prism exited ({process.returncode}): {log.read_text()}")
                try:
                    urllib.request.urlopen(url + "/", timeout=2).close()
                    break
                except urllib.error.HTTPError:
                    break  # any HTTP answer means it is listening
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if time.monotonic() > deadline:
                        raise RuntimeError("Prism did not start in time") from None
                    time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
