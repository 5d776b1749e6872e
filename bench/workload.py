"""What the benchmarks list and read: the synthetic accounts, their pages, the fields touched.

Calls look like the live API's: ids and times are JSON numbers (``account_id``, ``from``,
``to``, ``start_time``), call and leg ids are UUID strings as the spec declares, each call has
1-3 legs, and pages link to the next by ``next_page_uri`` relative to the base URL's path
prefix. Everything is derived from fixed seeds, so every run lists the same bytes.
"""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import vbc_telephony as vbc

# The production server's path prefix: links are relative to it, not to the host.
PREFIX = "/t/vbc.prod/telephony/v3"
PAGE_SIZE = 100
# Benchmark 1 (typed vs raw iteration) and 2 (calls.get) read this account.
LIST_ACCOUNT = 1001
LIST_PAGES = 100
# Benchmark 3 (peak RSS) streams this one.
STREAM_ACCOUNT = 1002
STREAM_PAGES = 1000
GET_COUNT = 200
GET_LATENCY = 0.020

_EPOCH = 1_700_000_000
_STATUSES = ("ringing", "on-call", "held", "parked", "active")
_DIRECTIONS = ("inbound", "outbound")


def call_id(account: int, n: int) -> str:
    return str(uuid.UUID(int=(account << 96) | (n << 8)))


def _leg_id(account: int, n: int, k: int) -> str:
    return str(uuid.UUID(int=(account << 96) | (n << 8) | (k + 1)))


def _call(rng: random.Random, account: int, n: int) -> dict[str, Any]:
    cid = call_id(account, n)
    start = _EPOCH + n
    direction = rng.choice(_DIRECTIONS)
    caller = 15_550_000_000 + rng.randrange(10_000)
    extension = 1000 + rng.randrange(100)
    legs = [
        {
            "leg_id": _leg_id(account, n, k),
            "call_id": cid,
            "account_id": account,
            "direction": direction,
            "from": caller,
            "to": extension + k,
            "status": rng.choice(_STATUSES),
            "start_time": start + k,
        }
        for k in range(rng.randint(1, 3))
    ]
    return {
        "call_id": cid,
        "account_id": account,
        "direction": direction,
        "from": caller,
        "to": extension,
        "status": rng.choice(_STATUSES),
        "start_time": start,
        "legs": legs,
    }


def _link(account: int, page: int) -> str:
    return f"/cc/accounts/{account}/calls?page={page}&page_size={PAGE_SIZE}"


def render_pages(account: int, pages: int) -> list[bytes]:
    """The JSON bodies of every page of ``account``'s listing, page 1 first."""
    rng = random.Random(account)
    bodies = []
    for page in range(1, pages + 1):
        first = (page - 1) * PAGE_SIZE
        body = {
            "calls": [_call(rng, account, n) for n in range(first, first + PAGE_SIZE)],
            "current_page": page,
            "pages": pages,
            "page_size": PAGE_SIZE,
            "order": "desc",
            "first_page_uri": _link(account, 1),
            "next_page_uri": _link(account, page + 1) if page < pages else None,
            "previous_page_uri": _link(account, page - 1) if page > 1 else None,
        }
        bodies.append(json.dumps(body, separators=(",", ":")).encode())
    return bodies


def render_calls(account: int, count: int) -> dict[str, bytes]:
    """The JSON bodies of ``calls.get`` for the first ``count`` calls of ``account``."""
    rng = random.Random(-account)
    calls = (_call(rng, account, n) for n in range(count))
    return {call["call_id"]: json.dumps(call, separators=(",", ":")).encode() for call in calls}


def touch_typed(call: vbc.Call) -> int:
    """Read a few fields of a typed call; the number of legs read."""
    _ = (call.call_id, call.status, call.from_, call.start_time)
    return sum(1 for leg in call.legs if leg.leg_id)


def touch_raw(call: dict[str, Any]) -> int:
    """``touch_typed`` over the decoded JSON."""
    _ = (call["call_id"], call["status"], call["from"], call["start_time"])
    return sum(1 for leg in call["legs"] if leg["leg_id"])
