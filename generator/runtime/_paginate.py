"""Every item of a paged list. Metabase pages lists in middleware (`limit`/`offset` in the
query, answered as `{"data": [...], "total": n, "limit": l, "offset": o}`), so no operation
declares them; `paginate` sends them as `extra_query` and follows `total`.

The page size is the `limit` of the call's own `extra_query` (100 when absent), so `paginate`
takes exactly the method's arguments and a type checker checks them as it checks the call."""

from __future__ import annotations

import typing as t

from .errors import DecodingError

P = t.ParamSpec("P")
PAGE_SIZE = 100


def _page(answer: t.Any, page_size: int) -> tuple[list[t.Any], bool]:
    """(items, whether another page may follow)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        raise DecodingError(f"not a paged answer (no 'data' list): {type(answer).__name__}")
    items: list[t.Any] = answer["data"]
    total, offset = answer.get("total"), answer.get("offset") or 0
    if answer.get("limit") is None:  # the endpoint ignored limit: everything came at once
        return items, False
    if isinstance(total, int) and isinstance(offset, int) and offset + len(items) >= total:
        return items, False
    return items, len(items) == page_size


def _page_size(kwargs: t.Mapping[str, t.Any]) -> int:
    limit = (kwargs.get("extra_query") or {}).get("limit", PAGE_SIZE)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"extra_query limit (the page size) must be a positive int: {limit!r}")
    return limit


def _query(kwargs: t.Mapping[str, t.Any], page_size: int, offset: int) -> dict[str, t.Any]:
    extra = dict(kwargs.get("extra_query") or {})
    return {**kwargs, "extra_query": {**extra, "limit": page_size, "offset": offset}}


def paginate(
    method: t.Callable[P, t.Any], /, *args: P.args, **kwargs: P.kwargs
) -> t.Iterator[t.Any]:
    """`for item in paginate(mb.collection.get_items, id="root"):` every item, page by page
    (`extra_query={"limit": 500}` for pages of 500)."""
    page_size, offset = _page_size(kwargs), 0
    while True:
        items, more = _page(method(*args, **_query(kwargs, page_size, offset)), page_size)
        yield from items
        offset += len(items)
        if not more or not items:
            return


async def apaginate(
    method: t.Callable[P, t.Awaitable[t.Any]], /, *args: P.args, **kwargs: P.kwargs
) -> t.AsyncIterator[t.Any]:
    """`async for item in apaginate(mb.collection.get_items, id="root"):` the asyncio twin."""
    page_size, offset = _page_size(kwargs), 0
    while True:
        answer = await method(*args, **_query(kwargs, page_size, offset))
        items, more = _page(answer, page_size)
        for item in items:
            yield item
        offset += len(items)
        if not more or not items:
            return
