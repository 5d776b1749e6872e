"""Polling a plain endpoint politely: when the next request may go, which failures to ride
out, and when to give up. ``calls.watch`` and the ``wait_for`` methods poll through it.

The rules, decided by ``Pacer`` and shared by the sync and async loops (``polls`` and
``apolls``, which differ only in ``await``):

- requests start at least ``interval`` seconds apart, start to start; the first at once;
- a 429 waits what its ``Retry-After`` asks (at least ``interval``, at most
  ``RETRY_AFTER_MAX``) and does not count as an error: the server is pacing us;
- a transient failure (no answer, a timeout, a 5xx) waits twice as long as the one before,
  from twice the interval up to ``POLL_BACKOFF_MAX`` (jittered, never below ``interval``; a
  ``Retry-After`` replaces the computed wait), and ``max_errors`` of them in a row end the
  poll by raising the last one;
- any other error (400, 401, 403, 404, a body that does not match the spec) is raised at
  once: asking again would get the same answer;
- with a ``timeout``, no request starts after the deadline and each one's timeouts are cut
  to what is left of it; at the deadline the loop ends (``Pacer.last_error`` tells whether
  the last request failed).

A poll's requests are sent with ``max_retries=0``: the poll is its own retry layer, so that
nothing is sent sooner than the interval (or than a ``Retry-After`` allows) and ``max_errors``
counts every failure once.
"""

from __future__ import annotations

import logging
import math
import random as _random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

import httpx

from . import _validate
from ._constants import LOGGER_NAME, POLL_BACKOFF_MAX
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
    VBCError,
)
from ._request import CallOptions, Request
from ._retry import retry_after_seconds

T = TypeVar("T")
R = TypeVar("R")

# The least timeout a request is given however little is left of the deadline (the first
# poll goes even when its deadline has passed): a timeout, never zero or negative.
_MIN_TIMEOUT = 0.001
# Doublings of the back-off beyond this change nothing (it is capped), and a long run of
# 429s without Retry-After would otherwise overflow a float.
_MAX_DOUBLINGS = 32

_log = logging.getLogger(LOGGER_NAME)


@dataclass(frozen=True, slots=True)
class Polling:
    """How a poll goes: ``interval`` seconds between requests, ``max_errors`` failures in a
    row before giving up, ``timeout`` seconds in all (None: no limit)."""

    interval: float
    max_errors: int
    timeout: float | None

    @classmethod
    def of(cls, interval: object, max_errors: object, timeout: object) -> Polling:
        return cls(
            _finite(interval, "interval"),
            _validate.integer(max_errors, "max_errors", minimum=1),
            None if timeout is None else _finite(timeout, "timeout"),
        )


def _finite(value: object, name: str) -> float:
    seconds = _validate.seconds(value, name)
    if not math.isfinite(seconds):
        raise _validate.InvalidArgumentError(
            f"{name} must be a finite number of seconds, not {value!r}"
        )
    return seconds


def _transient(exc: VBCError) -> bool:
    """Whether asking again may get another answer."""
    return isinstance(exc, APIConnectionError | RateLimitError | InternalServerError)


class Prepare(Protocol):
    """What a poll's requests go through before they are sent (``Pacer.prepare``)."""

    def __call__(self, request: Request[T]) -> Request[T]: ...


