"""What the traffic tests share: an app's session through the public client, and checks of
what a recording may not hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import loopback
from cli_support import SECRET_CLIENT_SECRET, SECRET_PASSWORD, SECRETS
from live_gateway import CLIENT_ID, PREFIX, USERNAME

import vbc_telephony as vbc

# The number the app dials, and the caller who rings in: neither may be written in clear.
DIALLED = "15557654321"
CALLER = "+1 (555) 010-4477"
CALLER_DIGITS = "15550104477"


def client_through(server_url: str) -> vbc.Telephony:
    """The app's client, its base URL and token URL pointed at ``server_url``."""
    grant = vbc.PasswordGrant(
        USERNAME, SECRET_PASSWORD, CLIENT_ID, SECRET_CLIENT_SECRET, token_url=f"{server_url}/token"
    )
    return vbc.Telephony(base_url=server_url + PREFIX, auth=grant, max_retries=0)


def app_session(server_url: str) -> dict[str, Any]:
    """What an app does: dial out, watch the call, the far end answers (through the sandbox's
    control API, at ``server_url`` too), hold, DTMF, unhold, hang up; devices; an inbound call,
    which the far end rejects as busy. Returns what the app saw."""
    seen: dict[str, Any] = {}
    with client_through(server_url) as client, loopback.Client(base_url=server_url) as far_end:
        call_id = client.calls.create(
            "self", from_=vbc.Contact.extension("1001"), to=vbc.Contact.pstn(DIALLED)
        )
        seen["listed"] = [call.call_id for call in client.calls.list("self")]
        far_end.post(f"/_sandbox/calls/{call_id}/answer", json={}).raise_for_status()
        call = client.calls.get("self", call_id)
        seen["status"] = call.status
        legs = client.legs.list("self", call_id)
        seen["legs"] = [leg.status for leg in legs]
        client.legs.hold("self", call_id, legs[0].leg_id)
        client.legs.send_dtmf("self", call_id, legs[0].leg_id, "*123#")
        client.legs.unhold("self", call_id, legs[0].leg_id)
        client.calls.delete("self", call_id)
        devices = list(client.devices.list("self"))
        seen["device"] = client.devices.get("self", devices[0].mac_address).mac_address
        ring = far_end.post(
            "/_sandbox/calls",
            json={
                "from": {"type": "pstn", "destination": CALLER},
                "to": {"type": "extension", "destination": "1001"},
            },
        )
        inbound = ring.raise_for_status().json()["call_id"]
        seen["inbound"] = client.calls.get("self", inbound).from_
        reject = {"state": "busy"}
        far_end.post(f"/_sandbox/calls/{inbound}/reject", json=reject).raise_for_status()
        seen["rejected"] = client.calls.get("self", inbound).status
    return seen


def assert_clean(text: str, *, issued: set[str]) -> None:
    """No secret (password, client secret, issued tokens) and no phone number in ``text``."""
    for secret in (*SECRETS, *issued):
        assert secret not in text
    assert DIALLED not in text
    assert CALLER_DIGITS not in text
    assert "010-4477" not in text


def har_entries(path: Path) -> list[dict[str, Any]]:
    """The entries of a HAR file, which must be whole, valid JSON."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["log"]["version"] == "1.2"
    entries: list[dict[str, Any]] = document["log"]["entries"]
    return entries
