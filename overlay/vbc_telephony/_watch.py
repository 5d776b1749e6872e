"""``client.calls.watch()``: the account's calls as a stream of changes, built by polling.

The API has no push, so a watch lists the active calls (every page) once per interval and
compares each snapshot with the one before, by ``call_id`` and, inside a call, by ``leg_id``:

- a call not seen before is ``call.added``; its legs come with it (no ``leg.added`` for them);
- a call seen before whose own fields differ (status, parties, times: compared as the views
  read them, so a number the server once sends as a string is no change) is ``call.changed``;
- inside a call seen before, a new leg is ``leg.added``, a leg whose fields differ
  ``leg.changed`` and a leg gone ``leg.removed``;
- a call no longer listed is ``call.removed``; its legs go with it (no ``leg.removed``).

Events come in the order of the listing, each call's own event before its legs' events, and
the removed calls last. The watch keeps, event by event, the state the events delivered so
far describe (``snapshot``), so that ``watch(…, since=snapshot)`` continues exactly where
iteration stopped, even part-way through one poll's events: no event is repeated, none is
skipped.

What polling cannot see: a call that starts and ends between two polls is never listed, so
it gives no event; a state a call passes through between two polls (held, then resumed) is
not seen either. And when the calls fill more than one page, a call that ends while the later
pages are read can shift another call onto a page already read: that call then reads as
removed and, at the next poll, added again.

Pacing and failures are ``_polling``'s; ``CallWatch`` and ``AsyncCallWatch`` differ only in
how they send and sleep.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import MappingProxyType, TracebackType
from typing import Any, Literal, ParamSpec, Self, overload

from ._models import Call, Leg
from ._pagination import AsyncPaginator, Listing, SyncPaginator
from ._polling import Pacer, Polling, Prepare, apolls, polls
from ._resource import Descriptor, Resource, plain_session
from ._session import AsyncSession, RawAsyncSession, RawSyncSession, SyncSession

P = ParamSpec("P")

EventType = Literal[
    "call.added", "call.changed", "call.removed", "leg.added", "leg.changed", "leg.removed"
]

# What "changed" compares: the fields a call and a leg share, as the views read them.
_COMPARED = ("account_id", "direction", "from_", "to", "status", "start_time", "end_time")


@dataclass(frozen=True, slots=True)
class WatchEvent:
    """One change a watch saw.

    - ``type``: ``call.added``, ``call.changed``, ``call.removed``, ``leg.added``,
      ``leg.changed`` or ``leg.removed``;
    - ``call``: the call as this poll read it (for ``call.removed``, as last seen);
    - ``leg``: for leg events, the leg (for ``leg.removed``, as last seen); else None;
    - ``status``: the call's or the leg's status now; None once removed;
    - ``previous_status``: its status at the poll before; None when added;
    - ``previous``: the call or leg as the poll before read it; None when added;
    - ``at``: when the poll that saw the change was read (aware UTC).
    """

    type: EventType
    call: Call
    leg: Leg | None
    status: str | None
    previous_status: str | None
    at: datetime
    previous: Call | Leg | None = None

    @property
    def call_id(self) -> str:
        return self.call.call_id

    @property
    def leg_id(self) -> str | None:
        return None if self.leg is None else self.leg.leg_id


class Snapshot:
    """The active calls as a watch last saw them: ``calls`` by id, in the order listed, and
    ``taken_at``, when they were read. ``watch(…, since=snapshot)`` continues from here."""

    __slots__ = ("_calls", "taken_at")

    def __init__(self, calls: Iterable[Call], taken_at: datetime) -> None:
        if not (isinstance(taken_at, datetime) and taken_at.tzinfo is not None):
            raise TypeError(f"taken_at must be an aware datetime, not {taken_at!r}")
        self._calls: dict[str, Call] = {}
        for call in calls:
            if not isinstance(call, Call):
                raise TypeError(f"a snapshot holds Call views, not {type(call).__name__}")
            self._calls[call.call_id] = call
        self.taken_at = taken_at

    @property
    def calls(self) -> Mapping[str, Call]:
        return MappingProxyType(self._calls)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return self.taken_at == other.taken_at and self._calls == other._calls

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Snapshot(calls={len(self._calls)}, taken_at={self.taken_at.isoformat()})"


@dataclass(frozen=True, slots=True)
class Watch:
    """What ``calls.watch`` builds: the listing to poll, how, and where to start from."""

    listing: Listing[Call]
    polling: Polling
    since: Snapshot | None

    @classmethod
    def of(
        cls,
        listing: Listing[Call],
        since: object,
        interval: object,
        max_errors: object,
        timeout: object,
    ) -> Watch:
        if since is not None and not isinstance(since, Snapshot):
            raise TypeError(f"since must be a watch's Snapshot, not {type(since).__name__}")
        return cls(listing, Polling.of(interval, max_errors, timeout), since)


def _fields(view: Call | Leg) -> tuple[object, ...]:
    return tuple(getattr(view, name) for name in _COMPARED)


def _with_legs(fields: Call, legs: Iterable[Leg]) -> Call:
    """``fields``'s own fields with ``legs``: a call as the events delivered so far tell it."""
    return Call({**fields._data, "legs": [leg._data for leg in legs]})