class Pacer:
    """The schedule of one poll: when the next request may start, and whether to go on after
    a failure. ``default_timeout`` is the client's, for requests that set none. ``clock``
    (monotonic seconds), ``now`` (epoch seconds, for Retry-After dates) and ``random``
    (uniform in [0, 1), the jitter) are replaceable, for tests."""

    def __init__(
        self,
        polling: Polling,
        default_timeout: httpx.Timeout,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self._polling = polling
        self._default_timeout = default_timeout
        self._clock = clock
        self._now = now
        self._random = random
        started = clock()
        self._deadline = None if polling.timeout is None else started + polling.timeout
        self._next = started
        self._started = 0
        self._failures = 0  # in a row, of any kind: how long the next wait is
        self._errors = 0  # in a row, 429s aside: compared with max_errors
        self.last_error: VBCError | None = None

    def wait(self) -> float:
        """Seconds to sleep before the next poll may start (or, if it is sooner, the deadline)."""
        target = self._next if self._deadline is None else min(self._next, self._deadline)
        return max(0.0, target - self._clock())

    def expired(self) -> bool:
        """Whether the deadline has come; the first poll always goes."""
        return self._started > 0 and self._deadline is not None and self._clock() >= self._deadline

    def begin(self) -> None:
        """A poll starts now: the next one may start ``interval`` seconds later."""
        self._started += 1
        self._next = self._clock() + self._polling.interval

    def prepare(self, request: Request[T]) -> Request[T]:
        """``request`` as a poll sends it: without retries, its timeouts within the deadline."""
        timeout = request.options.timeout or self._default_timeout
        if self._deadline is not None:
            timeout = _cut(timeout, max(self._deadline - self._clock(), _MIN_TIMEOUT))
        return replace(request, options=CallOptions(timeout, 0))

    def succeeded(self) -> None:
        self._failures = self._errors = 0
        self.last_error = None

    def failed(self, exc: VBCError) -> bool:
        """Whether to go on after ``exc`` (False: raise it)."""
        if not _transient(exc):
            return False
        self.last_error = exc
        self._failures += 1
        throttled = isinstance(exc, RateLimitError)
        if not throttled:
            self._errors += 1
            if self._errors >= self._polling.max_errors:
                return False
        interval = self._polling.interval
        asked = None
        if isinstance(exc, APIStatusError):
            asked = retry_after_seconds(exc.response.headers.get("Retry-After"), self._now())
        if asked is not None:
            delay = max(interval, asked)
        else:
            doublings = min(self._failures, _MAX_DOUBLINGS)
            ceiling = min(POLL_BACKOFF_MAX, interval * 2**doublings)
            delay = max(interval, ceiling * (0.5 + self._random() / 2))
        self._next = self._clock() + delay
        counted = "" if throttled else f", error {self._errors} of {self._polling.max_errors}"
        _log.info("polling: %s; next request in %.2f s%s", exc, delay, counted)
        return True


def _cut(timeout: httpx.Timeout, seconds: float) -> httpx.Timeout:
    def cut(limit: float | None) -> float:
        return seconds if limit is None or not math.isfinite(limit) else min(limit, seconds)

    return httpx.Timeout(
        connect=cut(timeout.connect),
        read=cut(timeout.read),
        write=cut(timeout.write),
        pool=cut(timeout.pool),
    )


def polls(pacer: Pacer, fetch: Callable[[Prepare], R]) -> Iterator[R]:
    """What ``fetch`` returns, a poll at a time, until the deadline (for ever without one);
    failures ridden out as the pacer decides. ``fetch(prepare)`` sends every request of
    one poll (a listing's pages, say) as ``prepare`` returns it."""
    while True:
        delay = pacer.wait()
        if delay > 0:
            time.sleep(delay)
        if pacer.expired():
            return
        pacer.begin()
        try:
            result = fetch(pacer.prepare)
        except VBCError as exc:
            if not pacer.failed(exc):
                raise
            continue
        pacer.succeeded()
        yield result


async def apolls(pacer: Pacer, fetch: Callable[[Prepare], Awaitable[R]]) -> AsyncIterator[R]:
    """``polls`` for async code (asyncio or trio, through anyio): ``fetch`` is awaited."""
    import anyio  # loaded with the first async poll, not with the package

    while True:
        delay = pacer.wait()
        if delay > 0:
            await anyio.sleep(delay)
        if pacer.expired():
            return
        pacer.begin()
        try:
            result = await fetch(pacer.prepare)
        except VBCError as exc:
            if not pacer.failed(exc):
                raise
            continue
        pacer.succeeded()
        yield result
