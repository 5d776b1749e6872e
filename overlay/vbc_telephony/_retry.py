"""Retries, as an httpx transport around the one that sends, and the log of every attempt.

What is retried depends on whether repeating the request is safe, decided per operation
(``_replay``; docs/errors.md has the table). A request safe to repeat (a read, a token
exchange) is retried on 429, 502, 503 and 504 and after any timeout or connection failure.
One that acts on the world (placing, changing or ending a call, every leg action) is retried
only when the server certainly did not act: a 429 (the gateway throttled it before the API
saw it), or a failure before the request left (no connection, a connect or pool timeout);
never after a 5xx, a dropped connection or a read timeout, when it may have happened. A TLS
failure is never retried. Waits grow exponentially with full jitter; a ``Retry-After``
header (seconds or an HTTP date) replaces the computed wait, capped at ``RETRY_AFTER_MAX``.
No retry starts after the deadline, and each retry's timeouts are cut to what is left of it.

Each attempt is logged at DEBUG (method, path, status or failure, elapsed time, attempt
number) and each wait at INFO, on the ``vbc_telephony`` logger: a library that retries quietly
prints nothing on a user's stderr unless asked. Only the method and the
path are logged: never headers, query strings or bodies.

The transport reads the body before it decides, so a connection dropped mid-body is a
failure like any other. The number of retries is the transport's (``max_retries``: the
client builds its transport with its own setting), unless a request carries a per-call
override in the ``MAX_RETRIES_EXTENSION`` request extension. The decisions live in
``_Attempts``, shared by both transports; the two ``handle`` loops differ only in ``await``.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random as _random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC

import anyio
import httpx

from . import _validate
from ._constants import (
    LOGGER_NAME,
    MAX_RETRIES,
    MAX_RETRIES_EXTENSION,
    RETRY_AFTER_MAX,
    RETRY_BACKOFF_INITIAL,
    RETRY_BACKOFF_MAX,
    RETRY_DEADLINE,
    RETRY_STATUSES,
)
from ._replay import NOT_SENT, Replay, is_tls_failure, replay_of
from ._transports import default_async_transport, default_sync_transport

_log = logging.getLogger(LOGGER_NAME)

# Failures after which a request safe to repeat is worth repeating.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# The one status after which any request is repeated: the gateway refused it before the API
# saw it.
_THROTTLED = 429


@dataclass(frozen=True, slots=True)
class _Policy:
    max_retries: int
    deadline: float
    clock: Callable[[], float]
    now: Callable[[], float]
    random: Callable[[], float]


def _policy(
    max_retries: int,
    deadline: float,
    clock: Callable[[], float],
    now: Callable[[], float],
    random: Callable[[], float],
) -> _Policy:
    return _Policy(
        _validate.max_retries(max_retries),
        _validate.seconds(deadline, "deadline"),
        clock,
        now,
        random,
    )


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """The wait a ``Retry-After`` header asks for (seconds or an HTTP date, ``now`` being epoch
    seconds), capped at ``RETRY_AFTER_MAX``; None when absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_MAX)


