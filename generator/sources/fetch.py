"""Fetching `/api/docs/openapi.json` from a running Metabase.

Authentication as Metabase documents it: an API key in `x-api-key`, a session token in
`X-Metabase-Session`, or a login (POST /api/session, whose `id` is the session token), retried
once on 401 with a fresh login. Credentials never appear in messages: errors name the URL without
its user info, query or fragment.
"""

from __future__ import annotations

import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from generator.errors import MbgenError

OPENAPI_PATH = "/api/docs/openapi.json"
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
CREDENTIAL_HEADERS = ("x-api-key", "x-metabase-session", "authorization", "cookie")

# Exit codes, one per kind of failure, so scripts can tell them apart (README lists them).
EXIT_CONNECTION = 3
EXIT_AUTH = 4
EXIT_NOT_FOUND = 5
EXIT_NOT_OPENAPI = 6


@dataclass(repr=False)
class Credentials:
    api_key: str | None = None
    session_token: str | None = None
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never show secrets, even in a debugger
        kinds = [k for k in ("api_key", "session_token", "username") if getattr(self, k)]
        return f"Credentials({', '.join(kinds) or 'none'})"

    def check(self, where: str) -> None:
        if (self.username is None) != (self.password is None):
            raise MbgenError(where, "--username and --password go together")


def public_url(url: str) -> str:
    """The URL as it may be shown: no user info, query or fragment."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def openapi_url(url: str) -> str:
    """The site URL of a Metabase (`https://host`, or `https://host/metabase` behind a path
    prefix) gets the OpenAPI path; a URL of a `.json` file is used as given."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MbgenError(public_url(url) or url, "not an http(s) URL")
    if parts.path.endswith(".json"):
        return url
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + OPENAPI_PATH))


def session_url(target: str) -> str:
    """Where to log in: `/api/session` under the same site (path prefix included)."""
    parts = urllib.parse.urlsplit(target)
    site = parts.path.removesuffix(OPENAPI_PATH) if parts.path.endswith(OPENAPI_PATH) else ""
    return urllib.parse.urlunsplit(parts._replace(path=site + "/api/session", query=""))


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never carry credentials to another host."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            old_host = urllib.parse.urlsplit(req.full_url).netloc
            if urllib.parse.urlsplit(new.full_url).netloc != old_host:
                for name in list(new.headers):
                    if name.lower() in CREDENTIAL_HEADERS:
                        del new.headers[name]
        return new


