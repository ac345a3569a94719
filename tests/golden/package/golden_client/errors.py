"""Exceptions the client raises: every one derives from `MetabaseError`, keeps the `request`
(credentials redacted, no body) and, when there was one, the `response`; httpx's own exception
is the `__cause__`, rebuilt without the request it carried. No exception carries a credential.

    MetabaseError
    ├── TransportError          no HTTP answer (connection refused, TLS, protocol)
    │   └── RequestTimeoutError
    ├── ConfigurationError      the client's arguments (also a ValueError)
    ├── InvalidRequestError     the request could not be built (URL, header values)
    ├── RedirectError           a redirect not followed (other origin, too many, method change)
    ├── DecodingError           a 2xx answer that is not what it says (invalid JSON, HTML page)
    └── APIError                an error status; `status_code`, `body`, `message`
        ├── BadRequestError, AuthenticationError, PermissionDeniedError,
        ├── NotFoundError, RateLimitError
        └── ServerError
"""

from __future__ import annotations

import typing as t

import httpx


class MetabaseError(Exception):
    """Base of every error this package raises."""

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.request = request
        self.response = response

    def __reduce__(self) -> tuple[t.Any, ...]:
        # copy and pickle rebuild from the state, not by calling __init__ with `args`
        return (_restore, (type(self), self.args, dict(vars(self))))


def _restore(
    kind: type[MetabaseError], args: tuple[t.Any, ...], state: dict[str, t.Any]
) -> MetabaseError:
    error = kind.__new__(kind)
    error.args = args
    vars(error).update(state)
    return error


class TransportError(MetabaseError):
    """The request did not get an HTTP answer (connection refused, TLS, protocol error)."""


class RequestTimeoutError(TransportError):
    """No answer within the timeout (the client's, or the call's `timeout=`)."""


class ConfigurationError(MetabaseError, ValueError):
    """The client was given wrong arguments (credentials, base URL, http_client)."""


class InvalidRequestError(MetabaseError):
    """The request could not be built or sent as given (a malformed URL or header value)."""


class RedirectError(MetabaseError):
    """A redirect was not followed: to another origin (credentials never leave the configured
    one), too many in a row, or one that would turn a POST into a GET."""


class DecodingError(MetabaseError):
    """A successful status whose body is not what it claims (invalid JSON), or an HTML page
    where the API answers data (a proxy's or a login page)."""


class APIError(MetabaseError):
    """Metabase answered with an error status. `path` is the operation's template
    (`/api/card/{id}`), so messages group by operation."""

    def __init__(
        self,
        status_code: int,
        body: t.Any,
        method: str,
        path: str,
        *,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.method = method
        self.path = path
        text = f"{status_code} on {method} {path}: {self.message}"
        super().__init__(text, request=request, response=response)

    @property
    def message(self) -> str:
        """Metabase's own words: `message`, `errors`, or the body text."""
        body = self.body
        if isinstance(body, dict):
            for key in ("message", "errors", "error"):
                if body.get(key):
                    return str(body[key])
        if body is None:
            return "(no body)"
        text = body.decode(errors="replace") if isinstance(body, bytes) else str(body)
        return text.strip()[:500] or "(no body)"


class BadRequestError(APIError):
    """400: Metabase rejected the request (its body says which parameter)."""


class AuthenticationError(APIError):
    """401: no valid API key or session, or the login was refused."""


class PermissionDeniedError(APIError):
    """403: authenticated, but not allowed."""


class NotFoundError(APIError):
    """404: no such object, or no such endpoint in this Metabase release."""


class RateLimitError(APIError):
    """429: too many requests (logins are rate-limited)."""


class ServerError(APIError):
    """5xx: Metabase failed."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def error_for(
    status_code: int,
    body: t.Any,
    method: str,
    path: str,
    *,
    request: httpx.Request | None = None,
    response: httpx.Response | None = None,
) -> APIError:
    kind = _BY_STATUS.get(status_code) or (
        ServerError if status_code >= 500 else APIError
    )
    return kind(status_code, body, method, path, request=request, response=response)


def wrap_httpx_error(
    err: Exception, where: str, request: httpx.Request | None
) -> tuple[MetabaseError, Exception]:
    """httpx's exception -> (ours, a credential-free copy of httpx's to chain as the cause).
    `request` is already safe; httpx's exception keeps the original one, so it is rebuilt.
    """
    message = f"{where}: {type(err).__name__}: {err}"
    kind: type[MetabaseError]
    if isinstance(err, httpx.TimeoutException):
        kind = RequestTimeoutError
    elif isinstance(err, httpx.TooManyRedirects):
        kind = RedirectError
    elif isinstance(err, httpx.DecodingError):
        kind = DecodingError
    elif isinstance(err, httpx.TransportError | httpx.StreamError):
        kind = TransportError
    else:
        kind = InvalidRequestError
    cause = _plain_copy(err, request)
    return kind(message, request=request), cause


def _plain_copy(err: Exception, request: httpx.Request | None) -> Exception:
    try:
        if isinstance(err, httpx.RequestError):
            return type(err)(str(err), request=request)
        return type(err)(str(err))
    except TypeError:  # an exception class with another signature
        return Exception(f"{type(err).__name__}: {err}")
