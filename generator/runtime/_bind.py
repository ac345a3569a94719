"""The two front ends over the shared request builders: an operation is its builder (signature,
types, docstring) bound to a namespace, which sends the built request synchronously or with
asyncio. ParamSpec keeps every builder's exact signature, per-call options included, on the
bound method and on its `.raw` (status and headers beside the answer) and `.stream` (a binary
answer read in chunks) variants."""

from __future__ import annotations

import functools
import typing as t

from ._request import Request
from ._transport import AsyncTransport, SyncTransport
from .streaming import AsyncStreamedResponse, RawResponse, StreamedResponse

P = t.ParamSpec("P")
T = t.TypeVar("T")


class Call(t.Protocol[P, T]):
    """A bound operation: call it for the answer, `.raw(...)` for a RawResponse, or
    `with op.stream(...) as answer:` for a binary answer written to a file."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T: ...
    def raw(self, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]: ...
    def stream(self, *args: P.args, **kwargs: P.kwargs) -> t.ContextManager[StreamedResponse]: ...


class AsyncCall(t.Protocol[P, T]):
    """The asyncio twin of `Call`: awaited, `await op.raw(...)`, `async with op.stream(...)`."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> t.Coroutine[t.Any, t.Any, T]: ...
    def raw(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> t.Coroutine[t.Any, t.Any, RawResponse[T]]: ...
    def stream(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> t.AsyncContextManager[AsyncStreamedResponse]: ...


class Namespace:
    """Base of a namespace: `_send` for methods written out, `_transport` for `Operation`."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport
        self._send = transport.send


class AsyncNamespace:
    """The asyncio twin of `Namespace`."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport
        self._send = transport.send


class Operation(t.Generic[P, T]):
    """`name = Operation(builder)` in a Namespace: a method that builds and sends."""

    def __init__(self, builder: t.Callable[P, Request[T]]) -> None:
        self._builder = builder

    @t.overload
    def __get__(self, namespace: None, owner: type[t.Any]) -> Operation[P, T]: ...
    @t.overload
    def __get__(self, namespace: Namespace, owner: type[t.Any]) -> Call[P, T]: ...
    def __get__(
        self, namespace: Namespace | None, owner: type[t.Any]
    ) -> Operation[P, T] | Call[P, T]:
        if namespace is None:
            return self
        builder, transport = self._builder, namespace._transport

        @functools.wraps(builder)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            return transport.send(builder(*args, **kwargs))

        @functools.wraps(builder)
        def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
            return transport.send_raw(builder(*args, **kwargs))

        @functools.wraps(builder)
        def stream(*args: P.args, **kwargs: P.kwargs) -> t.ContextManager[StreamedResponse]:
            return transport.stream(builder(*args, **kwargs))

        bound = t.cast(t.Any, call)
        bound.raw, bound.stream = raw, stream
        return t.cast(Call[P, T], bound)


class AsyncOperation(t.Generic[P, T]):
    """`name = AsyncOperation(builder)` in an AsyncNamespace: a coroutine method."""

    def __init__(self, builder: t.Callable[P, Request[T]]) -> None:
        self._builder = builder

    @t.overload
    def __get__(self, namespace: None, owner: type[t.Any]) -> AsyncOperation[P, T]: ...
    @t.overload
    def __get__(self, namespace: AsyncNamespace, owner: type[t.Any]) -> AsyncCall[P, T]: ...
    def __get__(
        self, namespace: AsyncNamespace | None, owner: type[t.Any]
    ) -> AsyncOperation[P, T] | AsyncCall[P, T]:
        if namespace is None:
            return self
        builder, transport = self._builder, namespace._transport

        @functools.wraps(builder)
        async def call(*args: P.args, **kwargs: P.kwargs) -> T:
            return await transport.send(builder(*args, **kwargs))

        @functools.wraps(builder)
        async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
            return await transport.send_raw(builder(*args, **kwargs))

        @functools.wraps(builder)
        def stream(
            *args: P.args, **kwargs: P.kwargs
        ) -> t.AsyncContextManager[AsyncStreamedResponse]:
            return transport.stream(builder(*args, **kwargs))

        bound = t.cast(t.Any, call)
        bound.raw, bound.stream = raw, stream
        return t.cast(AsyncCall[P, T], bound)
