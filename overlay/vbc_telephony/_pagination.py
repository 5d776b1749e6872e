"""Listings: every page of a list operation, fetched lazily, one page in memory at a time.

After each page the cursor picks the next request:

1. none when the page says it is the last (``current_page >= pages``), or ``max_items``
   items have been yielded;
2. else the page's ``next_page_uri``, when it is a non-empty string: a GET of that link joined
   under the base URL (``_urls.join_url``), with every filter of the first request that the
   link's query lacks added to it, parsed by the list operation's generated parser;
3. else, when the page counts its pages and this is not the last, the first request again
   with ``page = current_page + 1``;
4. else none: the link is missing, null, empty or blank.

A request whose URL (query order and an absent ``page=1`` aside) was already sent ends the
listing, so a link that repeats, as the Prism mock's does, cannot loop. The cursor decides;
``SyncPaginator`` and ``AsyncPaginator`` only send what it asks for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import httpx

from vbc_telephony_api.types import UNSET, Unset

from ._exceptions import APIResponseValidationError
from ._generated import Operation
from ._models import count
from ._response import parser
from ._session import AsyncSession, CallOptions, Request, SyncSession
from ._urls import join_url

T = TypeVar("T")


class _GeneratedPage(Protocol):
    """The paging fields every generated page model has (openapi.yaml: PageInfo)."""

    @property
    def current_page(self) -> object: ...
    @property
    def pages(self) -> object: ...
    @property
    def page_size(self) -> object: ...
    @property
    def next_page_uri(self) -> object: ...


X = TypeVar("X", bound=_GeneratedPage)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing: its items and its place among the pages.

    ``raw`` is the generated page model and ``http_response`` the response it came in.
    """

    items: Sequence[T]
    current_page: int | None
    pages: int | None
    page_size: int | None
    next_page_uri: str | None
    raw: Any
    http_response: httpx.Response


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """A list operation: ``request(None)`` is its first page, ``request(n)`` its page ``n``."""

    request: Callable[[int | None], Request[Page[T]]]
    max_items: int | None


def listing(
    operation: Operation[Any],
    path: tuple[str, ...],
    filters: dict[str, object],
    parse: Callable[[httpx.Response], Page[T]],
    options: CallOptions,
    max_items: int | None,
) -> Listing[T]:
    """The ``Listing`` of a list ``operation`` with these arguments."""

    def request(page: int | None) -> Request[Page[T]]:
        kwargs = operation.request(*path, page=UNSET if page is None else page, **filters)
        return Request(kwargs, parse, options)

    return Listing(request, max_items)


def page_parser(
    operation: Operation[Any],
    expected: type[X],
    items: Callable[[X], Sequence[Any]],
    view: Callable[[Any], T],
) -> Callable[[httpx.Response], Page[T]]:
    """A ``Request.parse`` for a list operation: the generated page, its items as views."""
    parse_raw = parser(operation, expected, lambda raw: raw)

    def parse(response: httpx.Response) -> Page[T]:
        raw = parse_raw(response)
        link = raw.next_page_uri
        if isinstance(link, Unset):
            link = None
        if link is not None and not isinstance(link, str):
            raise APIResponseValidationError(
                f"next_page_uri must be a string or null, not {type(link).__name__}",
                response=response,
            )
        return Page(
            items=[view(item) for item in items(raw)],
            current_page=count(raw.current_page, "current_page"),
            pages=count(raw.pages, "pages"),
            page_size=count(raw.page_size, "page_size"),
            next_page_uri=link,
            raw=raw,
            http_response=response,
        )

    return parse


class _Cursor(Generic[T]):
    """Where a listing stands: which requests were sent and how many items are still wanted."""

    def __init__(self, listing: Listing[T], base_url: httpx.URL) -> None:
        self._listing = listing
        self._base_url = base_url
        self._first = listing.request(None)
        params = self._first.kwargs.get("params") or {}
        self._filters = {name: value for name, value in params.items() if name != "page"}
        self._remaining = listing.max_items
        self._sent: set[tuple[str, tuple[tuple[str, str], ...]]] = set()

    def start(self) -> Request[Page[T]] | None:
        return None if self._remaining == 0 else self._unsent(self._first)

    def advance(self, page: Page[T]) -> tuple[Page[T], Request[Page[T]] | None]:
        """``page`` as it is to be yielded, and the request for the next one (None: done)."""
        if self._remaining is not None:
            if len(page.items) >= self._remaining:
                return dataclasses.replace(page, items=page.items[: self._remaining]), None
            self._remaining -= len(page.items)
        return page, self._next(page)

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
                }
                request = dataclasses.replace(self._first, kwargs=kwargs)
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
        query = dict(httpx.URL(url, params=params).params if params else url.params)
        query.setdefault("page", "1")
        key = (url.path, tuple(sorted(query.items())))
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
