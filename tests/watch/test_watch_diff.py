"""The diff behind ``calls.watch()``, without a server: which events two snapshots give, and
that a watch stopped after any event and resumed from its snapshot gives exactly the events
that were left (hypothesis, over random pairs of snapshots)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vbc_telephony as vbc
from vbc_telephony._watch_events import Tracker

AT = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
LATER = datetime(2024, 5, 1, 10, 0, 2, tzinfo=UTC)


def _leg(leg_id: str, status: str, **fields: Any) -> dict[str, Any]:
    return {"leg_id": leg_id, "call_id": "c", "status": status, "from": 1001, **fields}


def _call(call_id: str, status: str, legs: list[dict[str, Any]], **fields: Any) -> vbc.Call:
    data = {"call_id": call_id, "status": status, "from": 1001, "to": 15551234567, **fields}
    return vbc.Call({**data, "legs": legs})


def _events(before: list[vbc.Call], after: list[vbc.Call]) -> list[tuple[Any, ...]]:
    tracker = Tracker(vbc.Snapshot(before, AT))
    return [_key(event) for event in tracker.changes(after, LATER)]


def _key(event: vbc.WatchEvent) -> tuple[Any, ...]:
    return (event.type, event.call_id, event.leg_id, event.status, event.previous_status)


def test_legs_that_join_and_leave_a_call_and_a_transfer() -> None:
    before = [_call("c", "on-call", [_leg("a", "on-call"), _leg("b", "on-call")])]
    after = [
        _call(
            "c",
            "on-call",
            [_leg("a", "on-call"), _leg("x", "ringing")],
            to=15550000000,
        )
    ]
    assert _events(before, after) == [
        ("call.changed", "c", None, "on-call", "on-call"),
        ("leg.added", "c", "x", "ringing", None),
        ("leg.removed", "c", "b", None, "on-call"),
    ]


def test_a_call_s_legs_come_and_go_with_it() -> None:
    ringing = _call("c", "ringing", [_leg("a", "ringing"), _leg("b", "ringing")])
    assert _events([], [ringing]) == [("call.added", "c", None, "ringing", None)]
    assert _events([ringing], []) == [("call.removed", "c", None, None, "ringing")]


def test_a_number_sent_as_a_string_is_no_change() -> None:
    as_numbers = _call("c", "on-call", [_leg("a", "on-call", start_time=1714557600)])
    as_text = vbc.Call(
        {
            "call_id": "c",
            "status": "on-call",
            "from": "1001",
            "to": "15551234567",
            "legs": [_leg("a", "on-call", start_time="1714557600", **{"from": "1001"})],
        }
    )
    assert _events([as_numbers], [as_text]) == []


def test_a_snapshot_holds_call_views_only() -> None:
    with pytest.raises(TypeError, match="Call views"):
        vbc.Snapshot([{"call_id": "c"}], AT)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="aware datetime"):
        vbc.Snapshot([], datetime(2024, 5, 1))


_IDS = st.sampled_from(["c0", "c1", "c2", "c3"])
_LEG_IDS = st.sampled_from(["l0", "l1", "l2"])


@st.composite
def _snapshots(draw: st.DrawFn) -> list[vbc.Call]:
    calls = []
    for call_id in draw(st.lists(_IDS, unique=True, max_size=4)):
        legs = [
            _leg(leg_id, draw(st.sampled_from(["ringing", "on-call", "held"])))
            for leg_id in draw(st.lists(_LEG_IDS, unique=True, max_size=3))
        ]
        status = draw(st.sampled_from(["ringing", "on-call", "parked"]))
        calls.append(_call(call_id, status, legs, to=draw(st.sampled_from([1002, 1003]))))
    return calls


@settings(max_examples=300, deadline=None)
@given(before=_snapshots(), after=_snapshots(), data=st.data())
def test_a_watch_resumed_after_any_event_gives_exactly_the_rest(
    before: list[vbc.Call], after: list[vbc.Call], data: st.DataObject
) -> None:
    everything = _events(before, after)
    tracker = Tracker(vbc.Snapshot(before, AT))
    changes = tracker.changes(after, LATER)
    delivered = data.draw(st.integers(0, len(everything)), label="events before stopping")
    for _ in range(delivered):
        next(changes)
    changes.close()
    snapshot = tracker.snapshot
    assert snapshot is not None
    rest = _events(list(snapshot.calls.values()), after)
    assert rest == everything[delivered:]

    # Every change is told once: each side's ids are added, removed or compared.
    added = {e[1] for e in everything if e[0] == "call.added"}
    removed = {e[1] for e in everything if e[0] == "call.removed"}
    ids_before, ids_after = {c.call_id for c in before}, {c.call_id for c in after}
    assert (added, removed) == (ids_after - ids_before, ids_before - ids_after)
    finished = Tracker(vbc.Snapshot(before, AT))
    list(finished.changes(after, LATER))
    assert finished.snapshot == vbc.Snapshot(after, LATER)
