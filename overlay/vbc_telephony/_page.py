"""One page of a listing: ``Page``, and how a list operation's answer becomes one.

A page is parsed from its decoded JSON: the item array must be a list and every item an
object with its id (else ``APIResponseValidationError``); the items become views, whose
other fields are converted when read (``_models``); ``Page.raw``, the generated page model,
is built on first read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import APIResponseValidationError
from ._fields import count
from ._generated import built
from ._response import decoded

T = TypeVar("T")


class Page(Generic[T]):
    """One page of a listing: its items and its place among the pages.

    ``raw`` is the generated page model (built on first read) and ``http_response`` the
    response the page came in.
    """

    __slots__ = (
        "_data",
        "_model",
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
        model: str | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> None:
        """``raw``: the generated page model, or None to build it on first read, as the
        generated ``model`` (its name) of ``data``, the decoded page."""
        self.items = items
        self.current_page = current_page
        self.pages = pages
        self.page_size = page_size
        self.next_page_uri = next_page_uri
        self.http_response = http_response
        self._raw = raw
        self._model = model
        self._data = data

    @property
    def raw(self) -> Any:  # noqa: ANN401 - the operation's generated page model
        if self._raw is None and self._model is not None and self._data is not None:
            try:
                self._raw = built(self._model, self._data, "the page")
            except APIResponseValidationError as exc:
                exc.response = self.http_response
                raise
        return self._raw

    def _with(self, items: Sequence[T]) -> Page[T]:
        """This page with ``items`` instead of its own."""
        page = Page(
            items,
            self.current_page,
            self.pages,
            self.page_size,
            self.next_page_uri,
            self._raw,
            self.http_response,
            model=self._model,
            data=self._data,
        )
        return page

    def __repr__(self) -> str:
        return (
            f"Page(items={len(self.items)}, current_page={self.current_page},"
            f" pages={self.pages}, next_page_uri={self.next_page_uri!r})"
        )


def page_parser(
    model: str, items_key: str, view: Callable[[object], T]
) -> Callable[[httpx.Response], Page[T]]:
    """A ``Request.parse`` for a list operation: the page's items (``items_key``) as views;
    ``model`` names the generated page model (``CallsPage``) ``Page.raw`` is."""

    def parse(response: httpx.Response) -> Page[T]:
        data = decoded(response)
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
            model=model,
            data=data,
        )

    return parse
