"""The sandbox through the public client, as a user's tests would drive it: the call flow,
lists, token renewal mid-iteration, a 429 burst ridden out, a dropped call-placing POST that
is not sent again, async."""

from __future__ import annotations

import asyncio
import socket
from datetime import datetime
from typing import Literal

import loopback
import pytest

import vbc_telephony as vbc
from vbc_telephony._server.serving import free_port
from vbc_telephony.testing import Sandbox

ALICE = vbc.Contact.extension("1001")
BOB = vbc.Contact.pstn("15551234567")
CAROL = vbc.Contact.extension("1002")


def test_a_call_from_placing_to_hanging_up(vbc_sandbox: Sandbox) -> None:
    with vbc_sandbox.client() as client:
        call_id = client.calls.create("self", from_=ALICE, to=BOB, type="click2dial")
        assert [call.call_id for call in client.calls.list("self")] == [call_id]
        call = client.calls.get("self", call_id)
        assert (call.status, call.from_, call.to, call.account_id) == (
            "ringing",
            "1001",
            "15551234567",
            "1000",
        )
        assert isinstance(call.start_time, datetime)

        client.calls.answer("self", call_id, to=vbc.Contact.device("2001"))
        leg_id = client.legs.list("self", call_id)[0].leg_id
        assert client.legs.hold("self", call_id, leg_id).call_state == "held"
        assert client.legs.get("self", call_id, leg_id).status == "held"
        with pytest.raises(vbc.ConflictError, match="held already"):
            client.legs.hold("self", call_id, leg_id)
        assert client.legs.unhold("self", call_id, leg_id).call_state == "on-call"
        client.legs.send_dtmf("self", call_id, leg_id, "*123#")
        client.legs.play("self", call_id, leg_id, "https://example.com/hold.wav")
        client.legs.stop_audio("self", call_id, leg_id)
        client.legs.start_recording("self", call_id, leg_id, service="ccr")
        client.legs.stop_recording("self", call_id, leg_id, service="ccr")
        with pytest.raises(vbc.ConflictError):
            client.legs.stop_recording("self", call_id, leg_id, service="ccr")

        client.calls.transfer("self", call_id, from_=ALICE, to=CAROL)
        assert client.calls.get("self", call_id).to == "1002"
        client.calls.park("self", call_id, from_=ALICE)
        assert client.calls.get("self", call_id).status == "parked"

        client.calls.delete("self", call_id)
        with pytest.raises(vbc.NotFoundError):
            client.calls.get("self", call_id)
        assert list(client.calls.list("self")) == []


def test_an_inbound_call_rings_until_the_far_end_answers(vbc_sandbox: Sandbox) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to={"type": "extension", "destination": "1001"})
    with vbc_sandbox.client() as client:
        assert client.calls.get("self", call_id).direction == "inbound"
        vbc_sandbox.answer(call_id)
        assert client.calls.get("self", call_id).status == "on-call"
        vbc_sandbox.hang_up(call_id)
        with pytest.raises(vbc.NotFoundError):
            client.calls.get("self", call_id)
    with pytest.raises(vbc.NotFoundError):
        vbc_sandbox.hang_up(call_id)


@pytest.mark.parametrize("ending", ["busy", "unanswered"])
def test_a_placed_call_the_far_end_rejects_ends_so_and_then_goes(
    vbc_sandbox: Sandbox, ending: Literal["busy", "unanswered"]
) -> None:
    with vbc_sandbox.client() as client:
        call_id = client.calls.create("self", from_=ALICE, to=BOB)
        vbc_sandbox.reject(call_id, ending)
        assert [(c.call_id, c.status) for c in client.calls.list("self")] == [(call_id, ending)]
        legs = client.legs.list("self", call_id)
        assert {leg.status for leg in legs} == {ending}
        with pytest.raises(vbc.ConflictError, match=f"ended {ending}"):
            client.calls.answer("self", call_id, to=vbc.Contact.device("2001"))
        with pytest.raises(vbc.ConflictError, match=f"ended {ending}"):
            client.legs.hold("self", call_id, legs[0].leg_id)
        with pytest.raises(vbc.ConflictError, match=f"ended {ending}"):
            vbc_sandbox.reject(call_id, ending)
        with pytest.raises(vbc.ConflictError, match=f"ended {ending}"):
            vbc_sandbox.answer(call_id)
        vbc_sandbox.advance(vbc_sandbox.config.ended_visible_for)
        with pytest.raises(vbc.NotFoundError):
            client.calls.get("self", call_id)
        assert list(client.calls.list("self")) == []


