"""A hypothesis state machine drives the sandbox's calls (``ActiveCalls``, no HTTP) through
random lifecycles on a clock it moves itself, against a model of the rules the sandbox
documents:

- a call rings until it is answered (by the API, or by the far end), answers itself
  ``answer_after`` seconds after it started ringing, rings out ``unanswered_after`` seconds
  after (an answer due as soon wins), or ends unconnected as the far end says (``busy`` or
  ``unanswered``, with its legs);
- an ended call stays listed ``ended_visible_for`` seconds, refusing every action but a
  hang-up or a dropped leg (409), then is gone (404), as a hung-up call is;
- a leg is held and resumed only while its call is connected;
- ``next_change_in`` is the time to the first of those changes the clock alone makes.

After every step the listed calls (status, legs and their states, in order) and
``next_change_in`` are the model's. Each run draws its rules (either timer off, either
first, or both due at once). Several seeds run; ``VBC_STATE_MACHINE_SEEDS=1,2,…`` runs
others.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from vbc_telephony.sandbox import SandboxConfig
from vbc_telephony.sandbox._domain.call_records import (
    ENDINGS,
    HELD,
    ON_CALL,
    PARKED,
    RINGING,
    UNANSWERED,
    Party,
)
from vbc_telephony.sandbox._domain.clock import Clock
from vbc_telephony.sandbox._domain.refusals import Conflict, NotFound, Refused
from vbc_telephony.sandbox._domain.state import SandboxState

SEEDS = [int(value) for value in os.environ.get("VBC_STATE_MACHINE_SEEDS", "3,17,41").split(",")]
VISIBLE_FOR = 10.0
# (answer_after, unanswered_after): None is never.
RULES = [(30.0, None), (None, 20.0), (30.0, 20.0), (20.0, 30.0), (30.0, 30.0), (None, None)]
ALICE = Party("extension", "1001")
BOB = Party("pstn", "15551234567")
# Steps of the clock: around each rule's edge, and anywhere.
STEPS = st.sampled_from([0.0, 1.0, 9.999, 10.0, 10.001, 20.0, 30.0]) | st.floats(
    0, 35, allow_nan=False
)


@dataclass
class Modelled:
    status: str
    rang_at: float
    legs: dict[str, str]  # leg id: status, in the order they joined
    ended_at: float | None = None


class _Time:
    """The clock's source: it stands still; the machine moves the clock with ``advance``."""

    def __call__(self) -> float:
        return 1_800_000_000.0


