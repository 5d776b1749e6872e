"""Lists: filtering by time, sorting, and cutting into pages, as every list operation does.

Items are sorted by their time (``asc`` or ``desc``; ties keep the order the items came in,
or its reverse), filtered to ``start_time <= time <= end_time`` when those are given, and
page ``page`` of ``page_size`` is returned with the count of pages. A page past the last is
empty. The links of a page repeat the request's filters, so following ``next_page_uri``
lists the same selection.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100
DEFAULT_ORDER = "desc"


@dataclass(frozen=True)
class PageRequest:
    """What a list request asks for; ``filters`` are the other query parameters, for links."""

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    order: str = DEFAULT_ORDER
    start_time: int | None = None
    end_time: int | None = None
    filters: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    current_page: int
    pages: int
    page_size: int
    order: str
    first_page_uri: str
    next_page_uri: str | None
    previous_page_uri: str | None


def paginate(
    items: Sequence[T], time_of: Callable[[T], int], request: PageRequest, path: str
) -> Page[T]:
    """The page ``request`` asks for among ``items``; its links are ``path`` with a query."""
    start, end = request.start_time, request.end_time
    selected = list(items)
    if start is not None or end is not None:
        selected = [
            item
            for item in selected
            if (start is None or time_of(item) >= start) and (end is None or time_of(item) <= end)
        ]
    if request.order == "desc":
        selected.reverse()  # the sort is stable, so ties too come newest first
    selected.sort(key=time_of, reverse=request.order == "desc")
    pages = max(1, math.ceil(len(selected) / request.page_size))
    first = (request.page - 1) * request.page_size
    items_on_page = selected[first : first + request.page_size]

    query: dict[str, object] = {"page_size": request.page_size, "order": request.order}
    query.update(request.filters or {})
    if start is not None:
        query["start_time"] = start
    if end is not None:
        query["end_time"] = end
    rest = urlencode(query)

    def link(page: int) -> str:
        return f"{path}?page={page}&{rest}"

    return Page(
        items=items_on_page,
        current_page=request.page,
        pages=pages,
        page_size=request.page_size,
        order=request.order,
        first_page_uri=link(1),
        next_page_uri=link(request.page + 1) if request.page < pages else None,
        previous_page_uri=link(min(request.page, pages + 1) - 1) if request.page > 1 else None,
    )
