"""What ``ActiveCalls`` keeps of a call: its parties, its legs and the states they take.

A call and its legs ring, are connected (``on-call``; a leg may be ``held``, the call
``parked``), or end unconnected: ``busy`` or ``unanswered``, two of the API's ``State``
values. An ended call stays listed in that state for a while (``Call.ended_at``) so that a
client polling the API can tell how it ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .refusals import Conflict

RINGING = "ringing"
ON_CALL = "on-call"
HELD = "held"
PARKED = "parked"
BUSY = "busy"
UNANSWERED = "unanswered"
# How a ringing call may end without being connected.
ENDINGS = (BUSY, UNANSWERED)

Side = Literal["from", "to"]


@dataclass(frozen=True)
class Party:
    """A participant, as the API's contacts name one."""

    type: str
    destination: str | int


@dataclass
class Leg:
    """One participant's connection to a call."""

    leg_id: str
    side: Side
    party: Party
    status: str
    start_time: int
    dtmf: str = ""
    audio: str | None = None
    recordings: set[str] = field(default_factory=set)


@dataclass
class Call:
    """An active call; ``legs`` in the order they joined.

    ``version`` grows with every change to the call or its legs: what was made of the call
    at one version (its JSON, say) holds until the next. ``ended_at``: when, on the
    sandbox's clock, it ended unconnected (``ENDINGS``), or None.
    """

    call_id: str
    direction: str
    from_: Party
    to: Party
    status: str
    start_time: int
    rang_at: float
    legs: dict[str, Leg] = field(default_factory=dict)
    version: int = 0
    ended_at: float | None = None

    def party(self, side: Side) -> Party:
        return self.from_ if side == "from" else self.to

    def set_party(self, side: Side, party: Party) -> None:
        if side == "from":
            self.from_ = party
        else:
            self.to = party


def other(side: Side) -> Side:
    return "to" if side == "from" else "from"


def refuse_ended(call: Call) -> None:
    """``Conflict`` for any action on a call that ended unconnected but hanging it up."""
    if call.ended_at is not None:
        raise Conflict(f"Call {call.call_id!r} has ended {call.status}: it can only be hung up")


def refuse_unconnected(call: Call, leg: Leg) -> None:
    """``Conflict`` for a leg action while the leg rings, or once its call ended."""
    refuse_ended(call)
    if leg.status == RINGING:
        raise Conflict(f"Leg {leg.leg_id!r} is still ringing")
