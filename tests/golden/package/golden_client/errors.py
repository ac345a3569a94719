"""Exceptions the client raises. API errors carry the status and Metabase's error body; no
exception ever carries a credential."""

from __future__ import annotations

import typing as t


class MetabaseError(Exception):
    """Base of every error this package raises."""


class TransportError(MetabaseError):
    """The request did not get an HTTP answer (connection refused, timeout, TLS)."""


class APIError(MetabaseError):
    """Metabase answered with an error status."""

    def __init__(self, status_code: int, body: t.Any, method: str, path: str) -> None:
        self.status_code = status_code
        self.body = body
        self.method = method
        self.path = path
        super().__init__(f"{status_code} on {method} {path}: {self.message}")

    @property
    def message(self) -> str:
        """Metabase's own words: `message`, `errors`, or the body text."""
        body = self.body
        if isinstance(body, dict):
            for key in ("message", "errors", "error"):
                if body.get(key):
                    return str(body[key])
        text = body.decode(errors="replace") if isinstance(body, bytes) else str(body)
        return text[:500] if text else "(no body)"


class BadRequestError(APIError):
    """400: Metabase rejected the request (its body says which parameter)."""


class AuthenticationError(APIError):
    """401: no valid API key or session."""


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


def error_for(status_code: int, body: t.Any, method: str, path: str) -> APIError:
    kind = _BY_STATUS.get(status_code) or (
        ServerError if status_code >= 500 else APIError
    )
    return kind(status_code, body, method, path)
