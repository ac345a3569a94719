"""HTTP under the clients: credentials, redirects, retries, decoding and error mapping.

The policy (what to send, where a redirect may go, when to retry, what an answer means) is
written once as plain functions; `SyncTransport` and `AsyncTransport` only differ in how they
wait for the network, as in httpx. Redirects are followed here, never by httpx (whatever the
`http_client` says), so credentials only ever go to the configured origin.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import typing as t
from dataclasses import dataclass

import httpx

from ._auth import SESSION_PATH, Credentials
from ._redact import redact_headers, redact_url, safe_request, safe_response
from ._request import Request, Timeout, multipart
from ._retry import RetryPolicy
from .errors import (
    DecodingError,
    MetabaseError,
    RedirectError,
    TransportError,
    error_for,
    wrap_httpx_error,
)
from .streaming import AsyncStreamedResponse, RawResponse, StreamedResponse

if t.TYPE_CHECKING:
    from ._versions import VersionGate

T = t.TypeVar("T")
log = logging.getLogger(__package__ or __name__)
MAX_REDIRECTS = 5
PROPERTIES_PATH = "/api/session/properties"  # where `server_version="auto"` reads version.tag
_KEEPS_METHOD = frozenset({307, 308})


@dataclass(frozen=True)
class Settings:
    base_url: httpx.URL
    timeout: Timeout
    policy: RetryPolicy
    versions: VersionGate | None = None  # `server_version=`: calls routed by release


def _where(request: Request[t.Any]) -> str:
    return f"{request.method} {request.path}"


def _unsent(
    err: httpx.HTTPError | httpx.InvalidURL, http_request: httpx.Request
) -> tuple[MetabaseError, Exception]:
    """This package's error for a request httpx could not send, and the cause to chain."""
    where = f"{http_request.method} {redact_url(http_request.url)}"
    return wrap_httpx_error(err, where, safe_request(http_request))


def may_follow(base: httpx.URL, target: httpx.URL) -> bool:
    """Same origin as the base URL, or its http -> https upgrade on the same host."""
    if target.host != base.host:
        return False
    if (target.scheme, target.port) == (base.scheme, base.port):
        return True
    upgrade = base.scheme == "http" and target.scheme == "https"
    return upgrade and base.port in (None, 80) and target.port in (None, 443)


def build(
    client: httpx.Client | httpx.AsyncClient,
    settings: Settings,
    request: Request[t.Any],
    credentials: dict[str, str],
    url: httpx.URL | None = None,
) -> httpx.Request:
    """The httpx request: an absolute URL (the user's client's base URL plays no part), the
    call's timeout, and the body as JSON or multipart. `url` is a redirect's target. What
    httpx cannot build (a bad URL or header value) is this package's error."""
    try:
        return _built(client, settings, request, credentials, url)
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeEncodeError) as err:
        error, cause = wrap_httpx_error(err, _where(request), None)
    raise error from cause


def _built(
    client: httpx.Client | httpx.AsyncClient,
    settings: Settings,
    request: Request[t.Any],
    credentials: dict[str, str],
    url: httpx.URL | None,
) -> httpx.Request:
    arguments: dict[str, t.Any] = {
        "headers": {**request.header_values(), **credentials},
        "timeout": request.timeout if request.timeout is not None else settings.timeout,
    }
    if url is None:
        url = httpx.URL(str(settings.base_url).rstrip("/") + request.url_path())
        arguments["params"] = request.query_params()
    if request.has_body:
        if request.body_media_type == "multipart/form-data":
            arguments["data"], arguments["files"] = multipart(request.body or {})
        else:
            arguments["json"] = request.body
    return client.build_request(request.method, url, **arguments)


def _redirect_problem(
    settings: Settings, request: Request[t.Any], status: int, target: httpx.URL, hops: int
) -> str | None:
    if not may_follow(settings.base_url, target):
        origin = redact_url(target)
        return f"{origin} is another origin (credentials stay with the configured one)"
    if hops >= MAX_REDIRECTS:
        return f"more than {hops} redirects"
    if request.method not in ("GET", "HEAD") and status not in _KEEPS_METHOD:
        return f"it would turn {request.method} into GET"
    return None


def redirect_target(
    settings: Settings, request: Request[t.Any], response: httpx.Response, hops: int
) -> httpx.URL:
    """Where a 3xx answer may be followed, or the RedirectError saying why not."""
    status, location = response.status_code, response.headers.get("Location")
    problem = "no Location header"
    if location:
        try:
            target = response.request.url.join(location)
        except httpx.InvalidURL:
            problem = "an invalid Location"
        else:
            problem = _redirect_problem(settings, request, status, target, hops) or ""
            if not problem:
                return target
    safe = safe_request(response.request)
    message = f"{status} on {_where(request)}: redirect not followed: {problem}"
    raise RedirectError(message, request=safe, response=safe_response(response, safe))


