"""Credentials out of everything a user or a log can see: headers, URLs, kept requests."""

from __future__ import annotations

import typing as t

import httpx

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset(
    {
        "x-api-key",
        "x-metabase-session",
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
    }
)


def redact_headers(
    headers: httpx.Headers | t.Mapping[str, str],
) -> list[tuple[str, str]]:
    """Header pairs with every credential's value replaced."""
    items = (
        headers.multi_items() if isinstance(headers, httpx.Headers) else headers.items()
    )
    return [(k, REDACTED if k.lower() in SECRET_HEADERS else v) for k, v in items]


def redact_url(url: httpx.URL | str) -> str:
    """The URL without its password (`http://user:***@host`)."""
    try:
        parsed = httpx.URL(str(url))
    except httpx.InvalidURL:
        return "(invalid URL)"
    if not parsed.password:
        return str(parsed)
    return str(parsed.copy_with(username=parsed.username, password="***"))


def safe_request(request: httpx.Request) -> httpx.Request:
    """A copy to keep on an error: same method and URL (without password), credentials
    redacted, and no body (a login body holds the password)."""
    url = request.url.copy_with(username=None, password=None)
    return httpx.Request(request.method, url, headers=redact_headers(request.headers))


def safe_response(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    """A read copy of `response` pointing at the safe `request` (an httpx response keeps its
    request, credentials included)."""
    return httpx.Response(
        response.status_code,
        headers=redact_headers(response.headers),
        content=response.content,
        request=request,
    )
