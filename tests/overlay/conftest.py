"""Fixtures for the overlay's tests: clients over a MockTransport, and a fake clock.

No test here sleeps: retries wait on ``FakeClock.sleep``, which only moves the clock on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fakes import BASE_URL, TOKEN, FakeClock, Handler

import vbc_telephony as vbc


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _retry_args(clock: FakeClock, jitter: float, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The RetryTransport's arguments; ``max_retries`` is the transport's, taken from the
    client's ``kwargs`` (a client with an http_client refuses it)."""
    retries = {"max_retries": kwargs.pop("max_retries")} if "max_retries" in kwargs else {}
    return {"clock": clock.monotonic, "now": clock.wall, "random": lambda: jitter, **retries}


@pytest.fixture
def make_client(clock: FakeClock) -> Iterator[Callable[..., vbc.Telephony]]:
    """``make_client(handler, **client_kwargs)``: a Telephony over a Recorder, fake clock."""
    http_clients: list[httpx.Client] = []

    def make(handler: Handler, *, jitter: float = 1.0, **kwargs: Any) -> vbc.Telephony:
        transport = vbc.RetryTransport(
            httpx.MockTransport(handler), sleep=clock.sleep, **_retry_args(clock, jitter, kwargs)
        )
        http_clients.append(httpx.Client(transport=transport))
        kwargs.setdefault("auth", vbc.BearerToken(TOKEN))
        return vbc.Telephony(base_url=BASE_URL, http_client=http_clients[-1], **kwargs)

    yield make
    for http_client in http_clients:
        http_client.close()


@pytest.fixture
def make_async_client(clock: FakeClock) -> Callable[..., vbc.AsyncTelephony]:
    """``make_async_client(handler, **client_kwargs)``: the AsyncTelephony twin."""

    def make(handler: Handler, *, jitter: float = 1.0, **kwargs: Any) -> vbc.AsyncTelephony:
        transport = vbc.AsyncRetryTransport(
            httpx.MockTransport(handler),
            sleep=clock.async_sleep,
            **_retry_args(clock, jitter, kwargs),
        )
        kwargs.setdefault("auth", vbc.BearerToken(TOKEN))
        return vbc.AsyncTelephony(
            base_url=BASE_URL, http_client=httpx.AsyncClient(transport=transport), **kwargs
        )

    return make
