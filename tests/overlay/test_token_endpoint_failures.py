"""Through the public client against the sandbox: when the token endpoint fails, the error
names it and says the API request was not sent; a failure worth retrying is retried, since
a token request is safe to repeat. Sync and async, with the password grant."""

from __future__ import annotations

import pytest
from against_sandbox import ALICE, BOB, CALLS, PREFIX

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

TOKEN = "/token"
NOT_SENT = f"the API request (POST {CALLS}) was not sent"


def _token_statuses(sandbox: Sandbox) -> list[int | None]:
    return [entry.status for entry in sandbox.requests if entry.path == TOKEN]


def _api_requests(sandbox: Sandbox) -> list[object]:
    return [entry for entry in sandbox.requests if entry.path.startswith(PREFIX)]


def _place_call(client: vbc.Telephony) -> str:
    return client.calls.create("self", from_=ALICE, to=BOB)


def test_a_token_endpoint_that_drops_connections_is_named_and_no_call_is_placed(vbc_sandbox):
    vbc_sandbox.fail("POST", TOKEN, drop=True, count=3)
    with vbc_sandbox.client(max_retries=2) as client, pytest.raises(vbc.APIConnectionError) as e:
        _place_call(client)
    message = str(e.value)
    assert message.startswith("the token endpoint (POST /token) failed: RemoteProtocolError")
    assert message.endswith(NOT_SENT)
    assert "may have happened" not in message
    assert _token_statuses(vbc_sandbox) == [None, None, None]  # retried: safe to repeat
    assert _api_requests(vbc_sandbox) == []


@pytest.mark.anyio
async def test_async_a_token_endpoint_that_drops_connections_is_named(vbc_sandbox):
    vbc_sandbox.fail("POST", TOKEN, drop=True, count=3)
    async with vbc_sandbox.async_client(max_retries=2) as client:
        with pytest.raises(vbc.APIConnectionError) as e:
            await client.calls.create("self", from_=ALICE, to=BOB)
    assert str(e.value).startswith("the token endpoint (POST /token) failed")
    assert str(e.value).endswith(NOT_SENT)
    assert _api_requests(vbc_sandbox) == []


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_a_token_endpoint_that_is_busy_once_is_retried(vbc_sandbox, status):
    vbc_sandbox.fail("POST", TOKEN, status=status, retry_after=0, count=1)
    with vbc_sandbox.client() as client:
        assert _place_call(client)
    assert _token_statuses(vbc_sandbox) == [status, 200]
    assert [entry.status for entry in _api_requests(vbc_sandbox)] == [200]


@pytest.mark.parametrize(
    ("status", "error", "reason"),
    [
        (503, vbc.InternalServerError, "503 Service Unavailable"),
        (404, vbc.NotFoundError, "404 Not Found"),
    ],
)
def test_a_token_endpoint_error_keeps_its_type_and_names_the_endpoint(
    vbc_sandbox, status, error, reason
):
    vbc_sandbox.fail("POST", TOKEN, status=status, retry_after=0, count=10)
    with vbc_sandbox.client(max_retries=1) as client, pytest.raises(error) as caught:
        _place_call(client)
    message = caught.value.message
    assert message.startswith(f"the token endpoint (POST /token) answered {reason} (")
    assert message.endswith(NOT_SENT)
    assert caught.value.status_code == status
    assert _token_statuses(vbc_sandbox) == [status] * (2 if status == 503 else 1)
    assert _api_requests(vbc_sandbox) == []


@pytest.mark.anyio
async def test_async_a_token_endpoint_404_is_named(vbc_sandbox):
    vbc_sandbox.fail("POST", TOKEN, status=404, count=1)
    async with vbc_sandbox.async_client() as client:
        with pytest.raises(vbc.NotFoundError) as caught:
            await client.calls.create("self", from_=ALICE, to=BOB)
    assert caught.value.message.startswith("the token endpoint (POST /token) answered 404")
    assert _api_requests(vbc_sandbox) == []


def test_a_token_renewal_that_fails_after_a_401_says_the_request_was_not_sent_again(vbc_sandbox):
    with vbc_sandbox.client() as client:
        client.calls.list("self").pages().__next__()  # a token, in use
        vbc_sandbox.advance(86400 * 2)  # it expires at the sandbox, not yet by our clock
        vbc_sandbox.fail("POST", TOKEN, status=404, count=10)
        with pytest.raises(vbc.NotFoundError) as caught:
            client.calls.get("self", "no-such-call")
    path = f"{PREFIX}/cc/accounts/self/calls/no-such-call"
    assert caught.value.message.endswith(f"GET {path}, refused with 401, was not sent again")
