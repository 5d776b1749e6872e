"""``calls.wait_for`` and ``legs.wait_for``: read one call or leg once per interval until it
has the status asked for.

It returns the call or leg as read with that status. A 404 (the call ended, or the leg left
it) raises ``NotFoundError`` at once. At the timeout it raises ``WaitTimeoutError`` (an
``APITimeoutError``), whose ``last_seen`` is the call or leg as last read; the last failure,
if the last read failed, is its ``__cause__``. Pacing and failures are ``_polling``'s: reads
at least ``interval`` apart, 429s and transient failures ridden out. A status the call holds
for less than an interval can be missed between two reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Self, TypeVar, overload

from . import _validate
from ._constants import POLL_MAX_ERRORS
from ._exceptions import WaitTimeoutError
from ._polling import Pacer, Polling, Prepare, apolls, polls
from ._request import Request
from ._resource import Descriptor, Resource, plain_session
from ._session import AsyncSession, RawAsyncSession, RawSyncSession, SyncSession

if TYPE_CHECKING:
    from ._models import Call, Leg

P = ParamSpec("P")


# What a wait reads: a call or a leg, each with its status.
V = TypeVar("V", "Call", "Leg")


def _statuses(status: object) -> frozenset[str]:
    if isinstance(status, str):
        return frozenset({_validate.text(status, "status")})
    if not isinstance(status, Collection):
        raise TypeError(f"status must be a str or a list of str, not {type(status).__name__}")
    statuses = frozenset(_validate.text(each, "status") for each in status)
    if not statuses:
        raise _validate.InvalidArgumentError("status must name at least one status")
    return statuses


@dataclass(frozen=True, slots=True)
class Wait(Generic[V]):
    """What a ``wait_for`` builds: the read to repeat, the statuses awaited, how to poll, and
    what it waits for, in words (``call '…'``)."""

    request: Request[V]
    statuses: frozenset[str]
    polling: Polling
    what: str

    @classmethod
    def of(
        cls, request: Request[V], what: str, status: object, timeout: object, interval: object
    ) -> Wait[V]:
        return cls(request, _statuses(status), Polling.of(interval, POLL_MAX_ERRORS, timeout), what)

    def timed_out(self, last_seen: V | None) -> WaitTimeoutError:
        wanted = " or ".join(repr(status) for status in sorted(self.statuses))
        seen = "never read" if last_seen is None else f"last seen {last_seen.status!r}"
        return WaitTimeoutError(
            f"{self.what} was not {wanted} within {self.polling.timeout or 0:g} s ({seen})",
            last_seen=last_seen,
        )


def wait(session: SyncSession, plan: Wait[V]) -> V:
    pacer = Pacer(plan.polling, session.settings.timeout)

    def read(prepare: Prepare) -> V:
        return session.execute(prepare(plan.request))

    last_seen = None
    for item in polls(pacer, read):
        if item.status in plan.statuses:
            return item
        last_seen = item
    raise plan.timed_out(last_seen) from pacer.last_error


async def async_wait(session: AsyncSession, plan: Wait[V]) -> V:
    pacer = Pacer(plan.polling, session.settings.timeout)

    async def read(prepare: Prepare) -> V:
        return await session.execute(prepare(plan.request))

    last_seen = None
    async for item in apolls(pacer, read):
        if item.status in plan.statuses:
            return item
        last_seen = item
    raise plan.timed_out(last_seen) from pacer.last_error


class WaitMethod(Descriptor[P, Wait[V]]):
    """A ``wait_for``: it returns the call or leg on ``Telephony``, a coroutine of it on
    ``AsyncTelephony`` (the same under ``with_raw_response``: a wait has no raw form)."""

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: Resource[SyncSession], owner: type[Any]) -> Callable[P, V]: ...
    @overload
    def __get__(
        self, resource: Resource[AsyncSession], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, V]]: ...
    @overload
    def __get__(self, resource: Resource[RawSyncSession], owner: type[Any]) -> Callable[P, V]: ...
    @overload
    def __get__(
        self, resource: Resource[RawAsyncSession], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, V]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        session = plain_session(resource._session)
        if isinstance(session, SyncSession):
            return self._bind(resource, functools.partial(wait, session))
        return self._bind(resource, functools.partial(async_wait, session))
