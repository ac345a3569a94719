"""HTTP under the clients: authentication, retries, response decoding and error mapping.

The policy (what to send, when to retry, how long to wait, what an answer means) is written
once as plain functions; `SyncTransport` and `AsyncTransport` only differ in how they wait for
the network, as in httpx.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
import typing as t

import httpx

from ._request import Request, multipart
from .errors import AuthenticationError, TransportError, error_for

T = t.TypeVar("T")
RETRY_STATUSES = frozenset({429, 502, 503, 504})
SESSION_PATH = "/api/session"


class Credentials:
    """How the client authenticates. Never shows a secret in `repr`."""

    def __init__(
        self,
        api_key: str | None = None,
        session_token: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        if (username is None) != (password is None):
            raise ValueError("username and password go together")
        if sum(x is not None for x in (api_key, session_token, username)) > 1:
            raise ValueError("give one of api_key, session_token or username/password")
        self._api_key = api_key
        self._username = username
        self._password = password
        self._session = session_token

    @property
    def kind(self) -> str:
        if self._api_key is not None:
            return "api_key"
        if self._username is not None:
            return "login"
        return "session_token" if self._session is not None else "none"

    def __repr__(self) -> str:
        return f"Credentials({self.kind})"

    @property
    def needs_login(self) -> bool:
        return self._username is not None and self._session is None

    @property
    def can_login(self) -> bool:
        return self._username is not None

    def login_request(self) -> Request[t.Any]:
        return Request(
            "POST",
            SESSION_PATH,
            body={"username": self._username, "password": self._password},
            has_body=True,
            body_media_type="application/json",
        )

    def take_session(self, answer: t.Any) -> None:
        token = answer.get("id") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                200, "login answered without a session id", "POST", SESSION_PATH
            )
        self._session = token

    def forget_session(self) -> None:
        self._session = None

    def headers(self) -> dict[str, str]:
        if self._api_key is not None:
            return {"x-api-key": self._api_key}
        if self._session is not None:
            return {"X-Metabase-Session": self._session}
        return {}


def http_arguments(
    request: Request[t.Any], auth_headers: dict[str, str]
) -> dict[str, t.Any]:
    """Keyword arguments for `httpx.Client.request` / `AsyncClient.request`."""
    arguments: dict[str, t.Any] = {
        "method": request.method,
        "url": request.url_path(),
        "params": request.query_params(),
        "headers": {**request.header_values(), **auth_headers},
    }
    if request.has_body:
        if request.body_media_type == "multipart/form-data":
            data, files = multipart(request.body or {})
            arguments["data"], arguments["files"] = data, files
        else:
            arguments["json"] = request.body
    return arguments


def should_retry(
    request: Request[t.Any], status: int | None, attempt: int, retries: int
) -> bool:
    """Idempotent requests are retried on 429/502/503/504 and on connection failures."""
    if attempt >= retries or not request.idempotent:
        return False
    return status is None or status in RETRY_STATUSES


def retry_delay(attempt: int, backoff: float, response: httpx.Response | None) -> float:
    """Retry-After when Metabase sends it, else exponential backoff with jitter."""
    header = response.headers.get("Retry-After") if response is not None else None
    if header:
        try:
            return min(float(header), 60.0)
        except ValueError:
            when = email.utils.parsedate_to_datetime(header)
            if when is not None:
                return max(0.0, min(when.timestamp() - time.time(), 60.0))
    return float(backoff * (2**attempt) * (0.5 + random.random() / 2))


def decode(request: Request[t.Any], response: httpx.Response) -> t.Any:
    """JSON answers as Python values, other answers (CSV, XLSX exports) as bytes, no body as
    None; an error status raises the matching APIError."""
    content_type = response.headers.get("Content-Type", "")
    if not response.content:
        body: t.Any = None
    elif "json" in content_type:
        try:
            body = response.json()
        except ValueError:
            body = response.text
    elif content_type.startswith("text/plain"):
        body = response.text
    else:
        body = response.content
    if response.status_code >= 400:
        raise error_for(response.status_code, body, request.method, request.path)
    return body


class SyncTransport:
    def __init__(
        self,
        client: httpx.Client,
        credentials: Credentials,
        retries: int,
        backoff: float,
    ) -> None:
        self.client = client
        self.credentials = credentials
        self.retries = retries
        self.backoff = backoff

    def _exchange(self, request: Request[t.Any]) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = self.client.request(
                    **http_arguments(request, self.credentials.headers())
                )
            except httpx.TransportError as err:
                if not should_retry(request, None, attempt, self.retries):
                    raise TransportError(
                        f"{request.method} {request.path}: {err}"
                    ) from None
                time.sleep(retry_delay(attempt, self.backoff, None))
                attempt += 1
                continue
            if not should_retry(request, response.status_code, attempt, self.retries):
                return response
            time.sleep(retry_delay(attempt, self.backoff, response))
            attempt += 1

    def _login(self) -> None:
        login = self.credentials.login_request()
        self.credentials.take_session(decode(login, self._exchange(login)))

    def send(self, request: Request[T]) -> T:
        if self.credentials.needs_login:
            self._login()
        response = self._exchange(request)
        if response.status_code == 401 and self.credentials.can_login:
            self.credentials.forget_session()
            self._login()
            response = self._exchange(request)
        return t.cast(T, decode(request, response))


class AsyncTransport:
    def __init__(
        self,
        client: httpx.AsyncClient,
        credentials: Credentials,
        retries: int,
        backoff: float,
    ) -> None:
        self.client = client
        self.credentials = credentials
        self.retries = retries
        self.backoff = backoff

    async def _exchange(self, request: Request[t.Any]) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = await self.client.request(
                    **http_arguments(request, self.credentials.headers())
                )
            except httpx.TransportError as err:
                if not should_retry(request, None, attempt, self.retries):
                    raise TransportError(
                        f"{request.method} {request.path}: {err}"
                    ) from None
                await asyncio.sleep(retry_delay(attempt, self.backoff, None))
                attempt += 1
                continue
            if not should_retry(request, response.status_code, attempt, self.retries):
                return response
            await asyncio.sleep(retry_delay(attempt, self.backoff, response))
            attempt += 1

    async def _login(self) -> None:
        login = self.credentials.login_request()
        self.credentials.take_session(decode(login, await self._exchange(login)))

    async def send(self, request: Request[T]) -> T:
        if self.credentials.needs_login:
            await self._login()
        response = await self._exchange(request)
        if response.status_code == 401 and self.credentials.can_login:
            self.credentials.forget_session()
            await self._login()
            response = await self._exchange(request)
        return t.cast(T, decode(request, response))
