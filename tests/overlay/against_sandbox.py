"""What the client's tests against the sandbox (the ``vbc_sandbox`` fixture) share: connected
calls to act on, clients with a short read timeout, and reading the sandbox's journal.

A request held by a latency fault is still served after the client gave up on it (and,
until the sandbox cancels it on reset, even after a reset), so a test that slows one waits
until the sandbox has journaled it before it ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

PREFIX = "/t/vbc.prod/telephony/v3"
CALLS = f"{PREFIX}/cc/accounts/self/calls"
ALICE = vbc.Contact.extension("1001")
BOB = vbc.Contact.pstn("15551234567")
CAROL = vbc.Contact.pstn("15557654321")

# The operation under test gives up after READ_TIMEOUT; the sandbox holds it for LATENCY.
# The server cannot answer before LATENCY, so the client always times out first, however
# busy the machine.
READ_TIMEOUT = 0.3
LATENCY_MS = 600
SHORT = httpx.Timeout(10.0, read=READ_TIMEOUT)
_JOURNAL_WAIT = 15.0


@dataclass(frozen=True)
class Connected:
    """A call that rings no more: both legs on-call."""

    call_id: str
    legs: tuple[str, str]


def connected_call(sandbox: Sandbox, client: vbc.Telephony) -> Connected:
    call_id = client.calls.create("self", from_=ALICE, to=BOB)
    sandbox.answer(call_id)
    first, second = (leg.leg_id for leg in client.legs.list("self", call_id))
    return Connected(call_id, (first, second))


def static_auth(sandbox: Sandbox) -> vbc.BearerToken:
    assert sandbox.static_token is not None
    return vbc.BearerToken(sandbox.static_token)


@dataclass(frozen=True)
class Mark:
    """A moment in the journal: how many entries it held, and when."""

    entries: int
    at: float


def mark(sandbox: Sandbox) -> Mark:
    """Now; every request sent before has been journaled (the client waited for it)."""
    return Mark(len(sandbox.requests), time.monotonic())


def entries(sandbox: Sandbox, method: str, path: str, *, after: Mark) -> list[object]:
    """The journal's entries since ``after`` for ``method`` on ``path`` (relative to the API
    prefix)."""
    return [
        entry
        for entry in sandbox.requests[after.entries :]
        if entry.method == method and entry.path == PREFIX + path
    ]


def settled(sandbox: Sandbox, method: str, path: str, *, since: Mark) -> list[object]:
    """The journal's entries since ``since`` for ``method`` on ``path``, once the request a
    latency fault held from then has been answered: at least one entry, and the latency, with
    a margin, gone by."""
    deadline = time.monotonic() + _JOURNAL_WAIT
    while True:
        found = entries(sandbox, method, path, after=since)
        done = time.monotonic() - since.at > LATENCY_MS / 1000 + 0.3
        if (found and done) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
