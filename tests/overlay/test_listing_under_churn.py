"""Through the public client against the sandbox: a listing while calls come and go.

The sandbox pages by number, newest first, as the live API does: a call placed while the
listing runs pushes every other call one place down, so the last call of a page comes again
at the top of the next. The listing yields each call once (``_pagination``), sync and async.
"""

from __future__ import annotations

import pytest
from against_sandbox import ALICE, BOB, static_auth

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

BEFORE = 5  # calls when the listing starts
DURING = 12  # calls placed while it runs, one per page


def _place(sandbox: Sandbox, count: int) -> list[str]:
    return [sandbox.ring(from_=BOB, to=ALICE) for _ in range(count)]


def _every_call_once(sandbox: Sandbox, yielded: list[str], placed: list[str]) -> None:
    assert len(yielded) == len(set(yielded)), f"a call was yielded twice: {yielded}"
    assert set(placed) <= set(yielded)  # nothing that was there throughout was missed
    assert set(yielded) <= {call.call_id for call in _everything(sandbox)}


def _everything(sandbox: Sandbox) -> list[vbc.Call]:
    with sandbox.client(auth=static_auth(sandbox)) as client:
        return list(client.calls.list("self"))


def test_one_new_call_per_page_of_one_yields_no_call_twice(vbc_sandbox):
    placed = _place(vbc_sandbox, BEFORE)
    yielded: list[str] = []
    with vbc_sandbox.client(auth=static_auth(vbc_sandbox)) as client:
        for number, page in enumerate(client.calls.list("self", page_size=1).pages()):
            yielded += [call.call_id for call in page.items]
            if number < DURING:
                _place(vbc_sandbox, 1)
    _every_call_once(vbc_sandbox, yielded, placed)
    assert len(yielded) >= BEFORE


@pytest.mark.anyio
async def test_async_one_new_call_per_page_of_one_yields_no_call_twice(vbc_sandbox):
    placed = _place(vbc_sandbox, BEFORE)
    yielded: list[str] = []
    async with vbc_sandbox.async_client(auth=static_auth(vbc_sandbox)) as client:
        number = 0
        async for call in client.calls.list("self", page_size=1):
            yielded.append(call.call_id)
            if number < DURING:
                _place(vbc_sandbox, 1)
            number += 1
    _every_call_once(vbc_sandbox, yielded, placed)


def test_max_items_counts_calls_yielded_not_calls_sent(vbc_sandbox):
    _place(vbc_sandbox, BEFORE)
    yielded: list[str] = []
    with vbc_sandbox.client(auth=static_auth(vbc_sandbox)) as client:
        for call in client.calls.list("self", page_size=1, max_items=BEFORE):
            yielded.append(call.call_id)
            _place(vbc_sandbox, 1)
    assert len(yielded) == len(set(yielded)) == BEFORE
