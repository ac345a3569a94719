"""A request as the operations describe it, shared by the sync and async clients."""

from __future__ import annotations

import json
import re
import typing as t
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

T = t.TypeVar("T")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")

# The per-call options every method takes (keyword-only, after the operation's own).
ExtraQuery: t.TypeAlias = t.Mapping[str, t.Any]
ExtraHeaders: t.TypeAlias = t.Mapping[str, str]
Timeout: t.TypeAlias = float | httpx.Timeout


@dataclass(frozen=True)
class Request(t.Generic[T]):
    """One call: method, path template with published placeholder names, the values, and the
    call's options. The body stays out of `repr` (it may hold a password)."""

    method: str
    path: str
    path_params: dict[str, t.Any] = field(default_factory=dict)
    query: dict[str, t.Any] = field(default_factory=dict)
    headers: dict[str, t.Any] = field(default_factory=dict, repr=False)
    body: t.Any = field(default=None, repr=False)
    has_body: bool = False
    body_media_type: str | None = None
    extra_query: ExtraQuery | None = None
    extra_headers: ExtraHeaders | None = field(default=None, repr=False)
    timeout: Timeout | None = None

    @property
    def idempotent(self) -> bool:
        return self.method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")

    def url_path(self) -> str:
        """The path with every placeholder filled in and percent-encoded."""

        def fill(match: re.Match[str]) -> str:
            return quote(_scalar(self.path_params[match.group(1)]), safe="")

        return _PLACEHOLDER.sub(fill, self.path)

    def query_params(self) -> list[tuple[str, str]]:
        """Query pairs; None is left out, lists repeat the key (`ids=1&ids=2`); a key of
        `extra_query` replaces the operation's own."""
        merged = {**self.query, **(self.extra_query or {})}
        pairs: list[tuple[str, str]] = []
        for name, value in merged.items():
            if value is None:
                continue
            values = value if isinstance(value, list | tuple) else [value]
            pairs.extend((name, _scalar(v)) for v in values)
        return pairs

    def header_values(self) -> dict[str, str]:
        merged = {**self.headers, **(self.extra_headers or {})}
        return {k: _scalar(v) for k, v in merged.items() if v is not None}


def _scalar(value: t.Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def multipart(body: t.Mapping[str, t.Any]) -> tuple[dict[str, str], dict[str, t.Any]]:
    """A multipart body -> (form fields, files). Files are bytes, binary file objects, or
    (filename, content[, content type]) tuples; everything else is a form field."""
    data: dict[str, str] = {}
    files: dict[str, t.Any] = {}
    for name, value in body.items():
        if value is None:
            continue
        if isinstance(value, bytes | bytearray | tuple) or hasattr(value, "read"):
            files[name] = value
        else:
            data[name] = _scalar(value)
    return data, files
