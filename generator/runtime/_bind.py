"""Namespaces, and what turns one of their methods into a raw or streamed call.

Each operation is a method written out in its namespace's module (so `help()` and type checkers
see the real call), and each method only builds its request and hands it to `self._send`.
`raw(mb.card.get, id=1)` and `stream(mb.card.export, ...)` call the same method on a twin of its
namespace whose `_send` keeps the HTTP response, so one method serves all three ways and
ParamSpec keeps its exact signature, per-call options included. A type checker cannot tell a
sync method from an async one here (both are callables): an async client's method given to
`raw` is refused at once, at run time, with a TypeError that names `araw`."""

from __future__ import annotations

import contextlib
import typing as t

from ._request import Request
from ._transport import AsyncTransport, SyncTransport
from .streaming import AsyncStreamedResponse, RawResponse, StreamedResponse

P = t.ParamSpec("P")
T = t.TypeVar("T")
N = t.TypeVar("N", "Namespace", "AsyncNamespace")


class Namespace:
    """Base of a namespace of `MetabaseClient`: its methods send through `_send`."""

    def __init__(
        self,
        transport: SyncTransport,
        sender: t.Callable[[Request[t.Any]], t.Any] | None = None,
    ) -> None:
        self._transport = transport
        self._sender = sender or transport.send

    def _send(self, request: Request[T]) -> T:
        return t.cast(T, self._sender(request))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} namespace>"


class AsyncNamespace:
    """The asyncio twin of `Namespace`."""

    def __init__(
        self,
        transport: AsyncTransport,
        sender: t.Callable[[Request[t.Any]], t.Awaitable[t.Any]] | None = None,
    ) -> None:
        self._transport = transport
        self._sender = sender or transport.send

    async def _send(self, request: Request[T]) -> T:
        return t.cast(T, await self._sender(request))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} namespace>"


def _unbind(method: object, kind: type[N]) -> tuple[N, t.Callable[..., t.Any]]:
    """(namespace, function) of a namespace's bound method, or a TypeError saying what fits."""
    namespace = getattr(method, "__self__", None)
    function = getattr(method, "__func__", None)
    if not isinstance(namespace, kind) or function is None:
        client = "an AsyncMetabaseClient" if kind is AsyncNamespace else "a MetabaseClient"
        helper = "araw/astream" if kind is AsyncNamespace else "raw/stream"
        raise TypeError(f"{helper} take a method of {client} namespace, like mb.card.get")
    return namespace, function


def raw(method: t.Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
    """`raw(mb.card.get, id=1)`: the answer with its status, headers and URL."""
    namespace, function = _unbind(method, Namespace)
    twin = type(namespace)(namespace._transport, namespace._transport.send_raw)
    return t.cast(RawResponse[T], function(twin, *args, **kwargs))


def stream(
    method: t.Callable[P, t.Any], /, *args: P.args, **kwargs: P.kwargs
) -> t.ContextManager[StreamedResponse]:
    """`with stream(mb.card.export, ...) as answer: answer.write_to(path)`: a binary answer
    read in chunks, never whole in memory."""
    namespace, function = _unbind(method, Namespace)
    twin = type(namespace)(namespace._transport, namespace._transport.stream)
    return t.cast(t.ContextManager[StreamedResponse], function(twin, *args, **kwargs))


async def araw(
    method: t.Callable[P, t.Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
) -> RawResponse[T]:
    """`await araw(mb.card.get, id=1)`: the asyncio twin of `raw`."""
    namespace, function = _unbind(method, AsyncNamespace)
    twin = type(namespace)(namespace._transport, namespace._transport.send_raw)
    return t.cast(RawResponse[T], await function(twin, *args, **kwargs))


def astream(
    method: t.Callable[P, t.Awaitable[t.Any]], /, *args: P.args, **kwargs: P.kwargs
) -> t.AsyncContextManager[AsyncStreamedResponse]:
    """`async with astream(mb.card.export, ...) as answer:` the asyncio twin of `stream`."""
    namespace, function = _unbind(method, AsyncNamespace)
    transport = namespace._transport

    async def opened(request: Request[t.Any]) -> t.AsyncContextManager[AsyncStreamedResponse]:
        return transport.stream(request)

    twin = type(namespace)(transport, opened)
    return _entered(lambda: function(twin, *args, **kwargs))


@contextlib.asynccontextmanager
async def _entered(
    opening: t.Callable[[], t.Awaitable[t.AsyncContextManager[AsyncStreamedResponse]]],
) -> t.AsyncIterator[AsyncStreamedResponse]:
    async with await opening() as answer:
        yield answer
