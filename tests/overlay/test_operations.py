"""Each method sends what the spec says, with the client's auth and settings, and returns its
typed result: sync, async and raw."""

from __future__ import annotations

import inspect

import httpx
import pytest
from fakes import (
    BASE_URL,
    CREATED_CALL_ID,
    OPERATION_IDS,
    OPERATIONS,
    PREFIX,
    TOKEN,
    Operation,
    Recorder,
    answer,
)

import vbc_telephony as vbc
from vbc_telephony._constants import MAX_RETRIES_EXTENSION, REPLAY_EXTENSION, USER_AGENT
from vbc_telephony._replay import Replay


def _check_sent(recorder: Recorder, operation: Operation) -> None:
    (request,) = recorder.requests
    assert request.method == operation.method
    assert request.url.path == PREFIX + operation.path
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    if operation.body is None:
        assert request.content == b""
    else:
        assert recorder.body() == operation.body
        assert request.headers["Content-Type"] == "application/json"


def _check_result(result: object, operation: Operation) -> None:
    if operation.result is None:
        assert result is None
    else:
        assert isinstance(result, operation.result)
    if operation.name == "calls.create":
        assert result == CREATED_CALL_ID


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_each_method_sends_its_request_and_returns_its_result(make_client, operation):
    recorder = Recorder(answer)
    result = operation.call(make_client(recorder))
    _check_sent(recorder, operation)
    _check_result(result, operation)


@pytest.mark.anyio
@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
async def test_each_async_method_sends_the_same_request(make_async_client, operation):
    recorder = Recorder(answer)
    async with make_async_client(recorder) as client:
        result = await operation.call(client)
    _check_sent(recorder, operation)
    _check_result(result, operation)


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_with_raw_response_gives_the_http_response_and_parses_on_demand(make_client, operation):
    recorder = Recorder(answer)
    raw = operation.call(make_client(recorder).with_raw_response)
    assert isinstance(raw, vbc.RawResponse)
    assert raw.status_code == raw.http_response.status_code in (200, 204)
    assert raw.headers is raw.http_response.headers
    _check_result(raw.parse(), operation)


@pytest.mark.anyio
async def test_async_raw_response(make_async_client):
    async with make_async_client(Recorder(answer)) as client:
        raw = await client.with_raw_response.calls.create(
            "1234",
            from_={"type": "extension", "destination": 1},
            to={"type": "pstn", "destination": 1},
        )
    assert raw.http_response.text == CREATED_CALL_ID
    assert raw.parse() == CREATED_CALL_ID


def test_every_request_carries_the_default_timeouts_and_its_replay_mark():
    recorder = Recorder(answer)
    with vbc.Telephony(
        base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), transport=httpx.MockTransport(recorder)
    ) as client:
        client.calls.get("1234", "c1")
    (request,) = recorder.requests
    assert request.extensions["timeout"] == {
        "connect": 5.0,
        "read": 30.0,
        "write": 30.0,
        "pool": 10.0,
    }
    # The count of retries is the transport's; the request says whether it is safe to repeat.
    assert MAX_RETRIES_EXTENSION not in request.extensions
    assert request.extensions[REPLAY_EXTENSION] is Replay.SAFE
    assert request.headers["User-Agent"] == USER_AGENT


def test_per_call_timeout_and_retries_override_the_clients(make_client):
    recorder = Recorder(answer)
    client = make_client(recorder, timeout=12, max_retries=4)
    client.calls.get("1234", "c1")
    client.calls.get("1234", "c1", timeout=httpx.Timeout(1.0, connect=0.5), max_retries=0)
    first, second = recorder.requests
    assert first.extensions["timeout"]["read"] == 12
    assert MAX_RETRIES_EXTENSION not in first.extensions  # the transport's 4
    assert second.extensions["timeout"] == {"connect": 0.5, "read": 1.0, "write": 1.0, "pool": 1.0}
    assert second.extensions[MAX_RETRIES_EXTENSION] == 0


def test_base_url_path_prefix_is_kept_and_a_trailing_slash_is_harmless():
    recorder = Recorder(answer)
    client = vbc.Telephony(
        base_url=BASE_URL + "/",
        auth=vbc.BearerToken(TOKEN),
        transport=httpx.MockTransport(recorder),
    )
    client.devices.get("self", "AA-BB")
    assert str(recorder.requests[0].url) == (
        "https://api.test/t/vbc.prod/telephony/v3/registration/accounts/self/devices/AA-BB"
    )


def test_methods_keep_their_names_signatures_and_docs():
    client = vbc.Telephony(auth=vbc.BearerToken(TOKEN))
    method = client.legs.send_dtmf
    assert method.__name__ == "send_dtmf"
    assert "DTMF" in (method.__doc__ or "")
    assert "digits" in str(inspect.signature(method))
    assert client.legs.send_dtmf is method  # bound once per client, then a plain attribute
