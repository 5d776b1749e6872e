"""Sending one operation, and turning its answer into a result or a typed error.

An operation arrives as a ``Request`` (``_request``): the keyword arguments its generated
builder made (method, path, query, JSON body, its ``Replay`` mark), a ``parse`` function and
the call's options. This module sends it through the user's httpx client, which is the only
step the generated ``sync_detailed``/``asyncio_detailed`` would do differently: here the
path is joined under the base URL, and the client's auth and timeout (or the call's
overrides, and a per-call ``max_retries``) ride along. Then:

- an error status raises its ``APIStatusError`` subclass (``error_for_response``);
- an httpx transport failure raises ``APITimeoutError`` or ``APIConnectionError``, whose
  message says what failed: the token endpoint (then the API request was not sent), or the
  request itself, and for one that acts once and may have arrived, that the action may have
  happened and was not repeated;
- a success is parsed (``_response.parsed``), or raises ``APIResponseValidationError``.

``SyncSession`` and ``AsyncSession`` differ only in ``await``; everything they decide is
in the functions they share. The raw sessions return a ``RawResponse`` instead of the result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import httpx

from ._constants import MAX_RETRIES_EXTENSION, REPLAY_EXTENSION, TOKEN_EXCHANGE_EXTENSION
from ._exceptions import APIConnectionError, APITimeoutError, error_for_response
from ._replay import Replay, may_have_arrived
from ._request import ClientSettings, Request
from ._response import RawResponse, parsed
from ._urls import join_url

T = TypeVar("T")


def _http_args(settings: ClientSettings, request: Request[Any]) -> dict[str, Any]:
    args = dict(request.kwargs)
    args["url"] = join_url(settings.base_url, args["url"])
    options = request.options
    args["timeout"] = settings.timeout if options.timeout is None else options.timeout
    if options.max_retries is not None:
        args["extensions"] = {**args["extensions"], MAX_RETRIES_EXTENSION: options.max_retries}
    if settings.auth is not None:
        args["auth"] = settings.auth
    return args


def _failure(args: Mapping[str, Any], exc: httpx.RequestError) -> str:
    """What went wrong, for the error's message; it names no secret."""
    how = (
        f"timed out ({type(exc).__name__})"
        if isinstance(exc, httpx.TimeoutException)
        else f"failed: {type(exc).__name__}: {exc}"
    )
    failed = _request_of(exc)
    consequence = None if failed is None else failed.extensions.get(TOKEN_EXCHANGE_EXTENSION)
    if failed is not None and consequence is not None:
        return f"the token endpoint ({failed.method} {failed.url.path}) {how}; {consequence}"
    message = f"{args['method'].upper()} {args['url'].path} {how}"
    if args["extensions"][REPLAY_EXTENSION] is Replay.ACT_ONCE and may_have_arrived(exc):
        message += "; the action may have happened, and was not repeated"
    return message


@contextlib.contextmanager
def _transport_errors(args: Mapping[str, Any]) -> Iterator[None]:
    """httpx's transport failures as the package's errors."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise APITimeoutError(_failure(args, exc), request=_request_of(exc)) from exc
    except httpx.RequestError as exc:
        raise APIConnectionError(_failure(args, exc), request=_request_of(exc)) from exc


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
