"""Test helpers: a fake of the API for MockTransport, a fake clock, and every public
single-request method: how to call it and what it must send.

The same lambdas serve Telephony and AsyncTelephony (the async ones return awaitables).
List methods are paginated and tested on their own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

import vbc_telephony as vbc

BASE_URL = "https://api.test/t/vbc.prod/telephony/v3"
PREFIX = "/t/vbc.prod/telephony/v3"
TOKEN = "test-token-3f9a1c"

Handler = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """Monotonic and wall clocks that move only when someone sleeps; records every sleep."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Recorder:
    """A MockTransport handler that records requests and answers from ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.handler(request)

    @property
    def paths(self) -> list[str]:
        return [request.url.path for request in self.requests]

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


def json_response(status: int, body: object, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


CALL = {
    "call_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "account_id": 1234,
    "direction": "inbound",
    "from": 15551231234,
    "to": 1001,
    "status": "on-call",
    "start_time": 1595959736,
    "legs": [
        {
            "leg_id": "0d0a16ab-a508-4d58-bf24-5dc3cb248f3e",
            "call_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "account_id": 1234,
            "direction": "inbound",
            "from": 15551231234,
            "to": 1001,
            "status": "on-call",
            "start_time": 1595959736,
        }
    ],
}
LEG = CALL["legs"][0]
LEG_UPDATED = {"account_id": 1234, "call_id": CALL["call_id"], "leg_id": "l1", "call_state": "held"}
CALL_UPDATED = {"account_id": 1234, "call_id": CALL["call_id"], "call_state": "active"}
DEVICE = {
    "mac_address": "79-5C-7D-28-1B-B3",
    "account_id": 1234,
    "device_ip": "150.24.83.17",
    "last_request": 1595937421,
    "last_success": "1595937421",
    "registration": {"last_success": 1595937421},
    "provisioned": {"last_success": 1595937421, "last_request": 1595937421},
}
CREATED_CALL_ID = "e2610a31-88be-4f12-90c0-ee98dbfaf80b"


def page(key: str, items: list[object], **paging: object) -> dict[str, object]:
    return {key: items, "current_page": 1, "pages": 1, "next_page_uri": None, **paging}


def answer(request: httpx.Request) -> httpx.Response:
    """The API's success answer to any request the client can send."""
    # The raw (still encoded) path: a decoded "/" in an id is not a segment boundary.
    path, method = request.url.raw_path.decode().partition("?")[0], request.method
    if path.startswith("/t/vbc.prod/telephony/v3"):
        path = path[len("/t/vbc.prod/telephony/v3") :]
    parts = path.strip("/").split("/")
    if parts[0] == "registration":
        if len(parts) == 4:
            return httpx.Response(200, json=page("devices", [DEVICE]))
        return httpx.Response(200, json=DEVICE)
    if len(parts) == 4:  # cc/accounts/{a}/calls
        if method == "POST":
            return httpx.Response(200, text=CREATED_CALL_ID)
        return httpx.Response(200, json=page("calls", [CALL]))
    if len(parts) == 5:
        return httpx.Response(200, json=CALL if method == "GET" else CALL_UPDATED)
    if len(parts) == 6:
        return httpx.Response(200, json=[LEG])
    if method == "DELETE":
        return httpx.Response(204)
    return httpx.Response(200, json=LEG if method == "GET" else LEG_UPDATED)


CALL_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
LEG_ID = "0d0a16ab-a508-4d58-bf24-5dc3cb248f3e"
CALLS = "/cc/accounts/1234/calls"
CALL_PATH = f"{CALLS}/{CALL_ID}"
LEG_PATH = f"{CALL_PATH}/legs/{LEG_ID}"

EXTENSION = {"type": "extension", "destination": "1234"}
PSTN = {"type": "pstn", "destination": "15551234567"}
DEVICE_2001 = {"type": "device", "destination": "2001"}


@dataclass(frozen=True)
class Operation:
    name: str
    call: Callable[[Any], Any]
    method: str
    path: str
    body: object  # the JSON body it must send; None for none
    result: type | None  # what it returns (None: returns None)


