"""Headless Chromium driven through the DevTools protocol over a pipe (`--remote-debugging-pipe`:
JSON messages ended by NUL on file descriptors 3 and 4), with nothing to install but the Debian
`chromium` package: no websocket client, no Node. Opens one page, records console errors,
uncaught exceptions, log errors and every URL the page asks for, and evaluates expressions in
it."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)


def chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


@dataclass
class PageReport:
    errors: list[str] = field(default_factory=list)  # console errors, exceptions, log errors
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    values: dict[str, Any] = field(default_factory=dict)  # expression -> its value


class _Pipe:
    def __init__(self, to_browser: int, from_browser: int) -> None:
        self.out, self.inp = to_browser, from_browser
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            self.events.append(self._read())

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = os.read(self.inp, 1 << 16)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result


def _errors(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(json.dumps(params.get("args")))
        elif method == "Runtime.exceptionThrown":
            found.append(json.dumps(params.get("exceptionDetails")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            found.append(params["entry"].get("text", ""))
    return found


def open_page(url: str, expressions: list[str], timeout: float = 60) -> PageReport:
    """Load `url` in a fresh headless Chromium, evaluate each expression once it has loaded."""
    executable = chromium_path()
    assert executable, "chromium is not installed (apt-get install -y chromium)"
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()

    def wire() -> None:  # in the child: its fd 3 reads our commands, fd 4 writes answers
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in (to_browser_r, from_browser_w)]
        os.dup2(high[0], 3)  # dup2 makes them inheritable: they survive the exec
        os.dup2(high[1], 4)

    with tempfile.TemporaryDirectory(prefix="mbgen-chromium-") as profile:
        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # the pipes are not inheritable (PEP 446) but fds 3 and 4 are
            preexec_fn=wire,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        pipe = _Pipe(to_browser_w, from_browser_r)
        try:
            return _visit(pipe, url, expressions, timeout)
        finally:
            with contextlib.suppress(OSError, EOFError, RuntimeError):
                pipe.send("Browser.close")
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            os.close(to_browser_w)
            os.close(from_browser_r)


def _visit(pipe: _Pipe, url: str, expressions: list[str], timeout: float) -> PageReport:
    target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Page", "Network"):
        pipe.send(f"{domain}.enable", session=session)
    pipe.send("Page.navigate", {"url": url}, session=session)
    pipe.wait_for("Page.loadEventFired", timeout)
    report = PageReport()
    for expression in expressions:
        answer = pipe.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True},
            session=session,
        )
        if "exceptionDetails" in answer:
            report.errors.append(json.dumps(answer["exceptionDetails"]))
        report.values[expression] = answer.get("result", {}).get("value")
    report.errors += _errors(pipe.events)
    report.requests = [
        e["params"]["request"]["url"]
        for e in pipe.events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    return report
