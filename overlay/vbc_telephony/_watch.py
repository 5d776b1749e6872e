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

The diff itself is ``_watch_events``'s, pacing and failures ``_polling``'s; ``CallWatch``
and ``AsyncCallWatch`` differ only in how they send and sleep.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, ParamSpec, Self, overload

from ._models import Call
from ._pagination import AsyncPaginator, Listing, SyncPaginator
from ._polling import Pacer, Polling, Prepare, apolls, polls
from ._resource import Descriptor, Resource, plain_session
from ._session import AsyncSession, RawAsyncSession, RawSyncSession, SyncSession
from ._watch_events import Snapshot, Tracker, WatchEvent

P = ParamSpec("P")


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
        self._tracker = Tracker(watch.since)
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
        self._tracker = Tracker(watch.since)
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
