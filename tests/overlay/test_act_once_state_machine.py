"""A hypothesis state machine drives the client against the sandbox under random faults (a
latency past the client's read timeout or within it, a dropped connection, a 429 or a 503,
each on the request the step sends next), and checks that no operation's effect happens more
often than the client reports success.

Precisely, for each step: the step's requests are the journal's entries from when it
started, as many as the client made attempts (counted under its retry transport, and waited
for: a request held by a latency fault is journaled when the sandbox answers it). An
*effect* is one of those entries answered 2xx: the sandbox answers 2xx exactly when it acted.
For an operation that acts (placing or hanging up a call, every leg action):

- at most one effect, whatever the client reported;
- exactly one when the client reported success; none when it raised an ``APIStatusError``
  (a timeout or a dropped connection may come with one or none);
- the sandbox's state (its calls, their legs and the legs' states, read afresh) changed as
  one effect, or not at all, says: a call more or fewer, a leg gone, a leg held or taken off
  hold, and nothing else.

A read may be retried any number of times and changes nothing. The machine runs at several
seeds; ``VBC_STATE_MACHINE_SEEDS=1,2,…`` runs it at others.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import loopback
import pytest
from against_sandbox import ALICE, BOB, CAROL, PREFIX, static_auth
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    precondition,
    rule,
    run_state_machine_as_test,
)

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)

READ_TIMEOUT = 0.2
SLOW_MS = 350  # past the read timeout
QUICK_MS = 50  # within it
SEEDS = [int(value) for value in os.environ.get("VBC_STATE_MACHINE_SEEDS", "11,23,37").split(",")]
_SETTLE = 15.0


# Faults: what the sandbox does to the next request of the step.

FAULTS = st.sampled_from(
    [
        None,
        {"latency_ms": SLOW_MS},
        {"latency_ms": QUICK_MS},
        {"drop": True},
        {"latency_ms": SLOW_MS, "drop": True},
        {"status": 429, "retry_after": 0},
        {"status": 503, "retry_after": 0},
    ]
)


class _CountingTransport(httpx.BaseTransport):
    """Counts the attempts that go out (under the client's RetryTransport)."""

    def __init__(self) -> None:
        self._inner = loopback.HTTPTransport()
        self.attempts = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


# What the sandbox holds: call id -> leg id -> state, and each call's parties.


@dataclass(frozen=True)
class Snapshot:
    legs: dict[str, dict[str, str]]
    parties: dict[str, tuple[str | None, str | None]]

    def connected_legs(self) -> list[tuple[str, str]]:
        return sorted(
            (call, leg)
            for call, legs in self.legs.items()
            for leg, state in legs.items()
            if state != "ringing"
        )

    def all_legs(self) -> list[tuple[str, str]]:
        return sorted((call, leg) for call, legs in self.legs.items() for leg in legs)


def _snapshot(client: vbc.Telephony) -> Snapshot:
    legs: dict[str, dict[str, str]] = {}
    parties: dict[str, tuple[str | None, str | None]] = {}
    for call in client.calls.list("self"):
        legs[call.call_id] = {
            leg.leg_id: str(leg.status) for leg in client.legs.list("self", call.call_id)
        }
        parties[call.call_id] = (call.from_, call.to)
    return Snapshot(legs, parties)


# The operations the machine performs, and what one effect of each does to the state.

Check = Callable[[Snapshot, Snapshot, tuple[str, ...]], None]


def _without_leg(legs: dict[str, dict[str, str]], call: str, leg: str) -> dict[str, Any]:
    left = {**legs, call: {other: state for other, state in legs[call].items() if other != leg}}
    return {c: states for c, states in left.items() if states}  # a call ends with its last leg


def _one_call_more(before: Snapshot, after: Snapshot, target: tuple[str, ...]) -> None:
    (new,) = set(after.legs) - set(before.legs)
    assert {c: states for c, states in after.legs.items() if c != new} == before.legs


def _call_gone(before: Snapshot, after: Snapshot, target: tuple[str, ...]) -> None:
    (call,) = target
    assert after.legs == {c: states for c, states in before.legs.items() if c != call}


def _leg_gone(before: Snapshot, after: Snapshot, target: tuple[str, ...]) -> None:
    assert after.legs == _without_leg(before.legs, *target)


def _leg_now(state: str) -> Check:
    def check(before: Snapshot, after: Snapshot, target: tuple[str, ...]) -> None:
        call, leg = target
        assert after.legs == {**before.legs, call: {**before.legs[call], leg: state}}

    return check


def _states_kept(before: Snapshot, after: Snapshot, target: tuple[str, ...]) -> None:
    assert after == before


def _transferred(before: Snapshot, after: Snapshot, target: tuple[str, ...]) -> None:
    _leg_now("on-call")(before, after, target)
    assert CAROL.destination in after.parties[target[0]]


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str  # the fault's pattern, relative to the API prefix
    run: Callable[[vbc.Telephony, tuple[str, ...]], Any]
    effect: Check | None  # None: a read, which changes nothing


LEG = "/cc/accounts/*/calls/*/legs/*"
CALL = "/cc/accounts/*/calls/*"
CALLS = "/cc/accounts/*/calls"

LEG_ACTIONS = [
    Operation("hold", "PUT", LEG, lambda c, t: c.legs.hold("self", *t), _leg_now("held")),
    Operation("unhold", "PUT", LEG, lambda c, t: c.legs.unhold("self", *t), _leg_now("on-call")),
    Operation("dtmf", "PUT", LEG, lambda c, t: c.legs.send_dtmf("self", *t, "*123#"), _states_kept),
    Operation(
        "play",
        "PUT",
        LEG,
        lambda c, t: c.legs.play("self", *t, "https://example.com/a.wav"),
        _states_kept,
    ),
    Operation("stop audio", "PUT", LEG, lambda c, t: c.legs.stop_audio("self", *t), _states_kept),
    Operation(
        "record start",
        "PUT",
        LEG,
        lambda c, t: c.legs.start_recording("self", *t, service="ccr"),
        _states_kept,
    ),
    Operation(
        "record stop",
        "PUT",
        LEG,
        lambda c, t: c.legs.stop_recording("self", *t, service="ccr"),
        _states_kept,
    ),
    Operation(
        "blind transfer",
        "PUT",
        LEG,
        lambda c, t: c.legs.transfer("self", *t, to=CAROL),
        _transferred,
    ),
    Operation("leg delete", "DELETE", LEG, lambda c, t: c.legs.delete("self", *t), _leg_gone),
]
CREATE = Operation(
    "create",
    "POST",
    CALLS,
    lambda c, t: c.calls.create("self", from_=ALICE, to=BOB),
    _one_call_more,
)
DELETE_CALL = Operation(
    "call delete", "DELETE", CALL, lambda c, t: c.calls.delete("self", *t), _call_gone
)
READS = [
    Operation("list calls", "GET", CALLS, lambda c, t: list(c.calls.list("self")), None),
    Operation("get call", "GET", CALL, lambda c, t: c.calls.get("self", *t), None),
    Operation("list legs", "GET", CALL + "/legs", lambda c, t: c.legs.list("self", *t), None),
]


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)]


