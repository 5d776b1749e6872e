"""No id can make a request reach another path: refused before sending, or kept inside its
own percent-encoded path segment."""

from __future__ import annotations

from urllib.parse import quote, unquote

import httpx
import pytest
from fakes import BASE_URL, PREFIX, TOKEN, Recorder, answer
from hypothesis import given, settings
from hypothesis import strategies as st

import vbc_telephony as vbc

REFUSED_VALUES = ["", ".", "..", " ", "a b", "1234\n", "\x00", "\tx", "x\u200b"]
REFUSED_TYPES = [None, 1.5, True, b"1234", ["1234"]]

ID_ARGUMENTS = {
    "account_id": lambda c, v: c.calls.get(v, "c1"),
    "call_id": lambda c, v: c.calls.get("1234", v),
    "leg_id": lambda c, v: c.legs.hold("1234", "c1", v),
    "mac_address": lambda c, v: c.devices.get("1234", v),
    "account_id of a listing": lambda c, v: list(c.calls.list(v)),
    "the other leg of an attended transfer": lambda c, v: c.legs.transfer(
        "1234", "c1", "l1", to={"type": "leg", "destination": v}
    ),
}


def nothing_sent(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"sent {request.method} {request.url}")


@pytest.mark.parametrize("call", ID_ARGUMENTS.values(), ids=ID_ARGUMENTS.keys())
@pytest.mark.parametrize("value", REFUSED_VALUES, ids=repr)
def test_ids_that_encoding_cannot_contain_are_refused_before_sending(make_client, call, value):
    with pytest.raises(ValueError, match=r"must not|non-blank|printable"):
        call(make_client(nothing_sent), value)


@pytest.mark.parametrize("call", ID_ARGUMENTS.values(), ids=ID_ARGUMENTS.keys())
@pytest.mark.parametrize("value", REFUSED_TYPES, ids=repr)
def test_ids_of_the_wrong_type_are_refused_before_sending(make_client, call, value):
    with pytest.raises(TypeError):
        call(make_client(nothing_sent), value)


@pytest.mark.parametrize("value", ["a/b", "../x", "..%2F..", "?page=2", "#top", "%2e%2e", "a\\b"])
def test_other_ids_stay_inside_their_own_segment(make_client, value):
    recorder = Recorder(answer)
    make_client(recorder).calls.get("1234", value)
    raw_path = recorder.requests[0].url.raw_path.decode()
    assert raw_path == f"{PREFIX}/cc/accounts/1234/calls/{quote(value, safe='')}"


def test_self_and_integer_account_ids_are_accepted(make_client):
    recorder = Recorder(answer)
    client = make_client(recorder)
    client.calls.get("self", "c1")
    client.calls.get(1234, "c1")
    assert recorder.paths == [
        f"{PREFIX}/cc/accounts/self/calls/c1",
        f"{PREFIX}/cc/accounts/1234/calls/c1",
    ]


@settings(max_examples=200, deadline=None)
@given(call_id=st.text(max_size=12))
def test_any_call_id_is_refused_or_stays_in_its_segment(call_id):
    recorder = Recorder(answer)
    with vbc.Telephony(
        base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), transport=httpx.MockTransport(recorder)
    ) as client:
        try:
            client.calls.get("1234", call_id)
        except ValueError:
            assert recorder.requests == []
            return
    raw_path = recorder.requests[0].url.raw_path.decode()
    parent = f"{PREFIX}/cc/accounts/1234/calls/"
    assert raw_path.startswith(parent)
    segment = raw_path[len(parent) :]
    assert "/" not in segment
    assert "?" not in segment
    assert unquote(segment) == call_id
