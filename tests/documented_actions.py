"""The request bodies the vendor documents, and nonsense that must be refused: shared test data."""

from __future__ import annotations

# The vendor's documented leg actions (its oneOf titles and request samples), and the branch
# of our LegAction that must accept each.
LEG_ACTIONS = [
    ({"state": "held"}, "HoldLeg"),
    ({"state": "active"}, "UnholdLeg"),
    ({"dtmf": "*123#"}, "SendDtmf"),
    ({"stream": True, "stream_url": "https://example.com/recorded_message.wav"}, "PlayAudio"),
    ({"stream": False}, "StopAudio"),
    ({"state": "active", "to": {"destination": "15551234567", "type": "pstn"}}, "BlindTransfer"),
    ({"state": "active", "to": {"destination": 1001, "type": "extension"}}, "BlindTransfer"),
    ({"state": "active", "to": {"destination": "2001", "type": "device"}}, "BlindTransfer"),
    (
        {
            "state": "active",
            "to": {"destination": "0d0a16ab-a508-4d58-bf24-5dc3cb248f3e", "type": "leg"},
        },
        "AttendedTransfer",
    ),
    ({"recording": "start", "service": "ccr"}, "Recording"),
    ({"recording": "stop", "service": "ccr"}, "Recording"),
    ({"recording": "start", "service": "ocr"}, "Recording"),
    ({"recording": "stop", "service": "ocr"}, "Recording"),
]

LEG_NONSENSE = [
    {},
    [],
    "held",
    None,
    {"foo": 1},
    {"state": "bogus"},
    {"state": "parked"},
    {"state": "held", "dtmf": "1"},
    {"dtmf": ""},
    {"dtmf": "12x"},
    {"dtmf": 5},
    {"stream": True},
    {"stream": "yes", "stream_url": "https://example.com/a.wav"},
    {"stream": True, "stream_url": "ftp://example.com/a.wav"},
    {"stream": False, "dtmf": "1"},
    {"recording": "pause", "service": "ccr"},
    {"recording": "start", "service": "xyz"},
    {"recording": "start"},
    {"state": "active", "to": {"destination": "1", "type": "sip"}},
    {"state": "active", "to": {"destination": "1"}},
    {"state": "held", "to": {"destination": "1", "type": "pstn"}},
    {"state": "active", "to": "15551234567"},
    {"state": "active", "dtmf": "1"},
    {"state": "held", "foo": 1},
    {"dtmf": "1", "note": "x"},
    {"recording": "start", "service": "ccr", "extra": True},
]

# PUT call: answer (state active + to), transfer (from and to, no state), park (parked + from).
CALL_UPDATES = [
    ({"state": "active", "to": {"destination": "2001", "type": "device"}}, "AnswerCall"),
    (
        {
            "from": {"destination": "1234", "type": "extension"},
            "to": {"destination": "15551234567", "type": "pstn"},
        },
        "TransferCall",
    ),
    ({"state": "parked", "from": {"destination": "1234", "type": "extension"}}, "ParkCall"),
    (
        {
            "state": "active",
            "from": {"destination": 1234567890, "type": "pstn"},
            "to": {"destination": 1234567890, "type": "pstn"},
        },
        "AnswerCall",
    ),
]

CALL_UPDATE_NONSENSE = [
    {},
    {"state": "active"},
    {"state": "parked"},
    {"state": "held", "to": {"destination": "1", "type": "pstn"}},
    {"from": {"destination": "1", "type": "pstn"}},
    {"to": {"destination": "1", "type": "leg"}, "from": {"destination": "1", "type": "pstn"}},
]

CREATE_CALL_NONSENSE = [
    {},
    {"from": {"destination": "1234", "type": "extension"}},
    {"from": {"destination": "1234", "type": "pstn"}, "to": {"destination": "1", "type": "pstn"}},
    {"from": {"destination": "", "type": "extension"}, "to": {"destination": "1", "type": "pstn"}},
    {
        "from": {"destination": "1234", "type": "extension"},
        "to": {"destination": "1", "type": "pstn"},
        "type": "robocall",
    },
    {
        "from": {"destination": "1234", "type": "extension"},
        "to": {"destination": "1", "type": "pstn"},
        "priority": "high",
    },
]
