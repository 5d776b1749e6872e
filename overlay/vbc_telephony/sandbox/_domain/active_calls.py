"""ActiveCalls and their legs: what the API's operations and the control API do to them.

A call is placed (``place``, outbound, the API's POST) or rings in (``ring``, inbound, the
control API) with two legs, its two parties, and rings until it is answered (``answer``, or
on its own ``answer_after`` seconds later on the sandbox's clock) or ends unconnected: the
far end rejects it (``far_end_ends``: ``busy`` or ``unanswered``), or it rings out
``unanswered_after`` seconds later (an answer due as soon wins). Ended so, it stays listed
``ended_visible_for`` seconds, refusing every action but a hang-up (of the call or a leg),
then is gone. Connected, it is ``on-call``; ``park`` parks it and ``answer`` takes it back;
``transfer`` gives it a new far party. ``hang_up`` ends it, and an ended call and its legs
are gone for every later operation.

A leg may be held and resumed, receive DTMF, play audio, be recorded (by ``ccr`` and
``ocr`` independently) and be transferred: blind (to a new party) or attended (joined with a
leg of another call, which moves into this leg's call; the other call ends if that was its last
leg). An action its state does not allow is a ``Conflict``: any action on a leg that still
rings, holding a held leg, resuming one that is not held, stopping audio that is not playing
or a recording that was not started. Dropping the last leg of a call ends the call.
"""

from __future__ import annotations

import math
import random

from .._sandbox_config import SandboxConfig
from .call_records import (
    ENDINGS,
    HELD,
    ON_CALL,
    PARKED,
    RINGING,
    UNANSWERED,
    Call,
    Leg,
    Party,
    other,
    refuse_ended,
    refuse_unconnected,
)
from .clock import Clock
from .refusals import Conflict, NotFound, Refused
from .seeds import new_uuid