class CallLifecycle(RuleBasedStateMachine):
    calls = Bundle("calls")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[str, Modelled] = {}
        self._rules(None, None)

    def _rules(self, answer_after: float | None, unanswered_after: float | None) -> None:
        config = SandboxConfig(
            seed=1,
            answer_after=answer_after,
            unanswered_after=unanswered_after,
            ended_visible_for=VISIBLE_FOR,
        )
        self.state = SandboxState(config, Clock(_Time()))
        self.answer_after = math.inf if answer_after is None else answer_after
        self.unanswered_after = math.inf if unanswered_after is None else unanswered_after

    @initialize(rules=st.sampled_from(RULES))
    def rules(self, rules: tuple[float | None, float | None]) -> None:
        self._rules(*rules)

    # The model's rules.

    def _catch_up(self) -> None:
        now = self.state.clock.now()
        for call in self.model.values():
            if call.status == RINGING:
                when = call.rang_at + min(self.answer_after, self.unanswered_after)
                if when <= now and self.answer_after <= self.unanswered_after:
                    self._connect(call)
                elif when <= now:  # rung out then, not now
                    self._end(call, UNANSWERED, when)
        for call_id, call in list(self.model.items()):
            if call.ended_at is not None and call.ended_at + VISIBLE_FOR <= now:
                del self.model[call_id]

    @staticmethod
    def _connect(call: Modelled) -> None:
        call.status = ON_CALL
        for leg_id, status in call.legs.items():
            if status == RINGING:
                call.legs[leg_id] = ON_CALL

    @staticmethod
    def _end(call: Modelled, ending: str, at: float) -> None:
        call.status = ending
        call.ended_at = at
        call.legs = dict.fromkeys(call.legs, ending)

    def _expect(self, refusal: type[Refused] | None, act: Callable[[], object]) -> None:
        """``act()`` raises ``refusal`` (None: nothing)."""
        if refusal is None:
            act()
        else:
            with pytest.raises(refusal):
                act()

    def _changing(self, call_id: str) -> tuple[Modelled | None, type[Refused] | None]:
        """The call, and what an action on it meets first: gone, or ended."""
        self._catch_up()
        call = self.model.get(call_id)
        if call is None:
            return None, NotFound
        if call.ended_at is not None:
            return call, Conflict
        return call, None

    # The steps.

    @rule(target=calls, inbound=st.booleans())
    def start(self, inbound: bool) -> str:
        made = self.state.calls.ring(BOB, ALICE) if inbound else self.state.calls.place(ALICE, BOB)
        self.model[made.call_id] = Modelled(
            RINGING, self.state.clock.now(), dict.fromkeys(made.legs, RINGING)
        )
        return made.call_id

    @rule(seconds=STEPS)
    def time_passes(self, seconds: float) -> None:
        self.state.clock.advance(seconds)

    @rule(call_id=calls)
    def the_app_answers(self, call_id: str) -> None:
        call, refusal = self._changing(call_id)
        self._expect(refusal, lambda: self.state.calls.answer(call_id))
        if call is not None and refusal is None:
            self._connect(call)

    @rule(call_id=calls)
    def the_far_end_answers(self, call_id: str) -> None:
        call, refusal = self._changing(call_id)
        if call is not None and refusal is None and call.status != RINGING:
            refusal = Conflict
        self._expect(refusal, lambda: self.state.calls.far_end_answers(call_id))
        if call is not None and refusal is None:
            self._connect(call)

    @rule(call_id=calls, ending=st.sampled_from(ENDINGS))
    def the_far_end_rejects(self, call_id: str, ending: str) -> None:
        call, refusal = self._changing(call_id)
        if call is not None and refusal is None and call.status != RINGING:
            refusal = Conflict
        self._expect(refusal, lambda: self.state.calls.far_end_ends(call_id, ending))
        if call is not None and refusal is None:
            self._end(call, ending, self.state.clock.now())

    @rule(call_id=calls)
    def park(self, call_id: str) -> None:
        call, refusal = self._changing(call_id)
        self._expect(refusal, lambda: self.state.calls.park(call_id))
        if call is not None and refusal is None:
            call.status = PARKED

    @rule(call_id=calls)
    def hang_up(self, call_id: str) -> None:
        self._catch_up()
        gone = call_id not in self.model
        self._expect(NotFound if gone else None, lambda: self.state.calls.hang_up(call_id))
        self.model.pop(call_id, None)

    @rule(call_id=calls, index=st.integers(0, 1), hold=st.booleans())
    def hold_or_resume(self, call_id: str, index: int, hold: bool) -> None:
        call, refusal = self._changing(call_id)
        leg_id = list(call.legs)[index] if call is not None and index < len(call.legs) else "gone"
        if call is not None and leg_id not in call.legs:
            refusal = NotFound
        elif call is not None and refusal is None:
            status = call.legs[leg_id]
            if (
                status == RINGING
                or status == (HELD if hold else ON_CALL)
                or (not hold and status != HELD)
            ):
                refusal = Conflict
        action = self.state.calls.hold if hold else self.state.calls.unhold
        self._expect(refusal, lambda: action(call_id, leg_id))
        if call is not None and refusal is None:
            call.legs[leg_id] = HELD if hold else ON_CALL

    @rule(call_id=calls, index=st.integers(0, 1))
    def drop_a_leg(self, call_id: str, index: int) -> None:
        self._catch_up()
        call = self.model.get(call_id)
        leg_id = list(call.legs)[index] if call is not None and index < len(call.legs) else "gone"
        missing = call is None or leg_id not in call.legs
        self._expect(
            NotFound if missing else None, lambda: self.state.calls.drop_leg(call_id, leg_id)
        )
        if call is not None and not missing:
            del call.legs[leg_id]
            if not call.legs:
                del self.model[call_id]

    # What must hold after every step.

    @invariant()
    def the_calls_listed_are_the_models(self) -> None:
        self._catch_up()
        listed = {
            call.call_id: (
                call.status,
                dict((leg.leg_id, leg.status) for leg in call.legs.values()),
            )
            for call in self.state.calls.all()
        }
        assert listed == {call_id: (call.status, call.legs) for call_id, call in self.model.items()}
        for call in self.state.calls.all():
            assert list(call.legs) == list(self.model[call.call_id].legs)  # the order they joined

    @invariant()
    def the_next_change_is_the_models(self) -> None:
        self._catch_up()
        now = self.state.clock.now()
        due = [c.ended_at + VISIBLE_FOR for c in self.model.values() if c.ended_at is not None]
        first = min(self.answer_after, self.unanswered_after)
        due += [c.rang_at + first for c in self.model.values() if c.status == RINGING]
        due = [when for when in due if when < math.inf]
        expected = max(0.0, min(due) - now) if due else None
        actual = self.state.calls.next_change_in()
        if expected is None:
            assert actual is None
        else:
            assert actual is not None
            assert math.isclose(actual, expected, abs_tol=1e-6)


@pytest.mark.parametrize("chosen", SEEDS)
def test_calls_keep_to_the_documented_lifecycle(chosen: int) -> None:
    run_state_machine_as_test(
        seed(chosen)(CallLifecycle),
        settings=settings(max_examples=150, stateful_step_count=30, deadline=None, database=None),
    )
