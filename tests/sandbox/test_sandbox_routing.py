"""Ids reach their own operation only: the sandbox routes on the path as sent, so ``%2F`` in
an id is part of the id (404 "no such call"), and an ``account_id`` of any characters is
an account the token may not use (401, documented for every operation)."""

from __future__ import annotations

import httpx
import pytest
from sandbox_support import ALICE, BOB, CALLS, place_call
from server.raw_http import exchange

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

PREFIX = b"/t/vbc.prod/telephony/v3"


def _port(vbc_sandbox: Sandbox) -> int:
    return int(vbc_sandbox.server_url.rsplit(":", 1)[1])


def _raw(vbc_sandbox: Sandbox, method: bytes, path: bytes, body: bytes = b"") -> object:
    request = (
        method + b" " + PREFIX + path + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
        b"Authorization: Bearer sandbox-token\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    ) + body
    return exchange(_port(vbc_sandbox), request)


def test_an_encoded_slash_in_a_call_id_is_part_of_the_id(
    vbc_sandbox: Sandbox, http: httpx.Client
) -> None:
    call_id = place_call(http)
    answer = _raw(vbc_sandbox, b"GET", f"{CALLS}/{call_id}%2Flegs".encode())
    assert answer.status == 404  # not the legs list
    assert answer.json()["message"] == f"No active call '{call_id}/legs'"


def test_the_client_cannot_hang_up_a_leg_through_a_call_id(vbc_sandbox: Sandbox) -> None:
    with vbc_sandbox.client() as client:
        call_id = client.calls.create("self", from_=ALICE, to=BOB)
        leg_id = client.legs.list("self", call_id)[0].leg_id
        with pytest.raises(vbc.NotFoundError, match="No active call"):
            client.calls.delete("self", f"{call_id}/legs/{leg_id}")
        assert leg_id in [leg.leg_id for leg in client.legs.list("self", call_id)]
    deletes = [entry for entry in vbc_sandbox.requests if entry.method == "DELETE"]
    assert [entry.status for entry in deletes] == [404]
    assert "%2Flegs%2F" in deletes[0].path


@pytest.mark.parametrize(
    "account",
    [b"%0A", b"%2F", b"1000%2Fcalls", b"self%2F..", b"%2E%2E", b"%0A%F2%AC%BF%A7%F1%9F%9A%98"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        (b"GET", b"/registration/accounts/{}/devices"),
        (b"POST", b"/cc/accounts/{}/calls"),
        (b"GET", b"/cc/accounts/{}/calls/x/legs"),
    ],
)
def test_any_other_account_is_401_whatever_its_characters(
    vbc_sandbox: Sandbox, account: bytes, method: bytes, path: bytes
) -> None:
    body = b'{"from": {"type": "extension", "destination": "1"}, "to": {"type": "pstn",'
    body += b' "destination": "2"}}'
    answer = _raw(
        vbc_sandbox, method, path.replace(b"{}", account), body if method == b"POST" else b""
    )
    assert answer.status == 401, answer
    assert answer.json()["code"] == "900901"
    assert vbc_sandbox.requests[-1].status == 401
