"""Turning a success's HTTP response into the result a method returns, and ``RawResponse``.

A ``Request.parse`` is one of two kinds. ``view_parser``: the decoded JSON as a view (its
fields are converted when read, ``_models``). ``parser``: the operation's generated parse, a
check that it gave the expected type, then a conversion (a created call's id, a leg's
``None``).

What the server sent and the client cannot read (truncated JSON, an HTML page, a missing
id) raises ``APIResponseValidationError``: the JSON decoding here, the generated parsers in
``_generated``, and our converters say so explicitly. Nothing is caught wholesale: a
``TypeError`` or ``AttributeError`` from our own code is a bug, and surfaces as itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import APIResponseValidationError
from ._generated import Operation
from ._request import Request

T = TypeVar("T")
X = TypeVar("X")


def decoded(response: httpx.Response) -> object:
    """The response's JSON body; ``APIResponseValidationError`` when it is not JSON."""
    try:
        return response.json()
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise APIResponseValidationError(
            f"{response.status_code} with a body that does not match the spec: not JSON"
            f" ({type(exc).__name__}: {exc})",
            response=response,
        ) from None


def parser(
    operation: Operation[Any], expected: type[X], convert: Callable[[X], T]
) -> Callable[[httpx.Response], T]:
    """A ``Request.parse``: ``operation``'s generated parse, then ``convert`` of its result."""

    def parse(response: httpx.Response) -> T:
        result = operation.parse(response)
        if not isinstance(result, expected):
            raise APIResponseValidationError(
                f"{response.status_code} with a body that does not match the spec",
                response=response,
            )
        return convert(result)

    return parse


def view_parser(view: Callable[[object], T]) -> Callable[[httpx.Response], T]:
    """A ``Request.parse`` for one JSON object (``Call._whole``) or a list (``list_of``)."""

    def parse(response: httpx.Response) -> T:
        return view(decoded(response))

    return parse


def list_of(view: Callable[[object], T]) -> Callable[[object], list[T]]:
    def views(data: object) -> list[T]:
        if not isinstance(data, list):
            raise APIResponseValidationError(f"expected a JSON list, got {type(data).__name__}")
        return [view(item) for item in data]

    return views


def parsed(request: Request[T], response: httpx.Response) -> T:
    """``request``'s result from ``response``; ``APIResponseValidationError`` if unreadable."""
    try:
        return request.parse(response)
    except APIResponseValidationError as exc:
        exc.response = exc.response or response  # found while parsing: the response says where
        raise


class RawResponse(Generic[T]):
    """A success's HTTP response (``http_response``) and, on demand, its parsed result."""

    __slots__ = ("_request", "http_response")

    def __init__(self, request: Request[T], http_response: httpx.Response) -> None:
        self._request = request
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> T:
        """The result the plain call returns; raises as the plain call would."""
        return parsed(self._request, self.http_response)

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"