@dataclass
class Fetcher:
    credentials: Credentials
    timeout: float = 30.0
    verify_tls: bool = True
    _session: str | None = field(default=None, init=False, repr=False)

    def _opener(self) -> urllib.request.OpenerDirector:
        context = ssl.create_default_context()
        if not self.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return urllib.request.build_opener(
            _SameHostRedirects(), urllib.request.HTTPSHandler(context=context)
        )

    def _send(
        self, url: str, headers: dict[str, str], body: bytes | None = None
    ) -> tuple[int, str, bytes]:
        shown = public_url(url)
        request = urllib.request.Request(
            url, data=body, headers=headers, method="POST" if body is not None else "GET"
        )
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                data = response.read(MAX_RESPONSE_BYTES + 1)
                if len(data) > MAX_RESPONSE_BYTES:
                    raise MbgenError(shown, "response larger than 256 MiB", EXIT_NOT_OPENAPI)
                return response.status, response.headers.get("Content-Type", ""), data
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("Content-Type", "") if err.headers else "", b""
        except urllib.error.URLError as err:
            raise self._connection_error(shown, err.reason) from None
        except TimeoutError:
            raise MbgenError(
                shown, f"timed out after {self.timeout:g} s", EXIT_CONNECTION
            ) from None
        except (ConnectionError, OSError) as err:
            raise self._connection_error(shown, err) from None

    def _connection_error(self, shown: str, reason: object) -> MbgenError:
        if isinstance(reason, ssl.SSLCertVerificationError):
            problem = (
                f"TLS certificate verification failed ({reason.verify_message}); "
                "use --no-verify-tls only for a server you trust"
            )
        elif isinstance(reason, ConnectionRefusedError):
            problem = "connection refused: is Metabase running at this address?"
        elif isinstance(reason, TimeoutError):
            problem = f"timed out after {self.timeout:g} s"
        elif isinstance(reason, socket.gaierror):
            problem = "host name not found"
        else:
            problem = f"cannot connect ({type(reason).__name__}: {reason})"
        return MbgenError(shown, problem, EXIT_CONNECTION)

    def _login(self, target: str) -> str:
        login_url = session_url(target)
        payload = json.dumps(
            {"username": self.credentials.username, "password": self.credentials.password}
        ).encode()
        status, _, data = self._send(
            login_url, {"Content-Type": "application/json", "Accept": "application/json"}, payload
        )
        if status in (400, 401, 403):
            raise MbgenError(
                public_url(login_url),
                f"login failed (HTTP {status}): check --username/--password",
                EXIT_AUTH,
            )
        if status >= 300:
            raise MbgenError(public_url(login_url), f"login failed (HTTP {status})", EXIT_AUTH)
        try:
            token = json.loads(data).get("id")
        except (ValueError, AttributeError):
            token = None
        if not isinstance(token, str) or not token:
            raise MbgenError(
                public_url(login_url), "login answered without a session id", EXIT_AUTH
            )
        return token

    def _take_user_info(self, url: str) -> str:
        """`https://user:pass@host` logs in as user (unless credentials were given); the user
        info never goes into a request line or a message."""
        parts = urllib.parse.urlsplit(url)
        if parts.username is None:
            return url
        creds = self.credentials
        if not (creds.api_key or creds.session_token or creds.username):
            creds.username = urllib.parse.unquote(parts.username)
            creds.password = urllib.parse.unquote(parts.password or "")
        return public_url(url) + (f"?{parts.query}" if parts.query else "")

    def _auth_headers(self, target: str, fresh_login: bool = False) -> dict[str, str]:
        creds = self.credentials
        if creds.api_key:
            return {"x-api-key": creds.api_key}
        if creds.username is not None:
            if fresh_login or self._session is None:
                self._session = self._login(target)
            return {"X-Metabase-Session": self._session}
        if creds.session_token:
            return {"X-Metabase-Session": creds.session_token}
        return {}

    def fetch(self, url: str) -> bytes:
        """The OpenAPI JSON bytes, or a MbgenError that says what went wrong."""
        url = self._take_user_info(url)
        target = openapi_url(url)
        shown = public_url(target)
        headers = {"Accept": "application/json", **self._auth_headers(target)}
        status, content_type, data = self._send(target, headers)
        if status == 401 and self.credentials.username is not None:
            headers = {"Accept": "application/json", **self._auth_headers(target, True)}
            status, content_type, data = self._send(target, headers)
        if status in (401, 403):
            hint = (
                "give --api-key, --session-token or --username/--password"
                if not any(vars(self.credentials).values())
                else "the credentials were refused"
            )
            raise MbgenError(shown, f"not authorised (HTTP {status}): {hint}", EXIT_AUTH)
        if status == 404:
            raise MbgenError(
                shown,
                "no OpenAPI document here (HTTP 404); older Metabase releases do not serve "
                "/api/docs/openapi.json: use their Markdown API docs (java -jar metabase.jar "
                "api-documentation) as SOURCE instead",
                EXIT_NOT_FOUND,
            )
        if status >= 300:
            raise MbgenError(shown, f"HTTP {status} from the server", EXIT_CONNECTION)
        head = data[:512].lstrip().lower()
        if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html")):
            raise MbgenError(
                shown,
                "the server answered with an HTML page, not JSON (a login page or a proxy?)",
                EXIT_NOT_OPENAPI,
            )
        try:
            doc = json.loads(data)
        except ValueError:
            raise MbgenError(shown, "the answer is not JSON", EXIT_NOT_OPENAPI) from None
        if not isinstance(doc, dict) or "openapi" not in doc:
            raise MbgenError(shown, "JSON but not an OpenAPI document", EXIT_NOT_OPENAPI)
        return data
