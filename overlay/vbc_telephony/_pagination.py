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

A page is parsed from its decoded JSON: the item array must be a list and every item an
object with its id (else ``APIResponseValidationError``); the items become views, whose
other fields are converted when read (``_models``); ``Page.raw``, the generated page model,
is built on first read. Only one page is held at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import httpx

from vbc_telephony_api.types import UNSET

from ._exceptions import APIResponseValidationError
from ._fields import count
from ._generated import Operation
from ._session import AsyncSession, CallOptions, Request, SyncSession
from ._urls import join_url

T = TypeVar("T")


class Page(Generic[T]):
    """One page of a listing: its items and its place among the pages.

    ``raw`` is the generated page model (built on first read) and ``http_response`` the
    response the page came in.
    """

    __slots__ = (
        "_build_raw",
        "_raw",
        "current_page",
        "http_response",
        "items",
        "next_page_uri",
        "page_size",
        "pages",
    )

    def __init__(
        self,
        items: Sequence[T],
        current_page: int | None,
        pages: int | None,
        page_size: int | None,
        next_page_uri: str | None,
        raw: object,
        http_response: httpx.Response,
        *,
        build_raw: Callable[[], Any] | None = None,
    ) -> None:
        self.items = items
        self.current_page = current_page
        self.pages = pages
        self.page_size = page_size
        self.next_page_uri = next_page_uri
        self.http_response = http_response
        self._raw = raw
        self._build_raw = build_raw

    @property
    def raw(self) -> Any:  # noqa: ANN401 - the operation's generated page model
        if self._raw is None and self._build_raw is not None:
            try:
                self._raw = self._build_raw()
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                raise APIResponseValidationError(
                    f"the page does not match the spec: {type(exc).__name__}: {exc}",
                    response=self.http_response,
                ) from None
        return self._raw

    def _first(self, count: int) -> Page[T]:
        """This page with only its first ``count`` items."""
        page = Page(
            self.items[:count],
            self.current_page,
            self.pages,
            self.page_size,
            self.next_page_uri,
            self._raw,
            self.http_response,
            build_raw=self._build_raw,
        )
        return page

    def __repr__(self) -> str:
        return (
            f"Page(items={len(self.items)}, current_page={self.current_page},"
            f" pages={self.pages}, next_page_uri={self.next_page_uri!r})"
        )


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """A list operation: ``request(None)`` is its first page, ``request(n)`` its page ``n``;
    ``filters`` are the names of its query parameters other than ``page``."""

    request: Callable[[int | None], Request[Page[T]]]
    max_items: int | None
    filters: frozenset[str]


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

    return Listing(request, max_items, operation.query_parameters - {"page"})


def page_parser(
    model: Any,  # noqa: ANN401 - the generated page model class (CallsPage, DevicesPage)
    items_key: str,
    view: Callable[[object], T],
) -> Callable[[httpx.Response], Page[T]]:
    """A ``Request.parse`` for a list operation: the page's items (``items_key``) as views."""

    def parse(response: httpx.Response) -> Page[T]:
        data = response.json()
        if not isinstance(data, dict):
            raise APIResponseValidationError(
                f"expected a page object, got {type(data).__name__}", response=response
            )
        items = data.get(items_key)
        if not isinstance(items, list):
            raise APIResponseValidationError(
                f"{items_key}: expected a list, got {type(items).__name__}", response=response
            )
        link = data.get("next_page_uri")
        if link is not None and not isinstance(link, str):
            raise APIResponseValidationError(
                f"next_page_uri must be a string or null, not {type(link).__name__}",
                response=response,
            )
        return Page(
            [view(item) for item in items],
            count(data.get("current_page"), "current_page"),
            count(data.get("pages"), "pages"),
            count(data.get("page_size"), "page_size"),
            link,
            None,
            response,
            build_raw=lambda: model.from_dict(data),
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
        self._sent: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()

    def start(self) -> Request[Page[T]] | None:
        return None if self._remaining == 0 else self._unsent(self._first)

    def advance(self, page: Page[T]) -> tuple[Page[T], Request[Page[T]] | None]:
        """``page`` as it is to be yielded, and the request for the next one (None: done)."""
        if self._remaining is not None:
            if len(page.items) >= self._remaining:
                return page._first(self._remaining), None
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
