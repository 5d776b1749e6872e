"""The sandbox's state as its page shows it, in one JSON document: the calls and their legs,
the pending faults, the latest requests of the journal and the clock.

It is the sandbox's own view, not the API's: parties keep their contact type, and legs show
the DTMF they received, the audio they play and who records them. The clock is sent as how
far it runs ahead of the wall clock (the page is on the same machine and ticks it itself),
so that the document changes only when the state does: the event stream sends it only then.
Secrets are never in it: the journal shows no headers and no bodies.

The calls and the journal are cut to their latest ``CALLS_SHOWN`` and ``REQUESTS_SHOWN``
(with their totals), so that a page open during a load test costs little.
"""

from __future__ import annotations

from .._domain.call_records import Call, Leg, Party
from .._domain.journal import Entry
from .._domain.state import SandboxState
from .views import JSON, encode

CALLS_SHOWN = 100
REQUESTS_SHOWN = 200


def _party(party: Party) -> JSON:
    return {"type": party.type, "destination": str(party.destination)}


def _leg(leg: Leg) -> JSON:
    return {
        "leg_id": leg.leg_id,
        "side": leg.side,
        "party": _party(leg.party),
        "status": leg.status,
        "start_time": leg.start_time,
        "dtmf": leg.dtmf,
        "audio": leg.audio,
        "recordings": sorted(leg.recordings),
    }


def _call(call: Call) -> JSON:
    return {
        "call_id": call.call_id,
        "direction": call.direction,
        "status": call.status,
        "start_time": call.start_time,
        "from": _party(call.from_),
        "to": _party(call.to),
        "legs": [_leg(leg) for leg in call.legs.values()],
    }


def _request(entry: Entry) -> JSON:
    return {
        "method": entry.method,
        "path": entry.path,
        "status": entry.status,
        "token_valid": entry.token_valid,
        "time": entry.time,
    }


def snapshot(state: SandboxState) -> bytes:
    """The document, encoded (calls newest last, requests newest first)."""
    calls = state.calls.all()
    return encode(
        {
            "account_id": state.config.account_id,
            "clock": {"ahead": state.clock.ahead},
            "calls": [_call(call) for call in calls[-CALLS_SHOWN:]],
            "calls_total": len(calls),
            "faults": [{**vars(fault), "left": left} for fault, left in state.faults.pending()],
            "requests": [_request(entry) for entry in state.journal.latest(REQUESTS_SHOWN)],
            "requests_total": len(state.journal),
        }
    )