def test_the_control_api_refuses_an_ending_it_does_not_know(vbc_sandbox: Sandbox) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    with pytest.raises(vbc.BadRequestError, match="state"):
        vbc_sandbox.reject(call_id, "declined")  # type: ignore[arg-type]
    with vbc_sandbox.client() as client:
        assert client.calls.get("self", call_id).status == "ringing"
        vbc_sandbox.reject(call_id, "unanswered")
        client.calls.delete("self", call_id)  # an ended call may still be hung up
        assert list(client.calls.list("self")) == []


def test_blind_and_attended_transfers(vbc_sandbox: Sandbox) -> None:
    with vbc_sandbox.client() as client:
        first = client.calls.create("self", from_=ALICE, to=BOB)
        second = client.calls.create("self", from_=ALICE, to=CAROL)
        for call_id in (first, second):
            client.calls.answer("self", call_id, to=vbc.Contact.device("2001"))
        bob_leg = client.legs.list("self", first)[1].leg_id
        carol_leg = client.legs.list("self", second)[1].leg_id
        client.legs.transfer("self", first, bob_leg, to=vbc.Contact.pstn("15550000000"))
        assert client.calls.get("self", first).to == "15550000000"
        client.legs.transfer("self", first, bob_leg, to=vbc.Contact.leg(carol_leg))
        assert carol_leg in [leg.leg_id for leg in client.legs.list("self", first)]
        alice_leg = client.legs.list("self", second)[0].leg_id
        client.legs.delete("self", second, alice_leg)  # the second call's last leg
        with pytest.raises(vbc.NotFoundError):
            client.calls.get("self", second)


def test_lists_page_filter_and_sort(vbc_sandbox: Sandbox) -> None:
    with vbc_sandbox.client() as client:
        ids = [client.calls.create("self", from_=ALICE, to=BOB) for _ in range(3)]
        other = client.calls.create("self", from_=CAROL, to=BOB)
        newest_first = [call.call_id for call in client.calls.list("self", page_size=2)]
        assert newest_first == [other, *reversed(ids)]
        pages = list(client.calls.list("self", page_size=3, order="asc").pages())
        assert [(page.current_page, page.pages, len(page.items)) for page in pages] == [
            (1, 2, 3),
            (2, 2, 1),
        ]
        assert [c.call_id for c in client.calls.list("self", extension="1002")] == [other]
        later = client.calls.list("self", start_time=datetime(2100, 1, 1).astimezone())
        assert list(later) == []
        devices = list(client.devices.list("self", page_size=1))
        assert len(devices) == 3
        assert client.devices.get("self", devices[0].mac_address) == devices[0]


def test_a_token_that_expires_mid_iteration_is_renewed(vbc_sandbox: Sandbox) -> None:
    with vbc_sandbox.client() as client:
        for _ in range(3):
            client.calls.create("self", from_=ALICE, to=BOB)
        listing = iter(client.calls.list("self", page_size=1))
        next(listing)
        vbc_sandbox.advance(86400)  # the token the client holds has expired
        assert len(list(listing)) == 2
    journal = [(e.path.rsplit("/", 1)[-1], e.body, e.status) for e in vbc_sandbox.requests]
    assert journal[-5:] == [
        ("calls", None, 200),  # page 1
        ("calls", None, 401),  # page 2, with the expired token
        ("token", {"grant_type": "refresh_token"}, 200),
        ("calls", None, 200),  # page 2 again
        ("calls", None, 200),  # page 3
    ]


