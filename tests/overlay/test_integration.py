"""Every public method against the Prism mock of openapi.yaml, sync and async.

Prism validates each request against the spec (a body or parameter the spec does not allow
is a 400) and answers with the spec's examples, so this checks both directions.
"""

from __future__ import annotations

import loopback
import pytest
from fakes import OPERATION_IDS, OPERATIONS

import vbc_telephony as vbc
from vbc_telephony._transports import default_async_transport

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def client(prism):
    with vbc.Telephony(base_url=prism.base_url, auth=vbc.BearerToken("any-token")) as client:
        yield client


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
def test_each_method_is_accepted_by_the_mock(client, operation):
    result = operation.call(client)
    if operation.result is None:
        assert result is None
    else:
        assert isinstance(result, operation.result)


@pytest.mark.anyio
@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
async def test_each_async_method_is_accepted_by_the_mock(prism, operation, transport):
    async with vbc.AsyncTelephony(
        base_url=prism.base_url,
        auth=vbc.BearerToken("t"),
        transport=loopback.AsyncHTTPTransport()
        if transport == "httpx"
        else default_async_transport(),
    ) as client:
        result = await operation.call(client)
    if operation.result is None:
        assert result is None
    else:
        assert isinstance(result, operation.result)


def test_the_examples_come_back_typed(client):
    call = client.calls.get("self", "3fa85f64-5717-4562-b3fc-2c963f66afa6")
    assert (call.account_id, call.from_, call.to, call.status) == (
        "1234",
        "15551231234",
        "1001",
        "on-call",
    )
    assert call.start_time is not None
    assert call.start_time.tzinfo is not None
    assert call.legs[0].leg_id == "0d0a16ab-a508-4d58-bf24-5dc3cb248f3e"
    assert (
        client.calls.create(
            "self", from_=vbc.Contact.extension("1234"), to=vbc.Contact.pstn("15551234567")
        )
        == "e2610a31-88be-4f12-90c0-ee98dbfaf80b"
    )


def test_listings_end_on_the_mocks_single_page(client):
    calls = list(client.calls.list("1234", order="desc", extension="1001", page_size=10))
    assert [call.call_id for call in calls] == ["3fa85f64-5717-4562-b3fc-2c963f66afa6"]
    (page,) = client.devices.list("self", order="asc", start_time=0, end_time=1595959736).pages()
    assert (page.current_page, page.pages) == (1, 1)
    assert page.items[0].mac_address == "79-5C-7D-28-1B-B3"


@pytest.mark.anyio
async def test_async_listings_and_raw_responses(prism):
    async with vbc.AsyncTelephony(base_url=prism.base_url, auth=vbc.BearerToken("t")) as client:
        calls = [call async for call in client.calls.list("1234")]
        devices = [device async for device in client.devices.list("self", max_items=5)]
        raw = await client.with_raw_response.legs.hold("1234", "c1", "l1")
    assert len(calls) == len(devices) == 1
    assert raw.status_code == 200
    assert raw.parse().call_state == "held"


def test_raw_responses(client):
    raw = client.with_raw_response.calls.delete("1234", "c1")
    assert raw.http_response.headers["content-type"].startswith("application/json")
    assert raw.parse().call_id == "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def test_the_mock_refuses_a_request_without_credentials(prism):
    with (
        vbc.Telephony(base_url=prism.base_url) as anonymous,
        pytest.raises(vbc.AuthenticationError) as caught,
    ):
        anonymous.calls.get("1234", "c1")
    assert caught.value.code == "900901"