def decode(request: Request[t.Any], response: httpx.Response) -> t.Any:
    """JSON answers as Python values, plain text as str, other answers (CSV, XLSX exports) as
    bytes, no body as None; an error status raises the matching APIError, an answer that is
    not what it says a DecodingError."""
    status = response.status_code
    content_type = response.headers.get("Content-Type", "").lower()
    if status >= 400 or 300 <= status < 400:
        safe = safe_request(response.request)
        kept = safe_response(response, safe)
        if status < 400:
            raise RedirectError(
                f"{status} on {_where(request)}: not a redirect to follow", request=safe
            )
        body = _error_body(response, content_type)
        raise error_for(status, body, request.method, request.path, request=safe, response=kept)
    if not response.content:
        return None
    if "json" in content_type:
        return _json(request, response)
    if content_type.startswith("text/html"):
        safe = safe_request(response.request)
        message = f"{status} on {_where(request)}: an HTML page where the API answers data"
        raise DecodingError(message, request=safe, response=safe_response(response, safe))
    if content_type.startswith("text/plain"):
        return response.text
    return response.content


def _json(request: Request[t.Any], response: httpx.Response) -> t.Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as err:
        safe = safe_request(response.request)
        message = f"{response.status_code} on {_where(request)}: invalid JSON ({err})"
        raise DecodingError(message, request=safe, response=safe_response(response, safe)) from None


def _error_body(response: httpx.Response, content_type: str) -> t.Any:
    if not response.content:
        return None
    if "json" in content_type:
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            return json.loads(response.content)
    return response.text if content_type.startswith("text/") else response.content


def raw_response(request: Request[T], response: httpx.Response) -> RawResponse[T]:
    data = t.cast(T, decode(request, response))
    headers = httpx.Headers(redact_headers(response.headers))
    return RawResponse(response.status_code, headers, redact_url(response.url), data)


def _log_answer(request: httpx.Request, response: httpx.Response) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s %s -> %s; request headers %s",
            request.method,
            redact_url(request.url),
            response.status_code,
            dict(redact_headers(request.headers)),
        )


def _log_retry(request: Request[t.Any], why: str, delay: float, attempt: int) -> None:
    log.debug("retrying %s after %s in %.2fs (retry %d)", _where(request), why, delay, attempt + 1)


def _login_request(credentials: Credentials) -> Request[t.Any]:
    body = credentials.login_body()
    return Request(
        "POST", SESSION_PATH, body=body, has_body=True, body_media_type="application/json"
    )


class SyncTransport:
    """Sends a `Request`: login, retries, same-origin redirects, errors, the parsed answer."""

    def __init__(self, client: httpx.Client, credentials: Credentials, settings: Settings) -> None:
        self.client = client
        self.credentials = credentials
        self.settings = settings
        self._login_lock = threading.Lock()

    def _send_once(self, http_request: httpx.Request, stream: bool) -> httpx.Response:
        try:
            response = self.client.send(http_request, stream=stream, follow_redirects=False)
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            error, cause = _unsent(err, http_request)
        else:
            _log_answer(http_request, response)
            return response
        raise error from cause

    def _follow(
        self, request: Request[t.Any], stream: bool, credentials: dict[str, str]
    ) -> httpx.Response:
        http_request = build(self.client, self.settings, request, credentials)
        for hops in range(MAX_REDIRECTS + 2):
            response = self._send_once(http_request, stream)
            if not response.is_redirect:
                return response
            response.read()
            response.close()
            target = redirect_target(self.settings, request, response, hops)
            http_request = build(self.client, self.settings, request, credentials, target)
        raise AssertionError("unreachable: redirect_target stops the loop")

    def _ensure_session(self) -> None:
        if not self.credentials.needs_login:
            return
        attempts = self.credentials.attempts
        with self._login_lock:
            if not self.credentials.needs_login:
                return
            self.credentials.raise_earlier_failure(attempts)
            self._login()

    def _login(self) -> None:
        self.credentials.begin_login()
        login = _login_request(self.credentials)
        try:
            self.credentials.take_session(decode(login, self._follow(login, False, {})))
        except MetabaseError as err:
            self.credentials.login_failed(err)
            raise

    def _relogin(self, generation: int) -> None:
        with self._login_lock:
            if self.credentials.forget_session(generation):
                self._login()

    def exchange(
        self, request: Request[t.Any], stream: bool = False, route: bool = True
    ) -> httpx.Response:
        """The final answer to `request`: logged in, redirects followed, retries done; sent
        where the server's release has it (`route`, with `server_version=`)."""
        if route and self.settings.versions is not None:
            self.settings.versions.resolve(self._properties)
            request = self.settings.versions.route(request)
        attempt, relogged, policy = 0, False, self.settings.policy
        while True:
            self._ensure_session()
            generation = self.credentials.generation
            try:
                response = self._follow(request, stream, self.credentials.headers())
            except MetabaseError as err:
                if not isinstance(err, TransportError) or not policy.should_retry(
                    request.idempotent, None, attempt
                ):
                    raise
                delay = policy.delay(attempt, None)
                _log_retry(request, type(err).__name__, delay, attempt)
            else:
                status = response.status_code
                if status == 401 and self.credentials.can_login and not relogged:
                    response.close()
                    self._relogin(generation)
                    relogged = True
                    continue
                if not policy.should_retry(request.idempotent, status, attempt):
                    return response
                response.close()
                delay = policy.delay(attempt, response.headers.get("Retry-After"))
                _log_retry(request, str(status), delay, attempt)
            time.sleep(delay)
            attempt += 1

    def _properties(self) -> t.Any:
        probe: Request[t.Any] = Request("GET", PROPERTIES_PATH)
        return decode(probe, self.exchange(probe, route=False))

    def send(self, request: Request[T]) -> T:
        return t.cast(T, decode(request, self.exchange(request)))

    def send_raw(self, request: Request[T]) -> RawResponse[T]:
        return raw_response(request, self.exchange(request))

    @contextlib.contextmanager
    def stream(self, request: Request[t.Any]) -> t.Iterator[StreamedResponse]:
        response = self.exchange(request, stream=True)
        try:
            if not response.is_success:
                response.read()
                decode(request, response)
            yield StreamedResponse(response)
        finally:
            response.close()