def test_a_429_burst_is_ridden_out(vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.fail("GET", "/cc/accounts/*/calls", status=429, retry_after=0, count=2)
    with vbc_sandbox.client(max_retries=2) as client:
        assert list(client.calls.list("self")) == []
    statuses = [e.status for e in vbc_sandbox.requests if e.path.endswith("/calls")]
    assert statuses == [429, 429, 200]


def test_a_429_burst_longer_than_the_retries_is_a_rate_limit_error(vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.fail("GET", "/cc/accounts/*/calls", status=429, retry_after=0, count=3)
    with vbc_sandbox.client(max_retries=2) as client, pytest.raises(vbc.RateLimitError) as caught:
        list(client.calls.list("self"))
    assert caught.value.response.headers["retry-after"] == "0"


def test_a_dropped_call_placing_post_is_not_sent_again(vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.fail("POST", "/cc/accounts/*/calls", drop=True)
    with vbc_sandbox.client(max_retries=2) as client:
        with pytest.raises(vbc.APIConnectionError):
            client.calls.create("self", from_=ALICE, to=BOB)
        assert list(client.calls.list("self")) == []
    posts = [e for e in vbc_sandbox.requests if e.method == "POST" and e.path.endswith("/calls")]
    assert len(posts) == 1
    assert posts[0].status is None


def test_a_dropped_get_is_sent_again(vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.fail("GET", "/cc/accounts/*/calls", drop=True)
    with vbc_sandbox.client() as client:
        assert list(client.calls.list("self")) == []
    gets = [e.status for e in vbc_sandbox.requests if e.path.endswith("/calls")]
    assert gets == [None, 200]


def test_a_slow_answer_times_out(vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.fail("GET", "/cc/accounts/*/calls/*", latency_ms=500)
    with (
        vbc_sandbox.client(timeout=0.1, max_retries=0) as client,
        pytest.raises(vbc.APITimeoutError),
    ):
        client.calls.get("self", "any")


def test_the_static_token_works_with_bearer_auth(vbc_sandbox: Sandbox) -> None:
    assert vbc_sandbox.static_token is not None
    with vbc_sandbox.client(auth=vbc.BearerToken(vbc_sandbox.static_token)) as client:
        assert list(client.devices.list("self"))
    with (
        vbc_sandbox.client(auth=vbc.BearerToken("wrong")) as client,
        pytest.raises(vbc.AuthenticationError),
    ):
        list(client.devices.list("self"))


def test_wrong_credentials_are_an_authentication_error(vbc_sandbox: Sandbox) -> None:
    grant = vbc.PasswordGrant(
        "sandbox", "wrong", "sandbox", "sandbox", token_url=vbc_sandbox.token_url
    )
    with vbc_sandbox.client(auth=grant) as client, pytest.raises(vbc.AuthenticationError) as caught:
        list(client.calls.list("self"))
    assert caught.value.code == "invalid_grant"


def test_the_async_client(vbc_sandbox: Sandbox) -> None:
    async def flow() -> list[str]:
        async with vbc_sandbox.async_client() as client:
            call_id = await client.calls.create("self", from_=ALICE, to=BOB)
            legs = await asyncio.gather(*(client.calls.get("self", call_id) for _ in range(5)))
            await client.calls.delete("self", call_id)
            return [call.call_id for call in legs] + [
                c.call_id async for c in client.calls.list("self")
            ]

    call_ids = asyncio.run(flow())
    assert len(call_ids) == 5
    assert len(set(call_ids)) == 1


def test_a_sandbox_takes_its_port_only_when_started() -> None:
    port = free_port()
    sandbox = Sandbox(port=port)
    with socket.socket() as probe:  # the port is still free: no one has bound it
        probe.bind(("127.0.0.1", port))
    with sandbox:
        assert sandbox.server_url == f"http://127.0.0.1:{port}"
        assert loopback.get(sandbox.base_url + "/cc/accounts/self/calls").status_code == 401
    with pytest.raises(RuntimeError, match="not started"):
        sandbox.reset()
