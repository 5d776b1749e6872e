"""``calls.watch()`` against the sandbox, each scenario with the sync and the async client.

A watch polls only when it is iterated, so a test acts on the sandbox between two
``take``s and knows the next poll sees exactly that change: no sleeps, no races.
"""

from __future__ import annotations

import itertools
from datetime import UTC
from typing import Literal

import pytest
from watch_support import ALICE, BOB, CALLS_PATH, SLACK, Flavour, list_statuses

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)


def _shape(events: list[vbc.WatchEvent]) -> list[tuple[str, str | None, str | None, bool]]:
    return [(e.type, e.status, e.previous_status, e.leg is not None) for e in events]


def test_a_call_rung_answered_held_unheld_and_hung_up(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    watch = flavour.watch()
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    events = watch.take(1)
    vbc_sandbox.answer(call_id)
    events += watch.take(3)  # the call, and both its legs, go from ringing to on-call
    with vbc_sandbox.client() as actions:
        leg_id = actions.legs.list("self", call_id)[0].leg_id
        actions.legs.hold("self", call_id, leg_id)
        events += watch.take(1)
        actions.legs.unhold("self", call_id, leg_id)
        events += watch.take(1)
    vbc_sandbox.hang_up(call_id)
    events += watch.take(1)
    watch.close()

    assert _shape(events) == [
        ("call.added", "ringing", None, False),
        ("call.changed", "on-call", "ringing", False),
        ("leg.changed", "on-call", "ringing", True),
        ("leg.changed", "on-call", "ringing", True),
        ("leg.changed", "held", "on-call", True),
        ("leg.changed", "on-call", "held", True),
        ("call.removed", None, "on-call", False),
    ]
    # The issue's sequence, once the legs' own answering is set aside:
    told = [(e.type, e.status) for e in events if e.previous_status != "ringing" or not e.leg]
    assert told == [
        ("call.added", "ringing"),
        ("call.changed", "on-call"),
        ("leg.changed", "held"),
        ("leg.changed", "on-call"),
        ("call.removed", None),
    ]
    assert {e.call_id for e in events} == {call_id}
    assert all(isinstance(e.call, vbc.Call) for e in events)
    assert [e.leg_id for e in events[4:6]] == [leg_id, leg_id]
    assert isinstance(events[4].leg, vbc.Leg)
    assert events[4].leg.status == "held"
    assert events[1].call.status == "on-call"
    assert events[1].previous == events[0].call
    assert all(e.at.tzinfo is UTC for e in events)
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert watch.snapshot is not None
    assert dict(watch.snapshot.calls) == {}


@pytest.mark.parametrize("ending", ["busy", "unanswered"])
def test_a_call_that_ends_unconnected_is_seen_to_end_so_then_go(
    flavour: Flavour, vbc_sandbox: Sandbox, ending: Literal["busy", "unanswered"]
) -> None:
    watch = flavour.watch()
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    events = watch.take(1)
    vbc_sandbox.reject(call_id, ending)
    events += watch.take(3)  # the call and both its legs
    vbc_sandbox.advance(vbc_sandbox.config.ended_visible_for)
    events += watch.take(1)
    watch.close()

    assert _shape(events) == [
        ("call.added", "ringing", None, False),
        ("call.changed", ending, "ringing", False),
        ("leg.changed", ending, "ringing", True),
        ("leg.changed", ending, "ringing", True),
        ("call.removed", None, ending, False),
    ]
    assert {e.call_id for e in events} == {call_id}


def test_a_call_that_starts_and_ends_between_two_polls_is_not_seen(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    """The documented limit: the API lists active calls only."""
    watch = flavour.watch()
    first = vbc_sandbox.ring(from_=BOB, to=ALICE)
    events = watch.take(1)
    brief = vbc_sandbox.ring(from_=BOB, to=ALICE)  # rings and ends while the watch waits
    vbc_sandbox.hang_up(brief)
    last = vbc_sandbox.ring(from_=BOB, to=ALICE)
    events += watch.take(1)
    vbc_sandbox.hang_up(first)
    vbc_sandbox.hang_up(last)
    events += watch.take(2)
    watch.close()

    added = [("call.added", first), ("call.added", last)]
    assert [(e.type, e.call_id) for e in events[:2]] == added
    assert sorted((e.type, e.call_id) for e in events[2:]) == sorted(
        [("call.removed", first), ("call.removed", last)]
    )
    assert brief not in {e.call_id for e in events}


def test_a_429_burst_is_ridden_out_at_the_rate_it_asks(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    vbc_sandbox.fail("GET", CALLS_PATH, status=429, retry_after=1, count=2)
    watch = flavour.watch(max_errors=1)  # a 429 is the server's pacing, not an error
    assert [(e.type, e.call_id) for e in watch.take(1)] == [("call.added", call_id)]
    watch.close()

    assert list_statuses(vbc_sandbox) == [429, 429, 200]
    sent = flavour.log.list_requests()
    assert [s.status for s in sent] == [429, 429, 200]
    for throttled, following in itertools.pairwise(sent):
        assert following.started - throttled.ended >= 1.0 - SLACK  # Retry-After: 1


def test_polls_are_never_closer_than_the_interval(flavour: Flavour, vbc_sandbox: Sandbox) -> None:
    watch = flavour.watch(interval=0.2)
    for _ in range(4):
        vbc_sandbox.ring(from_=BOB, to=ALICE)
        assert watch.take(1)[0].type == "call.added"
    watch.close()

    starts = [s.started for s in flavour.log.list_requests()]
    assert len(starts) >= 4
    assert all(b - a >= 0.2 - SLACK for a, b in itertools.pairwise(starts))


def test_failures_back_off_and_do_not_end_the_watch(flavour: Flavour, vbc_sandbox: Sandbox) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    vbc_sandbox.fail("GET", CALLS_PATH, status=503, count=2)
    watch = flavour.watch(interval=0.1, max_errors=3)
    assert [(e.type, e.call_id) for e in watch.take(1)] == [("call.added", call_id)]
    watch.close()

    assert list_statuses(vbc_sandbox) == [503, 503, 200]
    sent = flavour.log.list_requests()
    # The wait doubles from twice the interval, jittered down to half at most.
    assert sent[1].started - sent[0].started >= 0.1 - SLACK
    assert sent[2].started - sent[1].started >= 0.2 - SLACK


def test_max_errors_failures_in_a_row_end_the_watch_with_the_last(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    vbc_sandbox.fail("GET", CALLS_PATH, status=503, count=10)
    watch = flavour.watch(interval=0.01, max_errors=3)
    with pytest.raises(vbc.InternalServerError):
        watch.take(1)
    assert list_statuses(vbc_sandbox) == [503, 503, 503]
    assert watch.rest() == []  # over: nothing more is sent
    assert list_statuses(vbc_sandbox) == [503, 503, 503]


def test_an_error_that_asking_again_cannot_cure_ends_the_watch_at_once(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    vbc_sandbox.fail("GET", CALLS_PATH, status=403, count=5)
    watch = flavour.watch()
    with pytest.raises(vbc.PermissionDeniedError):
        watch.take(1)
    assert list_statuses(vbc_sandbox) == [403]


def test_the_timeout_ends_a_quiet_watch_and_a_failing_one_with_its_error(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    assert flavour.watch(timeout=0.3).rest() == []
    vbc_sandbox.fail("GET", CALLS_PATH, status=503, count=1000)
    with pytest.raises(vbc.InternalServerError):
        flavour.watch(timeout=0.3, max_errors=1000).rest()


def test_since_resumes_without_repeating_an_event(flavour: Flavour, vbc_sandbox: Sandbox) -> None:
    first = vbc_sandbox.ring(from_=BOB, to=ALICE)
    second = vbc_sandbox.ring(from_=BOB, to=ALICE)
    watch = flavour.watch()
    [seen] = watch.take(1)  # one of the poll's two call.added: then the watch stops
    watch.close()
    assert seen.type == "call.added"
    other = second if seen.call_id == first else first
    snapshot = watch.snapshot
    assert snapshot is not None
    assert list(snapshot.calls) == [seen.call_id]

    vbc_sandbox.answer(seen.call_id)
    third = vbc_sandbox.ring(from_=BOB, to=ALICE)
    resumed = flavour.watch(since=snapshot)
    events = resumed.take(5)
    resumed.close()
    assert sorted((e.type, e.call_id) for e in events) == sorted(
        [
            ("call.added", other),
            ("call.added", third),
            ("call.changed", seen.call_id),
            ("leg.changed", seen.call_id),
            ("leg.changed", seen.call_id),
        ]
    )
    assert resumed.snapshot is not None
    assert set(resumed.snapshot.calls) == {first, second, third}

    again = flavour.watch(since=resumed.snapshot)
    fourth = vbc_sandbox.ring(from_=BOB, to=ALICE)
    assert [(e.type, e.call_id) for e in again.take(1)] == [("call.added", fourth)]
    again.close()


def test_a_closed_watch_sends_nothing_more(flavour: Flavour, vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.ring(from_=BOB, to=ALICE)
    watch = flavour.watch()
    watch.take(1)
    watch.close()
    polls = len(list_statuses(vbc_sandbox))
    assert watch.rest() == []
    assert len(list_statuses(vbc_sandbox)) == polls == 1
