"""The two front ends over the shared request builders: an operation is its builder (signature,
types, docstring) bound to a namespace, which sends the built request synchronously or with
asyncio. ParamSpec keeps every builder's exact signature on the bound method."""

from __future__ import annotations

import functools
import typing as t

from ._request import Request

P = t.ParamSpec("P")
T = t.TypeVar("T")


class _Send(t.Protocol):
    def __call__(self, request: Request[T], /) -> T: ...


class _AsyncSend(t.Protocol):
    def __call__(self, request: Request[T], /) -> t.Awaitable[T]: ...


class Namespace:
    def __init__(self, send: _Send) -> None:
        self._send = send


class AsyncNamespace:
    def __init__(self, send: _AsyncSend) -> None:
        self._send = send


class Operation(t.Generic[P, T]):
    """`name = Operation(builder)` in a Namespace: a method that builds and sends."""

    def __init__(self, builder: t.Callable[P, Request[T]]) -> None:
        self._builder = builder

    @t.overload
    def __get__(self, namespace: None, owner: type[t.Any]) -> Operation[P, T]: ...
    @t.overload
    def __get__(self, namespace: Namespace, owner: type[t.Any]) -> t.Callable[P, T]: ...
    def __get__(
        self, namespace: Namespace | None, owner: type[t.Any]
    ) -> Operation[P, T] | t.Callable[P, T]:
        if namespace is None:
            return self
        builder, send = self._builder, namespace._send

        @functools.wraps(builder)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            return send(builder(*args, **kwargs))

        return call


class AsyncOperation(t.Generic[P, T]):
    """`name = AsyncOperation(builder)` in an AsyncNamespace: a coroutine method."""

    def __init__(self, builder: t.Callable[P, Request[T]]) -> None:
        self._builder = builder

    @t.overload
    def __get__(self, namespace: None, owner: type[t.Any]) -> AsyncOperation[P, T]: ...
    @t.overload
    def __get__(
        self, namespace: AsyncNamespace, owner: type[t.Any]
    ) -> t.Callable[P, t.Coroutine[t.Any, t.Any, T]]: ...
    def __get__(
        self, namespace: AsyncNamespace | None, owner: type[t.Any]
    ) -> AsyncOperation[P, T] | t.Callable[P, t.Coroutine[t.Any, t.Any, T]]:
        if namespace is None:
            return self
        builder, send = self._builder, namespace._send

        @functools.wraps(builder)
        async def call(*args: P.args, **kwargs: P.kwargs) -> T:
            return await send(builder(*args, **kwargs))

        return call
