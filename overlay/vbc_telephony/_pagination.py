"""Listings: every page of a list operation, fetched lazily, one page in memory at a time.

After each page the cursor picks the next request:

1. none when the page says it is the last (``current_page >= pages``), or ``max_items``
   items have been yielded;
2. else the page's ``next_page_uri``, when it is a non-empty string: a GET of that link joined
   under the base URL (``_urls.join_url``), with every filter of the first request that the
   link's query lacks added to it;
3. else, when the page counts its pages and this is not the last, the first request again
   with ``page = current_page + 1``;
4. else none: the link is missing, null, empty or blank.

A request for a page already sent ends the listing, so a link that repeats, as the Prism
mock's does, cannot loop. A page is its path, its ``page`` number (none: 1) and any query
parameter the operation does not define (a server's cursor, say). The operation's own
filters (``order``, ``page_size``…) are the listing's, carried on every page: a server that
relinks page 2 as ``?page=2&order=desc`` and then as ``?page=2`` links the same page, which
is listed once. The cursor decides; ``SyncPaginator`` and ``AsyncPaginator`` only send what
it asks for.

While calls come and go, pages numbered by the server shift under the listing: a call that
starts ahead of the cursor pushes the rest one place down, so the last item of a page comes
again at the top of the next; one that ends pulls them up, so an item can fall between two
pages. The cursor remembers the ids it yielded in the last ``LISTING_REMEMBERED_PAGES``
pages and drops a repeat from its page (``Page.items`` holds only new items, ``Page.raw`` the
page as sent). A repeat from further back would take more calls starting, per page read,
than a page holds: churn the listing cannot keep up with, which no page-numbered listing
completes. Remembering every id instead would cost memory for every item of a long listing,
where one page is held at a time.

What a listing guarantees, then: no item is yielded twice in one pass while fewer items
start per page read than a page holds; every item it yields existed when its page was read;
an item that existed for the whole listing is yielded unless items ahead of it ended
meanwhile; an item that starts or ends during the listing may or may not be. For a picture
of one moment, list again: each pass starts afresh.

A page (``_page``) is parsed from its decoded JSON; only one is held at a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._constants import LISTING_REMEMBERED_PAGES
from ._exceptions import APIResponseValidationError
from ._generated import Operation
from ._page import Page
from ._request import CallOptions, Request
from ._urls import join_url

if TYPE_CHECKING:
    from ._session import AsyncSession, SyncSession

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """A list operation: ``request(None)`` is its first page, ``request(n)`` its page ``n``;
    ``filters`` are the names of its query parameters other than ``page``; ``identity`` reads
    an item's id."""

    request: Callable[[int | None], Request[Page[T]]]
    max_items: int | None
    filters: frozenset[str]
    identity: Callable[[T], object]


def listing(
    operation: Operation[Any],
    path: tuple[str, ...],
    filters: dict[str, object],
    parse: Callable[[httpx.Response], Page[T]],
    options: CallOptions,
    max_items: int | None,
    identity: Callable[[T], object],
) -> Listing[T]:
    """The ``Listing`` of a list ``operation`` with these arguments; ``identity`` reads an
    item's id."""

    def request(page: int | None) -> Request[Page[T]]:
        numbered = filters if page is None else {**filters, "page": page}
        kwargs = operation.request(*path, **numbered)
        return Request(kwargs, parse, options)

    filter_names = operation.query_parameters - {"page"}
    return Listing(request, max_items, filter_names, identity)


