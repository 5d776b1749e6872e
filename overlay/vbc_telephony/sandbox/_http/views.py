"""The API's JSON shapes of the sandbox's calls, legs, devices and pages.

As the live service does (and the spec's examples show), number-like values (account ids,
phone numbers, extensions) are sent as JSON numbers when they are plain digits, and times as
epoch seconds; the client reads both numbers and strings.

``Renderings`` keeps a call's JSON, encoded, for as long as the call is at the same version,
and a page of calls for as long as no call changed, so that listing the same calls again
costs a lookup, not a rendering: encoding a page of 100 calls is most of a list's time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from .._domain.active_calls import ActiveCalls
from .._domain.call_records import Call, Leg, Party
from .._domain.listing import Page
from .._domain.registrations import Device

T = TypeVar("T")
JSON = dict[str, Any]

# Longer digit strings would lose precision in JavaScript clients; the live API sends them as text.
_MAX_DIGITS = 15


def number_like(value: str | int) -> str | int:
    """Digits (without a leading zero) as a JSON number, anything else as it is."""
    if isinstance(value, int):
        return value
    if value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS and value[0] != "0":
        return int(value)
    return value


def _destination(party: Party) -> str | int:
    return number_like(party.destination)


def leg_view(call: Call, leg: Leg, account_id: str) -> JSON:
    """A leg: its own party on its side, the call's other party on the other."""
    from_ = leg.party if leg.side == "from" else call.from_
    to = leg.party if leg.side == "to" else call.to
    return {
        "leg_id": leg.leg_id,
        "call_id": call.call_id,
        "account_id": number_like(account_id),
        "direction": call.direction,
        "from": _destination(from_),
        "to": _destination(to),
        "status": leg.status,
        "start_time": leg.start_time,
    }


def call_view(call: Call, account_id: str) -> JSON:
    return {
        "call_id": call.call_id,
        "account_id": number_like(account_id),
        "direction": call.direction,
        "from": _destination(call.from_),
        "to": _destination(call.to),
        "status": call.status,
        "start_time": call.start_time,
        "legs": [leg_view(call, leg, account_id) for leg in call.legs.values()],
    }


def device_view(device: Device, account_id: str) -> JSON:
    return {
        "mac_address": device.mac_address,
        "account_id": number_like(account_id),
        "device_ip": device.device_ip,
        "last_request": device.last_request,
        "last_success": device.last_success,
        "registration": {"last_success": device.last_success},
        "provisioned": {
            "last_success": device.provisioned_success,
            "last_request": device.provisioned_request,
        },
    }


def encode(value: object) -> bytes:
    """Compact JSON, as the answers are sent."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


# Renderings kept: every call of a long test run, and every page query a test repeats.
_CALLS_KEPT = 4096
_PAGES_KEPT = 256


class Renderings:
    """Encoded JSON of the calls of one ``ActiveCalls`` (a reset makes a new one, whose ids
    start over: nothing made for the old one is used for it)."""

    def __init__(self) -> None:
        self._of: ActiveCalls | None = None
        self._calls: dict[tuple[str, int, str], bytes] = {}
        self._pages: dict[object, bytes] = {}

    def _for(self, calls: ActiveCalls) -> None:
        if calls is not self._of:
            self._of = calls
            self._calls.clear()
            self._pages.clear()

    def call(self, calls: ActiveCalls, account_id: str, call: Call) -> bytes:
        """``call_view`` encoded, reused while the call is unchanged."""
        self._for(calls)
        key = (call.call_id, call.version, account_id)
        rendering = self._calls.get(key)
        if rendering is None:
            if len(self._calls) >= _CALLS_KEPT:
                self._calls.clear()
            rendering = self._calls[key] = encode(call_view(call, account_id))
        return rendering

    def page(self, calls: ActiveCalls, key: object, render: Callable[[], bytes]) -> bytes:
        """``render()``, or what it gave for ``key`` while no call has changed (``key``
        must say what else the page depends on: the account, the query)."""
        self._for(calls)
        full_key = (calls.version, key)
        rendering = self._pages.get(full_key)
        if rendering is None:
            if len(self._pages) >= _PAGES_KEPT:
                self._pages.clear()
            rendering = self._pages[full_key] = render()
        return rendering


def page_json(page: Page[T], name: str, item_json: Callable[[T], bytes]) -> bytes:
    """A page whose items, each encoded by ``item_json``, are under ``name``."""
    fields = encode(
        {
            "current_page": page.current_page,
            "pages": page.pages,
            "page_size": page.page_size,
            "order": page.order,
            "first_page_uri": page.first_page_uri,
            "next_page_uri": page.next_page_uri,
            "previous_page_uri": page.previous_page_uri,
        }
    )
    items = b",".join([item_json(item) for item in page.items])
    return b'{"%s":[%s],%s' % (name.encode(), items, fields[1:])


def updated_view(call: Call, account_id: str, state: str, leg: Leg | None = None) -> JSON:
    """The answer to an action on a call (``CallUpdated``) or on a leg of it (``LegUpdated``)."""
    answer: JSON = {"account_id": number_like(account_id), "call_id": call.call_id}
    if leg is not None:
        answer["leg_id"] = leg.leg_id
    answer["call_state"] = state
    answer["destination"] = _destination(call.to)
    return answer