OPERATIONS = [
    Operation(
        "calls.create",
        lambda c: c.calls.create(
            "1234", from_=EXTENSION, to=vbc.Contact.pstn("15551234567"), type="click2dial"
        ),
        "POST",
        CALLS,
        {"from": EXTENSION, "to": PSTN, "type": "click2dial"},
        str,
    ),
    Operation(
        "calls.get", lambda c: c.calls.get("1234", CALL_ID), "GET", CALL_PATH, None, vbc.Call
    ),
    Operation(
        "calls.update",
        lambda c: c.calls.update("1234", CALL_ID, state="active", to=DEVICE_2001),
        "PUT",
        CALL_PATH,
        {"state": "active", "to": DEVICE_2001},
        vbc.CallUpdated,
    ),
    Operation(
        "calls.answer",
        lambda c: c.calls.answer("1234", CALL_ID, to=vbc.Contact.device("2001")),
        "PUT",
        CALL_PATH,
        {"state": "active", "to": DEVICE_2001},
        vbc.CallUpdated,
    ),
    Operation(
        "calls.transfer",
        lambda c: c.calls.transfer("1234", CALL_ID, from_=EXTENSION, to=PSTN),
        "PUT",
        CALL_PATH,
        {"from": EXTENSION, "to": PSTN},
        vbc.CallUpdated,
    ),
    Operation(
        "calls.park",
        lambda c: c.calls.park("1234", CALL_ID, from_=vbc.Contact.extension("1234")),
        "PUT",
        CALL_PATH,
        {"state": "parked", "from": EXTENSION},
        vbc.CallUpdated,
    ),
    Operation(
        "calls.delete",
        lambda c: c.calls.delete("1234", CALL_ID),
        "DELETE",
        CALL_PATH,
        None,
        vbc.CallUpdated,
    ),
    Operation(
        "legs.list",
        lambda c: c.legs.list("1234", CALL_ID),
        "GET",
        f"{CALL_PATH}/legs",
        None,
        list,
    ),
    Operation(
        "legs.get", lambda c: c.legs.get("1234", CALL_ID, LEG_ID), "GET", LEG_PATH, None, vbc.Leg
    ),
    Operation(
        "legs.hold",
        lambda c: c.legs.hold("1234", CALL_ID, LEG_ID),
        "PUT",
        LEG_PATH,
        {"state": "held"},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.unhold",
        lambda c: c.legs.unhold("1234", CALL_ID, LEG_ID),
        "PUT",
        LEG_PATH,
        {"state": "active"},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.send_dtmf",
        lambda c: c.legs.send_dtmf("1234", CALL_ID, LEG_ID, "*123#"),
        "PUT",
        LEG_PATH,
        {"dtmf": "*123#"},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.play",
        lambda c: c.legs.play("1234", CALL_ID, LEG_ID, "https://example.com/hello.wav"),
        "PUT",
        LEG_PATH,
        {"stream": True, "stream_url": "https://example.com/hello.wav"},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.stop_audio",
        lambda c: c.legs.stop_audio("1234", CALL_ID, LEG_ID),
        "PUT",
        LEG_PATH,
        {"stream": False},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.transfer (blind)",
        lambda c: c.legs.transfer("1234", CALL_ID, LEG_ID, to=PSTN),
        "PUT",
        LEG_PATH,
        {"state": "active", "to": PSTN},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.transfer (attended)",
        lambda c: c.legs.transfer("1234", CALL_ID, LEG_ID, to=vbc.Contact.leg("other-leg")),
        "PUT",
        LEG_PATH,
        {"state": "active", "to": {"type": "leg", "destination": "other-leg"}},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.start_recording",
        lambda c: c.legs.start_recording("1234", CALL_ID, LEG_ID, service="ccr"),
        "PUT",
        LEG_PATH,
        {"recording": "start", "service": "ccr"},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.stop_recording",
        lambda c: c.legs.stop_recording("1234", CALL_ID, LEG_ID, service="ocr"),
        "PUT",
        LEG_PATH,
        {"recording": "stop", "service": "ocr"},
        vbc.LegUpdated,
    ),
    Operation(
        "legs.delete",
        lambda c: c.legs.delete("1234", CALL_ID, LEG_ID),
        "DELETE",
        LEG_PATH,
        None,
        None,
    ),
    Operation(
        "devices.get",
        lambda c: c.devices.get("self", "38-99-62-93-E2-A9"),
        "GET",
        "/registration/accounts/self/devices/38-99-62-93-E2-A9",
        None,
        vbc.Device,
    ),
]

OPERATION_IDS = [operation.name for operation in OPERATIONS]