# A change and the state it leaves: the call by that id as the events so far tell it (None:
# gone).
_Step = tuple[WatchEvent, str, Call | None]


def _call_steps(old: Call, new: Call, at: datetime) -> Iterator[_Step]:
    """The changes inside one call that both polls listed."""
    events: list[WatchEvent] = []
    if _fields(old) != _fields(new):
        events.append(WatchEvent("call.changed", new, None, new.status, old.status, at, old))
    old_legs = {leg.leg_id: leg for leg in old.legs}
    new_ids = set()
    for leg in new.legs:
        new_ids.add(leg.leg_id)
        was = old_legs.get(leg.leg_id)
        if was is None:
            events.append(WatchEvent("leg.added", new, leg, leg.status, None, at))
        elif _fields(was) != _fields(leg):
            events.append(WatchEvent("leg.changed", new, leg, leg.status, was.status, at, was))
    for leg_id, was in old_legs.items():
        if leg_id not in new_ids:
            events.append(WatchEvent("leg.removed", new, was, None, was.status, at, was))

    fields, legs = old, dict(old_legs)
    for event in events[:-1]:
        if event.leg is None:
            fields = new
        elif event.type == "leg.removed":
            del legs[event.leg.leg_id]
        else:
            legs[event.leg.leg_id] = event.leg
        yield event, new.call_id, _with_legs(fields, legs.values())
    if events:
        yield events[-1], new.call_id, new


def _steps(before: Mapping[str, Call], after: Mapping[str, Call], at: datetime) -> Iterator[_Step]:
    for call_id, call in after.items():
        old = before.get(call_id)
        if old is None:
            yield WatchEvent("call.added", call, None, call.status, None, at), call_id, call
        else:
            yield from _call_steps(old, call, at)
    for call_id, old in before.items():
        if call_id not in after:
            event = WatchEvent("call.removed", old, None, None, old.status, at, old)
            yield event, call_id, None


class _Tracker:
    """What a watch has delivered: the calls as its events so far describe them."""

    def __init__(self, since: Snapshot | None) -> None:
        self._calls: dict[str, Call] = {} if since is None else dict(since.calls)
        self._taken_at = None if since is None else since.taken_at

    @property
    def snapshot(self) -> Snapshot | None:
        if self._taken_at is None:
            return None
        return Snapshot(self._calls.values(), self._taken_at)

    def changes(self, calls: Iterable[Call], at: datetime) -> Iterator[WatchEvent]:
        """The events from the state so far to ``calls``, read ``at``; each is applied to the
        state as it is delivered."""
        after = {call.call_id: call for call in calls}
        before = dict(self._calls)
        self._taken_at = at
        for event, call_id, state in _steps(before, after, at):
            if state is None:
                del self._calls[call_id]
            else:
                self._calls[call_id] = state
            yield event
        self._calls = after  # the same calls, in the order listed