class _Cursor(Generic[T]):
    """Where a listing stands: which requests were sent and how many items are still wanted."""

    def __init__(self, listing: Listing[T], base_url: httpx.URL) -> None:
        self._listing = listing
        self._base_url = base_url
        self._first = listing.request(None)
        params = self._first.kwargs.get("params") or {}
        self._filters = {name: value for name, value in params.items() if name != "page"}
        self._remaining = listing.max_items
        self._sent: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
        # The ids yielded by the last pages, a list a page, and all of them in a set.
        self._recent_pages: deque[list[object]] = deque()
        self._recent: set[object] = set()

    def start(self) -> Request[Page[T]] | None:
        return None if self._remaining == 0 else self._unsent(self._first)

    def advance(self, page: Page[T]) -> tuple[Page[T], Request[Page[T]] | None]:
        """``page`` as it is to be yielded, and the request for the next one (None: done)."""
        items = self._new(page.items)
        if self._remaining is not None and len(items) >= self._remaining:
            return page._with(items[: self._remaining]), None
        if self._remaining is not None:
            self._remaining -= len(items)
        return (page if len(items) == len(page.items) else page._with(items)), self._next(page)

    def _new(self, items: Sequence[T]) -> Sequence[T]:
        """``items`` without those yielded by the last pages (pages shift as calls come and
        go)."""
        identity, recent = self._listing.identity, self._recent
        ids = list(map(identity, items))
        new: Sequence[T] = items
        if not recent.isdisjoint(ids) or len(set(ids)) != len(ids):  # a repeat: rare
            new, ids = [], []
            for item in items:
                key = identity(item)
                if key not in recent:
                    recent.add(key)
                    ids.append(key)
                    new.append(item)
        recent.update(ids)
        self._recent_pages.append(ids)
        if len(self._recent_pages) > LISTING_REMEMBERED_PAGES:
            recent.difference_update(self._recent_pages.popleft())
        return new

    def _next(self, page: Page[T]) -> Request[Page[T]] | None:
        current, pages, following = page.current_page, page.pages, None
        if current is not None and pages is not None:
            if current >= pages:
                return None
            following = current + 1
        try:
            if page.next_page_uri and not page.next_page_uri.isspace():
                link = join_url(self._base_url, page.next_page_uri)
                missing = {k: v for k, v in self._filters.items() if k not in link.params}
                # In the URL itself: httpx replaces, not extends, a URL's query with `params`.
                kwargs = {
                    "method": "get",
                    "url": link.copy_merge_params(missing) if missing else link,
                    "extensions": self._first.kwargs["extensions"],
                }
                request = replace(self._first, kwargs=kwargs)
            elif following is not None:
                request = self._listing.request(following)
            else:
                return None
            return self._unsent(request)
        except ValueError as exc:
            raise APIResponseValidationError(
                f"next_page_uri {page.next_page_uri!r}: {exc}", response=page.http_response
            ) from None

    def _unsent(self, request: Request[Page[T]]) -> Request[Page[T]] | None:
        """``request``, unless a request for the same page was sent already."""
        url = join_url(self._base_url, request.kwargs["url"])
        params = request.kwargs.get("params")
        query = httpx.URL(url, params=params).params if params else url.params
        others = sorted(
            (name, value) for name, value in query.multi_items()
            if name != "page" and name not in self._listing.filters
        )  # fmt: skip
        key = (url.path, query.get("page", "1"), tuple(others))
        if key in self._sent:
            return None
        self._sent.add(key)
        return request


class SyncPaginator(Generic[T]):
    """Iterate for every item (``for call in …``), or over ``pages()``; each pass starts afresh."""

    def __init__(self, session: SyncSession, listing: Listing[T]) -> None:
        self._session = session
        self._listing = listing

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[T]]:
        cursor = _Cursor(self._listing, self._session.settings.base_url)
        request = cursor.start()
        while request is not None:
            page, request = cursor.advance(self._session.execute(request))
            yield page


class AsyncPaginator(Generic[T]):
    """``async for`` every item, or over ``pages()``; each pass starts afresh."""

    def __init__(self, session: AsyncSession, listing: Listing[T]) -> None:
        self._session = session
        self._listing = listing

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        cursor = _Cursor(self._listing, self._session.settings.base_url)
        request = cursor.start()
        while request is not None:
            page, request = cursor.advance(await self._session.execute(request))
            yield page