class AsyncTransport:
    """The asyncio twin of `SyncTransport`."""

    def __init__(
        self, client: httpx.AsyncClient, credentials: Credentials, settings: Settings
    ) -> None:
        self.client = client
        self.credentials = credentials
        self.settings = settings
        import asyncio  # here, not at the top: only async users pay for importing asyncio

        self._login_lock = asyncio.Lock()
        self._sleep = asyncio.sleep

    async def _send_once(self, http_request: httpx.Request, stream: bool) -> httpx.Response:
        try:
            response = await self.client.send(http_request, stream=stream, follow_redirects=False)
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            error, cause = _unsent(err, http_request)
        else:
            _log_answer(http_request, response)
            return response
        raise error from cause

    async def _follow(
        self, request: Request[t.Any], stream: bool, credentials: dict[str, str]
    ) -> httpx.Response:
        http_request = build(self.client, self.settings, request, credentials)
        for hops in range(MAX_REDIRECTS + 2):
            response = await self._send_once(http_request, stream)
            if not response.is_redirect:
                return response
            await response.aread()
            await response.aclose()
            target = redirect_target(self.settings, request, response, hops)
            http_request = build(self.client, self.settings, request, credentials, target)
        raise AssertionError("unreachable: redirect_target stops the loop")

    async def _ensure_session(self) -> None:
        if not self.credentials.needs_login:
            return
        attempts = self.credentials.attempts
        async with self._login_lock:
            if not self.credentials.needs_login:
                return
            self.credentials.raise_earlier_failure(attempts)
            await self._login()

    async def _login(self) -> None:
        self.credentials.begin_login()
        login = _login_request(self.credentials)
        try:
            answer = decode(login, await self._follow(login, False, {}))
            self.credentials.take_session(answer)
        except MetabaseError as err:
            self.credentials.login_failed(err)
            raise

    async def _relogin(self, generation: int) -> None:
        async with self._login_lock:
            if self.credentials.forget_session(generation):
                await self._login()

    async def exchange(
        self, request: Request[t.Any], stream: bool = False, route: bool = True
    ) -> httpx.Response:
        """The final answer to `request`: logged in, redirects followed, retries done; sent
        where the server's release has it (`route`, with `server_version=`)."""
        if route and self.settings.versions is not None:
            await self.settings.versions.aresolve(self._properties)
            request = self.settings.versions.route(request)
        attempt, relogged, policy = 0, False, self.settings.policy
        while True:
            await self._ensure_session()
            generation = self.credentials.generation
            try:
                response = await self._follow(request, stream, self.credentials.headers())
            except MetabaseError as err:
                if not isinstance(err, TransportError) or not policy.should_retry(
                    request.idempotent, None, attempt
                ):
                    raise
                delay = policy.delay(attempt, None)
                _log_retry(request, type(err).__name__, delay, attempt)
            else:
                status = response.status_code
                if status == 401 and self.credentials.can_login and not relogged:
                    await response.aclose()
                    await self._relogin(generation)
                    relogged = True
                    continue
                if not policy.should_retry(request.idempotent, status, attempt):
                    return response
                await response.aclose()
                delay = policy.delay(attempt, response.headers.get("Retry-After"))
                _log_retry(request, str(status), delay, attempt)
            await self._sleep(delay)
            attempt += 1

    async def _properties(self) -> t.Any:
        probe: Request[t.Any] = Request("GET", PROPERTIES_PATH)
        return decode(probe, await self.exchange(probe, route=False))

    async def send(self, request: Request[T]) -> T:
        return t.cast(T, decode(request, await self.exchange(request)))

    async def send_raw(self, request: Request[T]) -> RawResponse[T]:
        return raw_response(request, await self.exchange(request))

    @contextlib.asynccontextmanager
    async def stream(self, request: Request[t.Any]) -> t.AsyncIterator[AsyncStreamedResponse]:
        response = await self.exchange(request, stream=True)
        try:
            if not response.is_success:
                await response.aread()
                decode(request, response)
            yield AsyncStreamedResponse(response)
        finally:
            await response.aclose()
