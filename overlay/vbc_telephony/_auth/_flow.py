"""The OAuth auth flow, written once for threads and tasks, and its two drivers.

``auth_flow`` is a plain generator: it yields the requests to send (the API request, its
replay after a 401, token exchanges) and the lock steps around a token renewal, and receives
the responses. ``drive_sync`` and ``drive_async`` run it: they send through httpx, read
token answers, and take a ``threading.Lock`` or an ``anyio.Lock`` when the flow asks. So the
renewal is single-flight in both worlds: threads (or tasks) that meet a missing or stale
token wait while the first renews it, then reuse it.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import AsyncGenerator, Generator
from dataclasses import dataclass
from typing import Protocol

import anyio
import httpx

from .. import _validate
from ._token import Token


class Lock(enum.Enum):
    """Steps of the flow that the drivers carry out with their own lock."""

    ACQUIRE = "acquire"
    RELEASE = "release"


@dataclass(frozen=True)
class TokenExchange:
    """A request to the token endpoint: its answer is read before the flow sees it."""

    request: httpx.Request


Step = httpx.Request | TokenExchange | Lock
Flow = Generator[Step, httpx.Response | None, None]


class TokenSource(Protocol):
    def valid_token(
        self, request: httpx.Request, *, stale: Token | None
    ) -> Generator[Step, httpx.Response | None, Token]:
        """The token to send ``request`` with, renewed first if missing, expiring or ``stale``
        (the token a request carried when the API answered 401)."""
        ...


def send(
    step: httpx.Request | TokenExchange,
) -> Generator[Step, httpx.Response | None, httpx.Response]:
    response = yield step
    assert response is not None, "the drivers answer every request with its response"
    return response


def _authorized(request: httpx.Request, token: Token) -> httpx.Request:
    request.headers["Authorization"] = f"Bearer {token.access_token}"
    return request


def auth_flow(request: httpx.Request, tokens: TokenSource) -> Flow:
    """Send ``request`` with a valid token; after a 401, renew the token once and replay."""
    _validate.secure_url(request.url, "the bearer token")
    carried = yield from tokens.valid_token(request, stale=None)
    response = yield from send(_authorized(request, carried))
    if response.status_code != 401:
        return
    renewed = yield from tokens.valid_token(request, stale=carried)
    if renewed is not carried:
        yield _authorized(request, renewed)


def drive_sync(
    request: httpx.Request, flow: Flow, lock: threading.Lock
) -> Generator[httpx.Request, httpx.Response, None]:
    """``flow`` as ``httpx.Auth.sync_auth_flow``, renewing under the thread ``lock``."""
    request.read()  # a request replayed after a 401 must carry its body again
    held = False
    try:
        step = next(flow)
        while True:
            answer: httpx.Response | None = None
            if step is Lock.ACQUIRE:
                lock.acquire()
                held = True
            elif step is Lock.RELEASE:
                lock.release()
                held = False
            elif isinstance(step, TokenExchange):
                answer = yield step.request
                answer.read()
            else:
                answer = yield step
            step = flow.send(answer)
    except StopIteration:
        return
    finally:
        if held:
            lock.release()


async def drive_async(
    request: httpx.Request, flow: Flow, lock: anyio.Lock
) -> AsyncGenerator[httpx.Request, httpx.Response]:
    """``flow`` as ``httpx.Auth.async_auth_flow``, renewing under the task ``lock``."""
    await request.aread()  # a request replayed after a 401 must carry its body again
    held = False
    try:
        step = next(flow)
        while True:
            answer: httpx.Response | None = None
            if step is Lock.ACQUIRE:
                await lock.acquire()
                held = True
            elif step is Lock.RELEASE:
                lock.release()
                held = False
            elif isinstance(step, TokenExchange):
                answer = yield step.request
                await answer.aread()
            else:
                answer = yield step
            step = flow.send(answer)
    except StopIteration:
        return
    finally:
        if held:
            lock.release()
