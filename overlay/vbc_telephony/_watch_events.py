"""What a watch reports: the events between two snapshots of the account's calls.

``Tracker`` keeps, event by event, the calls as the events delivered so far describe them,
so that a watch resumed from its ``snapshot`` repeats and skips nothing; ``_watch`` polls
and feeds it. What counts as a change is said in ``_watch``'s docstring.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Literal

from ._models import Call, Leg

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


class Tracker:
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
