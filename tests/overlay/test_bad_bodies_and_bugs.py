"""A body the client cannot read is ``APIResponseValidationError``; a bug of ours is not.

The server's fault (truncated JSON, wrong types, a missing id) is reported as what it is,
with the response. The same exception classes raised by our own code (a converter, a model
name, ``.raw``, ``Page.raw``) are bugs: they surface as themselves, with their traceback,
instead of blaming the server.
"""

from __future__ import annotations

import httpx
import pytest
from fakes import CALL, CREATED_CALL_ID, answer, json_response

import vbc_telephony as vbc
from vbc_telephony import _calls, _models, _page
from vbc_telephony._generated import CREATE_CALL
from vbc_telephony._page import page_parser
from vbc_telephony._response import parser

EXTENSION = {"type": "extension", "destination": "1234"}
PSTN = {"type": "pstn", "destination": "15551234567"}


BAD_BODIES = {
    "call: truncated JSON": (
        lambda c: c.calls.get("1", "c1"),
        httpx.Response(200, text='{"call_id": "c1", "legs": ['),
    ),
    "call: an HTML page": (
        lambda c: c.calls.get("1", "c1"),
        httpx.Response(200, html="<html>Bad gateway</html>"),
    ),
    "call: legs of the wrong type": (
        lambda c: c.calls.get("1", "c1"),
        json_response(200, {**CALL, "legs": 5}),
    ),
    "call: no id": (lambda c: c.calls.get("1", "c1"), json_response(200, {"status": "ringing"})),
    "created call: not an id": (
        lambda c: c.calls.create("1", from_=EXTENSION, to=PSTN),
        httpx.Response(200, text="<html>oops</html>"),
    ),
    "page: pages of the wrong type": (
        lambda c: list(c.calls.list("1")),
        json_response(200, {"calls": [], "pages": "many"}),
    ),
    "page: not an object": (lambda c: list(c.calls.list("1")), json_response(200, [CALL])),
    "legs: not a list": (lambda c: c.legs.list("1", "c1"), json_response(200, {"legs": []})),
}


@pytest.mark.parametrize(("call", "response"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_body_the_client_cannot_read_is_a_response_validation_error(make_client, call, response):
    client = make_client(lambda request: response, max_retries=0)
    with pytest.raises(vbc.APIResponseValidationError) as caught:
        call(client)
    assert caught.value.response is response


def test_raw_models_of_bad_items_are_response_validation_errors(make_client):
    page = {"calls": [{"call_id": "c1", "legs": "none"}], "current_page": 1, "pages": 1}
    client = make_client(lambda request: json_response(200, page))
    (listed,) = client.calls.list("1").pages()
    with pytest.raises(vbc.APIResponseValidationError, match="call does not match the spec"):
        _ = listed.items[0].raw
    with pytest.raises(vbc.APIResponseValidationError, match="the page does not match") as e:
        _ = listed.raw
    assert e.value.response is listed.http_response


# Our bugs, planted where the server's faults are caught.


def _raise(error: BaseException):
    def broken(*args: object, **kwargs: object) -> object:
        raise error

    return broken


@pytest.mark.parametrize("error", [TypeError("bug"), AttributeError("bug"), ValueError("bug")])
def test_a_converter_that_fails_on_a_good_body_surfaces_as_itself(make_client, monkeypatch, error):
    monkeypatch.setattr(_page, "count", _raise(error))
    client = make_client(answer)
    with pytest.raises(type(error)) as caught:
        list(client.calls.list("1"))
    assert caught.value is error


def test_a_created_call_converter_that_fails_surfaces_as_itself(make_client, monkeypatch):
    error = TypeError("bug")
    monkeypatch.setattr(_calls, "_CREATED", parser(CREATE_CALL, str, _raise(error)))
    with pytest.raises(TypeError) as caught:
        make_client(answer).calls.create("1", from_=EXTENSION, to=PSTN)
    assert caught.value is error


def test_a_views_wrong_model_name_surfaces_as_an_attribute_error(make_client, monkeypatch):
    monkeypatch.setattr(_models.Call, "_model", "Cal")  # a typo of ours
    with pytest.raises(AttributeError, match="'Cal'"):
        make_client(answer).calls.get("1", "c1")  # a single answer builds .raw to check it
    monkeypatch.setattr(_models.Leg, "_model", "CalLeg")
    (call,) = make_client(answer).calls.list("1")  # listed items build .raw when read
    with pytest.raises(AttributeError, match="'CalLeg'"):
        _ = call.legs[0].raw


def test_a_pages_wrong_model_name_surfaces_as_an_attribute_error(make_client, monkeypatch):
    monkeypatch.setattr(_calls, "_CALLS_PAGE", page_parser("CallPage", "calls", vbc.Call._of))
    (page,) = make_client(answer).calls.list("1").pages()
    assert [call.call_id for call in page.items] == [CALL["call_id"]]
    with pytest.raises(AttributeError, match="'CallPage'"):
        _ = page.raw


def test_a_good_created_call_still_parses(make_client):
    assert make_client(answer).calls.create("1", from_=EXTENSION, to=PSTN) == CREATED_CALL_ID
