"""A small real HTTP server on 127.0.0.1 that behaves like Metabase's docs and login routes."""

from __future__ import annotations

import json
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

API_KEY = "mb_SECRETAPIKEY0123456789"
USERNAME = "admin@example.com"
PASSWORD = "s3cret-Passw0rd!"

SMALL_OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Metabase API documentation"},
    "paths": {
        "/api/permissions/group": {
            "get": {"tags": ["/api/permissions"], "responses": {"2XX": {"description": "ok"}}}
        }
    },
}


@dataclass
class State:
    openapi: bytes = field(default_factory=lambda: json.dumps(SMALL_OPENAPI).encode())
    sessions: set[str] = field(default_factory=set)
    logins: int = 0
    reject_first_session: bool = False
    # (method, path, headers with lower-case names) of every request, in order
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        state = self.server.state
        if self.headers.get("x-api-key") == API_KEY:
            return True
        return self.headers.get("X-Metabase-Session") in state.sessions

    def do_GET(self) -> None:
        state = self.server.state
        state.requests.append(("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
        if self.path in ("/api/docs/openapi.json", "/metabase/api/docs/openapi.json"):
            if self._authorised():
                self._send(200, state.openapi)
            else:
                self._send(401, b"Unauthenticated", "text/plain")
        elif self.path == "/open/openapi.json":
            self._send(200, state.openapi)
        elif self.path == "/forbidden/openapi.json":
            self._send(403, b"Forbidden", "text/plain")
        elif self.path == "/login-page/openapi.json":
            self._send(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")
        elif self.path == "/garbage/openapi.json":
            self._send(200, b"this is not json", "application/json")
        elif self.path == "/slow/openapi.json":
            time.sleep(3)
            self._send(200, state.openapi)
        elif self.path == "/elsewhere/openapi.json":
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/open/openapi.json")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b'"API endpoint does not exist."')

    def do_POST(self) -> None:
        state = self.server.state
        state.requests.append(("POST", self.path, {k.lower(): v for k, v in self.headers.items()}))
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path not in ("/api/session", "/metabase/api/session"):
            self._send(404, b"{}")
            return
        if body.get("username") != USERNAME or body.get("password") != PASSWORD:
            self._send(401, b'{"errors": {"password": "did not match stored password"}}')
            return
        state.logins += 1
        token = str(uuid.uuid4())
        if not (state.reject_first_session and state.logins == 1):
            state.sessions.add(token)
        self._send(200, json.dumps({"id": token}).encode())


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: State) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class FakeMetabase:
    def __init__(self, tls_cert: Path | None = None, tls_key: Path | None = None) -> None:
        self.state = State()
        self.server = _Server(self.state)
        if tls_cert and tls_key:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_cert, tls_key)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls_cert else "http"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeMetabase:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
