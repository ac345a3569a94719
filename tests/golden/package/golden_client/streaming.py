"""What `raw(method, ...)` and `stream(method, ...)` give: the HTTP status and headers beside
the answer, and a binary answer (a large export) read in chunks or written to a file."""

from __future__ import annotations

import os
import typing as t
from dataclasses import dataclass

import httpx

from ._redact import redact_headers, redact_url

T = t.TypeVar("T")
CHUNK = 64 * 1024
Destination: t.TypeAlias = str | os.PathLike[str] | t.BinaryIO


@dataclass(frozen=True)
class RawResponse(t.Generic[T]):
    """The decoded answer with its HTTP status and headers (credentials redacted)."""

    status_code: int
    headers: httpx.Headers
    url: str
    data: T


def _filename(headers: httpx.Headers) -> str | None:
    """The file name from Content-Disposition (an export's), if any: quoted strings and
    RFC 2231 `filename*` read as email does, and only the last path component kept, since a
    server names a file but must not choose where it goes (`../../.bashrc` is `.bashrc`).
    """
    disposition = headers.get("Content-Disposition")
    if not disposition:
        return None
    from email.message import Message  # only for answers that name a file

    message = Message()
    message["Content-Disposition"] = disposition
    name = message.get_filename()
    if not name:
        return None
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return None if base in ("", ".", "..") else base


def _open_for_writing(path: str | os.PathLike[str]) -> t.BinaryIO:
    return open(path, "wb")  # the caller closes it


class _StreamBase:
    """What a streamed answer says before its body is read: status, headers, URL, file name."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status_code: int = response.status_code
        self.headers: httpx.Headers = httpx.Headers(redact_headers(response.headers))
        self.url: str = redact_url(response.url)
        self.filename: str | None = _filename(response.headers)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self.url}>"


class StreamedResponse(_StreamBase):
    """A successful answer not read yet: iterate `iter_bytes()` or `write_to(file)`."""

    def iter_bytes(self, chunk_size: int = CHUNK) -> t.Iterator[bytes]:
        return self._response.iter_bytes(chunk_size)

    def write_to(self, destination: Destination) -> int:
        """Write the body to a path or a binary file object, chunk by chunk; bytes written."""
        if isinstance(destination, str | os.PathLike):
            with open(destination, "wb") as file:
                return self.write_to(file)
        written = 0
        for chunk in self.iter_bytes():
            destination.write(chunk)
            written += len(chunk)
        return written


class AsyncStreamedResponse(_StreamBase):
    """The asyncio twin of `StreamedResponse`."""

    def aiter_bytes(self, chunk_size: int = CHUNK) -> t.AsyncIterator[bytes]:
        return self._response.aiter_bytes(chunk_size)

    async def write_to(self, destination: Destination) -> int:
        """Write the body to a path or a binary file object, chunk by chunk; bytes written.
        (The file writes themselves are blocking, as with any local file.)"""
        if isinstance(destination, str | os.PathLike):
            with _open_for_writing(destination) as file:
                return await self.write_to(file)
        written = 0
        async for chunk in self.aiter_bytes():
            destination.write(chunk)
            written += len(chunk)
        return written
