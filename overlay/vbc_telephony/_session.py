"""Sending one operation, and turning its answer into a result or a typed error.

An operation arrives as a ``Request``: the keyword arguments its generated builder made
(method, path, query, JSON body), a ``parse`` function (``_response.parser``) and the call's
options. This module sends it through the user's httpx client, which is the only step the
generated ``sync_detailed``/``asyncio_detailed`` would do differently: here the path is joined
under the base URL, and the client's auth, timeout and retry settings (or the call's
overrides) ride along. Then:

- an error status raises its ``APIStatusError`` subclass (``error_for_response``);
- an httpx transport failure raises ``APITimeoutError`` or ``APIConnectionError``;
- a success is parsed (``_response.parsed``), or raises ``APIResponseValidationError``.

``SyncSession`` and ``AsyncSession`` differ only in ``await``; everything they decide is
in the functions they share. The raw sessions return a ``RawResponse`` instead of the result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from . import _validate
from ._exceptions import APIConnectionError, APITimeoutError, error_for_response
from ._response import RawResponse, parsed
from ._retry import MAX_RETRIES_EXTENSION
from ._urls import join_url

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """What a client applies to every request: where, as whom, how long, how many retries."""

    base_url: httpx.URL
    auth: httpx.Auth | None
    timeout: httpx.Timeout
    max_retries: int


@dataclass(frozen=True, slots=True)
class CallOptions:
    """A call's overrides of the client's settings; None keeps the client's."""

    timeout: httpx.Timeout | None = None
    max_retries: int | None = None

    @classmethod
    def of(cls, timeout: object, max_retries: object) -> CallOptions:
        return cls(
            None if timeout is None else _validate.timeout(timeout),
            None if max_retries is None else _validate.max_retries(max_retries),
        )


@dataclass(frozen=True, slots=True)
class Request(Generic[T]):
    """One operation, ready to send."""

    kwargs: Mapping[str, Any]
    parse: Callable[[httpx.Response], T]
    options: CallOptions


def _http_args(settings: ClientSettings, request: Request[Any]) -> dict[str, Any]:
    args = dict(request.kwargs)
    args["url"] = join_url(settings.base_url, args["url"])
    options = request.options
    args["timeout"] = settings.timeout if options.timeout is None else options.timeout
    retries = settings.max_retries if options.max_retries is None else options.max_retries
    args["extensions"] = {MAX_RETRIES_EXTENSION: retries}
    if settings.auth is not None:
        args["auth"] = settings.auth
    return args


@contextlib.contextmanager
def _transport_errors(args: Mapping[str, Any]) -> Iterator[None]:
    """httpx's transport failures as the package's errors; the message names no secret."""
    try:
        yield
    except httpx.TimeoutException as exc:
        what = f"{args['method'].upper()} {args['url'].path} timed out ({type(exc).__name__})"
        raise APITimeoutError(what, request=_request_of(exc)) from exc
    except httpx.RequestError as exc:
        what = f"{args['method'].upper()} {args['url'].path} failed: {type(exc).__name__}: {exc}"
        raise APIConnectionError(what, request=_request_of(exc)) from exc


def _request_of(exc: httpx.RequestError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:  # raised before a request was attached
        return None


def _checked(response: httpx.Response) -> httpx.Response:
    if not response.is_success:
        raise error_for_response(response)
    return response


class SyncSession:
    def __init__(self, http: httpx.Client, settings: ClientSettings) -> None:
        self.http = http
        self.settings = settings

    def send(self, request: Request[Any]) -> httpx.Response:
        args = _http_args(self.settings, request)
        with _transport_errors(args):
            return _checked(self.http.request(**args))

    def execute(self, request: Request[T]) -> T:
        return parsed(request, self.send(request))


class AsyncSession:
    def __init__(self, http: httpx.AsyncClient, settings: ClientSettings) -> None:
        self.http = http
        self.settings = settings

    async def send(self, request: Request[Any]) -> httpx.Response:
        args = _http_args(self.settings, request)
        with _transport_errors(args):
            return _checked(await self.http.request(**args))

    async def execute(self, request: Request[T]) -> T:
        return parsed(request, await self.send(request))


class RawSyncSession:
    def __init__(self, session: SyncSession) -> None:
        self.session = session

    def execute(self, request: Request[T]) -> RawResponse[T]:
        return RawResponse(request, self.session.send(request))


class RawAsyncSession:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def execute(self, request: Request[T]) -> RawResponse[T]:
        return RawResponse(request, await self.session.send(request))
