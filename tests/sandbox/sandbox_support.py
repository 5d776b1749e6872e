"""What the sandbox's tests share: contacts, the static token's header, placing a call."""

from __future__ import annotations

import httpx

STATIC = {"Authorization": "Bearer sandbox-token"}
ALICE = {"type": "extension", "destination": "1001"}
BOB = {"type": "pstn", "destination": "15551234567"}
CALLS = "/cc/accounts/self/calls"


def place_call(http: httpx.Client) -> str:
    answer = http.post(CALLS, json={"from": ALICE, "to": BOB})
    assert answer.status_code == 200, answer.text
    return answer.text
