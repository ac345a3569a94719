"""Calls that fit the server's Metabase release: `MetabaseClient(..., server_version=...)`.

With a version (`"0.58.3"`, or `"auto"` to read `version.tag` from `GET
/api/session/properties` once per client), each call is looked up in the series this package was
generated with (`_releases.py`): where the server's release has the operation at another path
(it moved since, parameters mapping one to one), the call goes there; where it has no such
operation, the call is refused before anything is sent, with an `UnsupportedOperationError`
naming the operation, the server's version and the releases that have it. Without a version,
nothing changes. Which releases a version may be is `_version_tags.candidates`: a release known
only by its date covers the versions between its numbered neighbours.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import threading
import typing as t

from ._request import Request
from ._version_tags import Version, candidates, format_version, parse_version
from .errors import ConfigurationError, MetabaseError

T = t.TypeVar("T")
log = logging.getLogger(__package__ or __name__)
# (method, path, renamed parameters as (location, name here, name there), why not) or "" / None
Entry: t.TypeAlias = t.Any


class UnsupportedOperationError(MetabaseError):
    """The server's Metabase release has no such operation (or none this call can be sent to);
    nothing was sent. `operation` is the call (`transform.list`), `server_version` the
    server's, `releases` those of this client's series that have it."""

    def __init__(
        self, message: str, *, operation: str, server_version: str, releases: list[str]
    ) -> None:
        super().__init__(message)
        self.operation = operation
        self.server_version = server_version
        self.releases = releases


def version_tag(properties: t.Any) -> str | None:
    """`version.tag` of the session properties, if it is there."""
    version = properties.get("version") if isinstance(properties, dict) else None
    tag = version.get("tag") if isinstance(version, dict) else None
    return tag if isinstance(tag, str) else None


def renamed(values: dict[str, t.Any], names: dict[str, str]) -> dict[str, t.Any]:
    return {names.get(key, key): value for key, value in values.items()}


def rerouted(request: Request[T], entry: tuple[t.Any, ...]) -> Request[T]:
    """The request as the older release takes it: its method and path, its parameter names."""
    method, path, renames, _why = entry
    by_location: dict[str, dict[str, str]] = {}
    for location, here, there in renames:
        by_location.setdefault(location, {})[here] = there
    return dataclasses.replace(
        request,
        method=method,
        path=path,
        path_params=renamed(request.path_params, by_location.get("path", {})),
        query=renamed(request.query, by_location.get("query", {})),
        headers=renamed(request.headers, by_location.get("header", {})),
    )


class VersionGate:
    """One client's server version, and the routing of its calls by it."""

    def __init__(self, setting: str, table: t.Any = None) -> None:
        # The package's `_releases` module, read only by clients given a version.
        table = table or importlib.import_module(f"{__package__}._releases")
        self.series: tuple[tuple[str, Version | None], ...] = table.SERIES
        self.routes: dict[tuple[str, str], tuple[str, tuple[Entry, ...]]] = table.ROUTES
        self.auto = setting == "auto"
        self.shown = ""  # the server's version as the messages say it
        self.version: Version | None = None
        self.known = False  # True once the version is known, or known to be unreadable
        self._lock = threading.Lock()
        self._async_lock: t.Any = None
        if not self.auto:
            self._take(setting, from_server=False)

    def _take(self, tag: str | None, from_server: bool) -> None:
        version = parse_version(tag) if tag else None
        if version is None and not from_server:
            raise ConfigurationError(
                f"server_version must be a Metabase version like '0.58.3', or 'auto'; "
                f"not {tag!r}"
            )
        if version is None:
            log.warning(
                "server_version='auto': version.tag %r is not a version; not routing",
                tag,
            )
        self.version, self.shown, self.known = version, (tag or ""), True

    def resolve(self, fetch: t.Callable[[], t.Any]) -> None:
        """Read the server's version once (`fetch` gets the session properties)."""
        if self.known:
            return
        with self._lock:
            if not self.known:
                self._take(version_tag(fetch()), from_server=True)

    async def aresolve(self, fetch: t.Callable[[], t.Awaitable[t.Any]]) -> None:
        if self.known:
            return
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if not self.known:
                self._take(version_tag(await fetch()), from_server=True)

    def route(self, request: Request[T]) -> Request[T]:
        """`request`, sent where the server's release has the operation, or refused."""
        entry = self.routes.get((request.method, request.path))
        if entry is None or self.version is None:
            return request
        call, per_release = entry
        indices = candidates([v for _, v in self.series], self.version)
        options = [per_release[i] for i in indices]
        if "" in options:
            return request
        present = [
            (i, o) for i, o in zip(indices, options, strict=True) if o is not None
        ]
        if present and not present[-1][1][3]:
            return rerouted(request, present[-1][1])
        raise self._refusal(request, call, per_release, indices, present)

    def _refusal(
        self,
        request: Request[t.Any],
        call: str,
        per_release: tuple[Entry, ...],
        indices: list[int],
        present: list[tuple[int, Entry]],
    ) -> UnsupportedOperationError:
        names = [name for name, _ in self.series]
        having = [names[i] for i, o in enumerate(per_release) if o is not None]
        assert self.version is not None
        seen = f"Metabase {self.shown} ({format_version(self.version)}"
        seen += f", release {' or '.join(names[i] for i in indices)} of this client's series)"
        if present:
            method, path, _renames, why = present[-1][1]
            problem = f"it has it as {method} {path}, which this call cannot be sent to: {why}"
        else:
            problem = "it has no such operation"
        message = (
            f"{call}() ({request.method} {request.path}) is not supported by {seen}: {problem}; "
            f"releases that have it: {', '.join(having) or 'none'}. Nothing was sent."
        )
        return UnsupportedOperationError(
            message, operation=call, server_version=self.shown, releases=having
        )


def gate(server_version: str | None, table: t.Any = None) -> VersionGate | None:
    return VersionGate(server_version, table) if server_version is not None else None
