"""What `MetabaseClient` and `AsyncMetabaseClient` share: the base URL checked once, the
credentials, the retry policy, and the httpx client (theirs or the user's)."""

from __future__ import annotations

import typing as t

import httpx

from ._auth import Credentials
from ._redact import redact_url
from ._request import Timeout
from ._retry import RetryPolicy
from ._transport import AsyncTransport, Settings, SyncTransport
from ._versions import gate
from .errors import ConfigurationError

DEFAULT_TIMEOUT = 30.0


def checked_base_url(base_url: str) -> httpx.URL:
    """An absolute http(s) URL, or a ConfigurationError saying what is wrong."""
    try:
        url = httpx.URL(base_url.rstrip("/"))
    except (httpx.InvalidURL, TypeError) as err:
        problem = f"base_url is not a URL ({err})"
    else:
        if url.scheme in ("http", "https") and url.host:
            return url
        problem = "base_url must be absolute, like http://localhost:3000 or https://mb.example.com"
    raise ConfigurationError(problem)


def checked_http_client(
    http_client: object, expected: type[httpx.Client | httpx.AsyncClient], verify: bool
) -> None:
    """A user's httpx client: the right kind, and `verify` set on it rather than here (httpx
    fixes TLS settings when a client is made). Base URL and timeout are applied per request,
    and redirects are followed by this package whatever the client says."""
    if not isinstance(http_client, expected):
        raise ConfigurationError(
            f"http_client must be an {expected.__module__}.{expected.__name__}, "
            f"not {type(http_client).__name__}"
        )
    if verify is not True:
        raise ConfigurationError(
            "with http_client=, set verify on that httpx client instead"
        )


H = t.TypeVar("H", httpx.Client, httpx.AsyncClient)


class _Base(t.Generic[H]):
    """The base URL checked once, the credentials, the retry policy and the httpx client
    (theirs or the user's); the two clients differ only in the kind of httpx client and the
    transport over it (`_connect`)."""

    _http_class: type[H]

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        session_token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        verify: bool = True,
        http_client: H | None = None,
        server_version: str | None = None,
    ) -> None:
        url = checked_base_url(base_url)
        self.base_url: str = str(url)
        self._credentials = Credentials(api_key, session_token, username, password)
        policy = RetryPolicy(max_retries, backoff, max_retry_after=max_retry_after)
        self._settings = Settings(url, timeout, policy, gate(server_version))
        if http_client is not None:
            checked_http_client(http_client, self._http_class, verify)
        self._http: H = http_client or self._http_class(timeout=timeout, verify=verify)
        self._connect()

    def _connect(self) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        url = redact_url(self.base_url)
        return f"{type(self).__name__}({url!r}, auth={self._credentials.kind!r})"


class ClientBase(_Base[httpx.Client]):
    """`MetabaseClient` without its namespaces: the httpx client and the transport."""

    _http_class = httpx.Client
    _transport: SyncTransport

    def _connect(self) -> None:
        self._transport = SyncTransport(self._http, self._credentials, self._settings)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> t.Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClientBase(_Base[httpx.AsyncClient]):
    """The asyncio twin of `ClientBase`."""

    _http_class = httpx.AsyncClient
    _transport: AsyncTransport

    def _connect(self) -> None:
        self._transport = AsyncTransport(self._http, self._credentials, self._settings)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> t.Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