def _prepared(listing: Listing[Call], prepare: Prepare) -> Listing[Call]:
    """``listing`` with every page's request sent as ``prepare`` makes it."""

    def request(page: int | None) -> Any:  # noqa: ANN401 - the listing's Request[Page[Call]]
        return prepare(listing.request(page))

    return replace(listing, request=request)


def _now() -> datetime:
    return datetime.now(UTC)


class CallWatch:
    """``for event in client.calls.watch(…)``: the changes to the account's calls, as
    ``WatchEvent``; see ``Calls.watch``.

    ``snapshot`` is the state the events delivered so far describe (None before the first
    poll, unless the watch started from one); ``close()`` (or leaving a ``with`` block)
    ends it. Nothing runs between two ``next()``: a watch that is not iterated sends nothing.
    """

    def __init__(self, session: SyncSession, watch: Watch) -> None:
        self._tracker = _Tracker(watch.since)
        self._events = self._run(session, watch)

    def _run(self, session: SyncSession, watch: Watch) -> Generator[WatchEvent, None, None]:
        pacer = Pacer(watch.polling, session.settings.timeout)

        def snapshot(prepare: Prepare) -> list[Call]:
            return list(SyncPaginator(session, _prepared(watch.listing, prepare)))

        for calls in polls(pacer, snapshot):
            yield from self._tracker.changes(calls, _now())
        if pacer.last_error is not None:
            raise pacer.last_error

    @property
    def snapshot(self) -> Snapshot | None:
        return self._tracker.snapshot

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> WatchEvent:
        return next(self._events)

    def close(self) -> None:
        """End the watch: nothing more is sent, and iterating it ends at once."""
        self._events.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncCallWatch:
    """``async for event in client.calls.watch(…)``: ``CallWatch`` for ``AsyncTelephony``;
    ``await aclose()`` or ``async with`` ends it, as does cancelling the task iterating it."""

    def __init__(self, session: AsyncSession, watch: Watch) -> None:
        self._tracker = _Tracker(watch.since)
        self._events = self._run(session, watch)

    async def _run(self, session: AsyncSession, watch: Watch) -> AsyncGenerator[WatchEvent, None]:
        pacer = Pacer(watch.polling, session.settings.timeout)

        async def snapshot(prepare: Prepare) -> list[Call]:
            return [
                call async for call in AsyncPaginator(session, _prepared(watch.listing, prepare))
            ]

        async for calls in apolls(pacer, snapshot):
            for event in self._tracker.changes(calls, _now()):
                yield event
        if pacer.last_error is not None:
            raise pacer.last_error

    @property
    def snapshot(self) -> Snapshot | None:
        return self._tracker.snapshot

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> WatchEvent:
        return await self._events.__anext__()

    async def aclose(self) -> None:
        """End the watch: nothing more is sent, and iterating it ends at once."""
        await self._events.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


class WatchMethod(Descriptor[P, Watch]):
    """``calls.watch``: a ``CallWatch`` on ``Telephony``, an ``AsyncCallWatch`` on
    ``AsyncTelephony`` (and the same under ``with_raw_response``: events have no raw form)."""

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, resource: Resource[SyncSession], owner: type[Any]
    ) -> Callable[P, CallWatch]: ...
    @overload
    def __get__(
        self, resource: Resource[AsyncSession], owner: type[Any]
    ) -> Callable[P, AsyncCallWatch]: ...
    @overload
    def __get__(
        self, resource: Resource[RawSyncSession], owner: type[Any]
    ) -> Callable[P, CallWatch]: ...
    @overload
    def __get__(
        self, resource: Resource[RawAsyncSession], owner: type[Any]
    ) -> Callable[P, AsyncCallWatch]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        session = plain_session(resource._session)
        if isinstance(session, SyncSession):
            return self._bind(resource, functools.partial(CallWatch, session))
        return self._bind(resource, functools.partial(AsyncCallWatch, session))