class _Attempts:
    """The attempts at one request: after each, whether to retry and how long to wait first."""

    def __init__(self, policy: _Policy, request: httpx.Request) -> None:
        self._policy = policy
        self._request = request
        self._retries: int = request.extensions.get(MAX_RETRIES_EXTENSION, policy.max_retries)
        self._safe = replay_of(request) is Replay.SAFE
        self._started = policy.clock()
        self._attempt = 0
        self._attempt_started = self._started

    def begin(self) -> None:
        self._attempt += 1
        self._attempt_started = self._policy.clock()
        if self._attempt > 1:
            self._cut_timeouts(self._policy.deadline - (self._attempt_started - self._started))

    def after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying, or None to return ``response``."""
        status = response.status_code
        self._log_attempt(str(status))
        if status not in RETRY_STATUSES or not (self._safe or status == _THROTTLED):
            return None
        reason = f"{status} {response.reason_phrase}".rstrip()
        return self._delay(reason, response.headers.get("Retry-After"))

    def after_error(self, exc: httpx.TransportError) -> float | None:
        """Seconds to wait before retrying, or None to raise ``exc``."""
        self._log_attempt(type(exc).__name__)
        if is_tls_failure(exc):
            return None  # a certificate that failed once fails again: not transient
        if not (isinstance(exc, NOT_SENT) or (self._safe and isinstance(exc, _TRANSIENT))):
            return None
        return self._delay(type(exc).__name__, None)

    def _delay(self, reason: str, retry_after: str | None) -> float | None:
        if self._attempt > self._retries:
            return None
        delay = retry_after_seconds(retry_after, self._policy.now())
        if delay is None:
            ceiling = RETRY_BACKOFF_INITIAL * 2 ** (self._attempt - 1)
            delay = self._policy.random() * min(RETRY_BACKOFF_MAX, ceiling)
        if self._policy.clock() - self._started + delay >= self._policy.deadline:
            return None
        _log.info(
            "%s %s: %s; retrying in %.2f s (retry %d of %d)",
            self._request.method,
            self._request.url.path,
            reason,
            delay,
            self._attempt,
            self._retries,
        )
        return delay

    def _cut_timeouts(self, remaining: float) -> None:
        timeouts = self._request.extensions.get("timeout") or dict.fromkeys(
            ("connect", "read", "write", "pool")
        )
        cut = {
            phase: remaining if limit is None else min(limit, remaining)
            for phase, limit in timeouts.items()
        }
        self._request.extensions = {**self._request.extensions, "timeout": cut}

    def _log_attempt(self, outcome: str) -> None:
        _log.debug(
            "%s %s -> %s in %.1f ms (attempt %d of %d)",
            self._request.method,
            self._request.url.path,
            outcome,
            (self._policy.clock() - self._attempt_started) * 1000,
            self._attempt,
            self._retries + 1,
        )


class RetryTransport(httpx.BaseTransport):
    """Wraps ``transport`` (default httpx's ``HTTPTransport``) with the package's retry policy.

    ``max_retries``: how many times a request may be repeated, when repeating it is safe (the
    module docstring); a request's own ``MAX_RETRIES_EXTENSION`` (a call's ``max_retries=``)
    overrides it. ``deadline``: seconds after which no retry starts. ``sleep``, ``clock``
    (monotonic seconds), ``now`` (epoch seconds, for Retry-After dates) and ``random``
    (uniform in [0, 1), for the jitter) are replaceable, for tests.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        max_retries: int = MAX_RETRIES,
        deadline: float = RETRY_DEADLINE,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self._transport = transport or default_sync_transport()
        self._policy = _policy(max_retries, deadline, clock, now, random)
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self._policy, request)
        while True:
            attempts.begin()
            try:
                response = self._send(request)
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    raise
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return response
                response.close()
            self._sleep(delay)

    def _send(self, request: httpx.Request) -> httpx.Response:
        response = self._transport.handle_request(request)
        try:
            response.read()
        except BaseException:
            response.close()
            raise
        return response

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """``RetryTransport`` for ``httpx.AsyncClient``; ``sleep`` is awaited. The default
    ``transport`` is aiohttp when its extra is installed (``_transports``)."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        max_retries: int = MAX_RETRIES,
        deadline: float = RETRY_DEADLINE,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self._transport = transport or default_async_transport()
        self._policy = _policy(max_retries, deadline, clock, now, random)
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self._policy, request)
        while True:
            attempts.begin()
            try:
                response = await self._send(request)
            except httpx.TransportError as exc:
                delay = attempts.after_error(exc)
                if delay is None:
                    raise
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return response
                await response.aclose()
            await self._sleep(delay)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        try:
            await response.aread()
        except BaseException:
            await response.aclose()
            raise
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()