class ActOnce(RuleBasedStateMachine):
    """The client under random faults; see the module docstring for what is checked."""

    sandbox: Sandbox  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self.sandbox.reset()
        auth = static_auth(self.sandbox)
        self.counting = _CountingTransport()
        self.client = vbc.Telephony(
            base_url=self.sandbox.base_url,
            auth=auth,
            timeout=httpx.Timeout(10.0, read=READ_TIMEOUT),
            transport=self.counting,
        )
        self.observer = self.sandbox.client(auth=auth)  # no faults reach it: read afresh
        self.state = _snapshot(self.observer)
        self.steps: list[str] = []

    def teardown(self) -> None:
        self.client.close()
        self.observer.close()

    # One step: a fault, the operation, the journal settled, the checks.

    def _step(self, operation: Operation, target: tuple[str, ...], fault: dict | None) -> None:
        before = self.state
        if fault is not None:
            self.sandbox.fail(operation.method, operation.path, count=1, **fault)
        journaled = len(self.sandbox.requests)
        attempts_before = self.counting.attempts
        try:
            operation.run(self.client, target)
            outcome: type[BaseException] | None = None
        except vbc.VBCError as error:
            outcome = type(error)
        attempts = self.counting.attempts - attempts_before
        sent = self._settled(journaled, attempts)
        self.sandbox.clear_faults()  # one the step did not meet must not meet the next
        self.state = after = _snapshot(self.observer)
        effects = [e for e in sent if e.status is not None and 200 <= e.status < 300]
        self.steps.append(
            f"{operation.name} {target} fault={fault} -> {getattr(outcome, '__name__', 'ok')},"
            f" {[e.status for e in sent]}"
        )
        if operation.effect is None:
            assert outcome is not None or effects, self.steps
            assert after == before, self.steps
            return
        assert len(effects) <= 1, self.steps
        if outcome is None:
            assert len(effects) == 1, self.steps
        elif issubclass(outcome, vbc.APIStatusError):
            assert effects == [], self.steps
        else:
            assert issubclass(outcome, vbc.APIConnectionError), self.steps
        if effects:
            operation.effect(before, after, target)
        else:
            assert after == before, self.steps

    def _settled(self, journaled: int, attempts: int) -> list[Any]:
        """The step's journal entries, once every attempt it made has been journaled."""
        deadline = time.monotonic() + _SETTLE
        while True:
            entries = [e for e in self.sandbox.requests[journaled:] if e.path.startswith(PREFIX)]
            if len(entries) >= attempts:
                assert len(entries) == attempts, (entries, attempts)
                return entries
            assert time.monotonic() < deadline, f"{attempts} attempts, journaled: {entries}"
            time.sleep(0.02)

    # The rules.

    @rule(fault=FAULTS)
    def place_a_call(self, fault: dict | None) -> None:
        self._step(CREATE, (), fault)

    def _ringing(self) -> list[str]:
        return sorted(call for call, legs in self.state.legs.items() if "ringing" in legs.values())

    @precondition(lambda self: bool(self._ringing()))
    @rule(index=st.integers(0, 99))
    def far_end_answers(self, index: int) -> None:
        self.sandbox.answer(_pick(self._ringing(), index))
        self.state = _snapshot(self.observer)

    @precondition(lambda self: bool(self.state.connected_legs()))
    @rule(operation=st.sampled_from(LEG_ACTIONS), index=st.integers(0, 99), fault=FAULTS)
    def act_on_a_leg(self, operation: Operation, index: int, fault: dict | None) -> None:
        self._step(operation, _pick(self.state.connected_legs(), index), fault)

    @precondition(lambda self: bool(self.state.legs))
    @rule(index=st.integers(0, 99), fault=FAULTS)
    def hang_up_a_call(self, index: int, fault: dict | None) -> None:
        self._step(DELETE_CALL, (_pick(sorted(self.state.legs), index),), fault)

    @precondition(lambda self: bool(self.state.legs))
    @rule(operation=st.sampled_from(READS), index=st.integers(0, 99), fault=FAULTS)
    def read(self, operation: Operation, index: int, fault: dict | None) -> None:
        target = () if operation.name == "list calls" else (_pick(sorted(self.state.legs), index),)
        self._step(operation, target, fault)


@pytest.mark.heavy
@pytest.mark.parametrize("chosen", SEEDS)
def test_no_effect_happens_more_often_than_the_client_reports_success(vbc_sandbox, chosen):
    machine = type("ActOnceHere", (ActOnce,), {"sandbox": vbc_sandbox})
    run_state_machine_as_test(
        seed(chosen)(machine),
        settings=settings(
            max_examples=6,
            stateful_step_count=10,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
