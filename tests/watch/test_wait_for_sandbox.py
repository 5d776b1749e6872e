"""``calls.wait_for()`` and ``legs.wait_for()`` against the sandbox, sync and async: they
return once the status comes, time out with ``WaitTimeoutError`` (an ``APITimeoutError``),
raise ``NotFoundError`` when the call ends first, and ride out a 429.

A wait runs in the background (a thread, or the async flavour's loop) while the test acts on
the sandbox once the journal shows the wait has read the call at least once.
"""

from __future__ import annotations

import pytest
from watch_support import ALICE, BOB, PATIENCE, SLACK, Flavour, reads_of, until

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)


def _read_once(sandbox: Sandbox, path_end: str) -> None:
    until(lambda: reads_of(sandbox, path_end) >= 1, f"a read of …{path_end}")


@pytest.mark.parametrize("status", ["on-call", ("parked", "on-call")])
def test_wait_for_returns_the_call_once_it_has_the_status(
    flavour: Flavour, vbc_sandbox: Sandbox, status: str | tuple[str, ...]
) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    waiting = flavour.wait_for_call(call_id, status=status, interval=0.05)
    _read_once(vbc_sandbox, call_id)
    assert not waiting.done()
    vbc_sandbox.answer(call_id)
    call = waiting.result(PATIENCE)
    assert isinstance(call, vbc.Call)
    assert (call.call_id, call.status) == (call_id, "on-call")
    assert reads_of(vbc_sandbox, call_id) >= 2


def test_wait_for_times_out_with_the_call_as_last_seen(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    waiting = flavour.wait_for_call(call_id, timeout=0.3, interval=0.05)
    with pytest.raises(vbc.WaitTimeoutError) as raised:
        waiting.result(PATIENCE)
    assert isinstance(raised.value, vbc.APITimeoutError)
    assert call_id in str(raised.value)
    assert "'on-call'" in str(raised.value)
    assert isinstance(raised.value.last_seen, vbc.Call)
    assert raised.value.last_seen.status == "ringing"
    assert reads_of(vbc_sandbox, call_id) >= 1


def test_wait_for_raises_not_found_when_the_call_ends_first(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    waiting = flavour.wait_for_call(call_id, interval=0.05)
    _read_once(vbc_sandbox, call_id)
    vbc_sandbox.hang_up(call_id)
    with pytest.raises(vbc.NotFoundError):
        waiting.result(PATIENCE)
    assert _not_found(vbc_sandbox, call_id) == 1  # at once: a 404 is not ridden out


def _not_found(sandbox: Sandbox, path_end: str) -> int:
    return sum(1 for e in sandbox.requests if e.path.endswith(path_end) and e.status == 404)


def test_wait_for_rides_out_a_429(flavour: Flavour, vbc_sandbox: Sandbox) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    vbc_sandbox.answer(call_id)
    vbc_sandbox.fail("GET", "/cc/accounts/*/calls/*", status=429, retry_after=1, count=1)
    call = flavour.wait_for_call(call_id, interval=0.05).result(PATIENCE)
    assert call.status == "on-call"
    reads = flavour.log.reads(call_id)
    assert [s.status for s in reads] == [429, 200]
    assert reads[1].started - reads[0].ended >= 1.0 - SLACK


def _answered(sandbox: Sandbox) -> tuple[str, str]:
    call_id = sandbox.ring(from_=BOB, to=ALICE)
    sandbox.answer(call_id)
    with sandbox.client() as client:
        return call_id, client.legs.list("self", call_id)[0].leg_id


def test_legs_wait_for_returns_the_leg_once_it_has_the_status(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    call_id, leg_id = _answered(vbc_sandbox)
    waiting = flavour.wait_for_leg(call_id, leg_id, status="held", interval=0.05)
    _read_once(vbc_sandbox, leg_id)
    with vbc_sandbox.client() as actions:
        actions.legs.hold("self", call_id, leg_id)
    leg = waiting.result(PATIENCE)
    assert isinstance(leg, vbc.Leg)
    assert (leg.leg_id, leg.status) == (leg_id, "held")


def test_legs_wait_for_times_out_and_raises_not_found(
    flavour: Flavour, vbc_sandbox: Sandbox
) -> None:
    call_id, leg_id = _answered(vbc_sandbox)
    with pytest.raises(vbc.WaitTimeoutError, match=leg_id):
        flavour.wait_for_leg(call_id, leg_id, status="held", timeout=0.3).result(PATIENCE)
    waiting = flavour.wait_for_leg(call_id, leg_id, status="held", interval=0.05)
    until(lambda: reads_of(vbc_sandbox, leg_id) >= 2, "a read of the leg")
    vbc_sandbox.hang_up(call_id)
    with pytest.raises(vbc.NotFoundError):
        waiting.result(PATIENCE)
    assert _not_found(vbc_sandbox, leg_id) == 1
