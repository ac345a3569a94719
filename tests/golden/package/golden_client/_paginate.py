"""Every item of a paged list. Metabase pages lists in middleware (`limit`/`offset` in the
query, answered as `{"data": [...], "total": n, "limit": l, "offset": o}`), so no operation
declares them; `paginate` sends them as `extra_query` and follows `total`."""

from __future__ import annotations

import typing as t

from .errors import DecodingError

PAGE_SIZE = 100


def _page(answer: t.Any, page_size: int) -> tuple[list[t.Any], bool]:
    """(items, whether another page may follow)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        raise DecodingError(
            f"not a paged answer (no 'data' list): {type(answer).__name__}"
        )
    items: list[t.Any] = answer["data"]
    total, offset = answer.get("total"), answer.get("offset") or 0
    if (
        answer.get("limit") is None
    ):  # the endpoint ignored limit: everything came at once
        return items, False
    if (
        isinstance(total, int)
        and isinstance(offset, int)
        and offset + len(items) >= total
    ):
        return items, False
    return items, len(items) == page_size


def _query(kwargs: dict[str, t.Any], page_size: int, offset: int) -> dict[str, t.Any]:
    extra = dict(kwargs.get("extra_query") or {})
    return {**kwargs, "extra_query": {**extra, "limit": page_size, "offset": offset}}


def paginate(
    call: t.Callable[..., t.Any], /, *, page_size: int = PAGE_SIZE, **kwargs: t.Any
) -> t.Iterator[t.Any]:
    """`for item in paginate(mb.collection.get_items, id=1):` every item, page by page."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    offset = 0
    while True:
        items, more = _page(call(**_query(kwargs, page_size, offset)), page_size)
        yield from items
        offset += len(items)
        if not more or not items:
            return


async def apaginate(
    call: t.Callable[..., t.Awaitable[t.Any]],
    /,
    *,
    page_size: int = PAGE_SIZE,
    **kwargs: t.Any,
) -> t.AsyncIterator[t.Any]:
    """`async for item in apaginate(mb.collection.get_items, id=1):` the asyncio twin."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    offset = 0
    while True:
        items, more = _page(await call(**_query(kwargs, page_size, offset)), page_size)
        for item in items:
            yield item
        offset += len(items)
        if not more or not items:
            return