class ActiveCalls:
    """The active calls, in the order they started."""

    def __init__(self, clock: Clock, ids: random.Random, rules: SandboxConfig) -> None:
        """``rules``: ``answer_after``, ``unanswered_after`` and ``ended_visible_for``."""
        self._clock = clock
        self._ids = ids
        answer = math.inf if rules.answer_after is None else rules.answer_after
        ring_out = math.inf if rules.unanswered_after is None else rules.unanswered_after
        # How long a call rings before it changes on its own (inf: until someone acts), and
        # whether it is answered then (else it rings out); a tie answers.
        self._rings_for = min(answer, ring_out)
        self._answers_itself = answer <= ring_out
        self._ended_visible_for = rules.ended_visible_for
        self._calls: dict[str, Call] = {}
        # Never later than the first time a call changes on its own (``_due``): every request
        # reads the calls, and until then there is nothing to catch up with.
        self._next_due = math.inf
        # Grows with every change to any call, as each call's ``version`` does with its own.
        self.version = 0

    def _touch(self, call: Call) -> None:
        call.version += 1
        self.version += 1

    # The calls.

    def all(self) -> list[Call]:
        self._catch_up()
        return list(self._calls.values())

    def get(self, call_id: str) -> Call:
        self._catch_up()
        call = self._calls.get(call_id)
        if call is None:
            raise NotFound(f"No active call {call_id!r}")
        return call

    def place(self, from_: Party, to: Party) -> Call:
        """A call this account places (the API's POST)."""
        return self._start("outbound", from_, to)

    def ring(self, from_: Party, to: Party) -> Call:
        """A call that comes in (the control API)."""
        return self._start("inbound", from_, to)

    def _start(self, direction: str, from_: Party, to: Party) -> Call:
        now = self._clock.seconds()
        call = Call(new_uuid(self._ids), direction, from_, to, RINGING, now, self._clock.now())
        for side in ("from", "to"):
            leg = Leg(new_uuid(self._ids), side, call.party(side), RINGING, now)
            call.legs[leg.leg_id] = leg
        self._calls[call.call_id] = call
        self._touch(call)
        self._next_due = min(self._next_due, self._due(call))
        return call

    def _changing(self, call_id: str) -> Call:
        """The call, about to change (a change that is then refused changes nothing else);
        ``Conflict`` once it has ended."""
        call = self.get(call_id)
        self._touch(call)
        refuse_ended(call)
        return call

    def answer(self, call_id: str) -> Call:
        """Connect a ringing call, or take back a parked one; a call on-call stays so."""
        call = self._changing(call_id)
        self._connect(call)
        return call

    def far_end_answers(self, call_id: str) -> Call:
        """The called party picks up (the control API): only a ringing call can be answered."""
        call = self._changing(call_id)
        if call.status != RINGING:
            raise Conflict(f"Call {call_id!r} is {call.status}, not ringing")
        self._connect(call)
        return call

    def far_end_ends(self, call_id: str, ending: str) -> Call:
        """The ringing call ends unconnected (the control API): ``busy`` or ``unanswered``."""
        if ending not in ENDINGS:
            raise Refused(f"A call ends {' or '.join(ENDINGS)}, not {ending!r}")
        call = self._changing(call_id)
        if call.status != RINGING:
            raise Conflict(f"Call {call_id!r} is {call.status}, not ringing")
        self._end(call, ending, self._clock.now())
        return call

    def park(self, call_id: str) -> Call:
        call = self._changing(call_id)
        call.status = PARKED
        return call

    def transfer(self, call_id: str, to: Party) -> Call:
        """Hand the call's far end over to ``to``."""
        call = self._changing(call_id)
        for leg in call.legs.values():
            if leg.side == "to":
                leg.party = to
        call.to = to
        return call

    def hang_up(self, call_id: str) -> Call:
        call = self.get(call_id)
        del self._calls[call_id]
        self._touch(call)
        return call

    def _connect(self, call: Call) -> None:
        self._touch(call)
        call.status = ON_CALL
        for leg in call.legs.values():
            if leg.status == RINGING:
                leg.status = ON_CALL

    def _end(self, call: Call, ending: str, at: float) -> None:
        self._touch(call)
        call.status = ending
        call.ended_at = at
        for leg in call.legs.values():
            leg.status = ending
        self._next_due = min(self._next_due, self._due(call))

    def next_change_in(self) -> float | None:
        """Seconds until the calls change on their own, if they will: a ringing call answers
        itself or rings out, an ended one goes. Nothing else changes a call while nobody acts
        on the sandbox."""
        due = min(map(self._due, self._calls.values()), default=math.inf)
        return None if due == math.inf else max(0.0, due - self._clock.now())

    def _due(self, call: Call) -> float:
        """When ``call`` changes on its own (inf: never): ringing, it answers itself or rings
        out; ended unconnected, it goes."""
        if call.ended_at is not None:
            return call.ended_at + self._ended_visible_for
        return call.rang_at + self._rings_for if call.status == RINGING else math.inf

    def _catch_up(self) -> None:
        """What the clock has made due: ringing calls answer or ring out (from when they
        were due), and ended calls whose time listed is up go."""
        now = self._clock.now()
        if now < self._next_due:
            return
        for call in [call for call in self._calls.values() if self._due(call) <= now]:
            if call.status == RINGING and self._answers_itself:
                self._connect(call)
                continue
            if call.status == RINGING:
                self._end(call, UNANSWERED, self._due(call))
            if self._due(call) <= now:
                del self._calls[call.call_id]
                self._touch(call)
        self._next_due = min(map(self._due, self._calls.values()), default=math.inf)

    # The legs.

    def leg(self, call_id: str, leg_id: str) -> tuple[Call, Leg]:
        call = self.get(call_id)
        leg = call.legs.get(leg_id)
        if leg is None:
            raise NotFound(f"Call {call_id!r} has no leg {leg_id!r}")
        return call, leg

    def _connected_leg(self, call_id: str, leg_id: str) -> tuple[Call, Leg]:
        """The leg, about to change; ``Conflict`` while it rings, or once its call ended."""
        call, leg = self.leg(call_id, leg_id)
        self._touch(call)
        refuse_unconnected(call, leg)
        return call, leg

    def hold(self, call_id: str, leg_id: str) -> Leg:
        _, leg = self._connected_leg(call_id, leg_id)
        if leg.status == HELD:
            raise Conflict(f"Leg {leg_id!r} is held already")
        leg.status = HELD
        return leg

    def unhold(self, call_id: str, leg_id: str) -> Leg:
        _, leg = self._connected_leg(call_id, leg_id)
        if leg.status != HELD:
            raise Conflict(f"Leg {leg_id!r} is not held")
        leg.status = ON_CALL
        return leg

    def send_dtmf(self, call_id: str, leg_id: str, digits: str) -> Leg:
        _, leg = self._connected_leg(call_id, leg_id)
        leg.dtmf += digits
        return leg

    def play(self, call_id: str, leg_id: str, url: str) -> Leg:
        _, leg = self._connected_leg(call_id, leg_id)
        leg.audio = url
        return leg

    def stop_audio(self, call_id: str, leg_id: str) -> Leg:
        _, leg = self._connected_leg(call_id, leg_id)
        if leg.audio is None:
            raise Conflict(f"Leg {leg_id!r} is playing no audio")
        leg.audio = None
        return leg

    def start_recording(self, call_id: str, leg_id: str, service: str) -> Leg:
        _, leg = self._connected_leg(call_id, leg_id)
        if service in leg.recordings:
            raise Conflict(f"Leg {leg_id!r} is being recorded by {service} already")
        leg.recordings.add(service)
        return leg

    def stop_recording(self, call_id: str, leg_id: str, service: str) -> Leg:
        _, leg = self._connected_leg(call_id, leg_id)
        if service not in leg.recordings:
            raise Conflict(f"Leg {leg_id!r} is not being recorded by {service}")
        leg.recordings.discard(service)
        return leg

    def blind_transfer(self, call_id: str, leg_id: str, to: Party) -> Leg:
        """The leg's party is replaced by ``to``."""
        call, leg = self._connected_leg(call_id, leg_id)
        leg.party = to
        leg.status = ON_CALL
        call.set_party(leg.side, to)
        return leg

    def attended_transfer(self, call_id: str, leg_id: str, target_leg_id: str) -> Leg:
        """The leg ``target_leg_id`` of another call joins this leg's call, on the far side."""
        call, leg = self._connected_leg(call_id, leg_id)
        if target_leg_id in call.legs:
            raise Conflict(f"Leg {target_leg_id!r} is in this call already")
        source = next((c for c in self.all() if target_leg_id in c.legs), None)
        if source is None:
            raise NotFound(f"No active leg {target_leg_id!r} to transfer to")
        target = source.legs[target_leg_id]
        refuse_unconnected(source, target)
        del source.legs[target_leg_id]
        self._touch(source)
        if not source.legs:
            del self._calls[source.call_id]
        target.side = other(leg.side)
        target.status = leg.status = ON_CALL
        call.legs[target.leg_id] = target
        call.set_party(target.side, target.party)
        return leg

    def drop_leg(self, call_id: str, leg_id: str) -> Call:
        """End the leg; the call ends with its last leg."""
        call, _ = self.leg(call_id, leg_id)
        self._touch(call)
        del call.legs[leg_id]
        if not call.legs:
            del self._calls[call_id]
        return call
