"""Bad arguments raise a TypeError or ValueError that names them, before anything is sent."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
from fakes import TOKEN, Recorder, answer

import vbc_telephony as vbc

EXT = {"type": "extension", "destination": "1234"}
PSTN = {"type": "pstn", "destination": "15551234567"}


def nothing_sent(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"sent {request.method} {request.url}")


def _create(**overrides):
    return lambda c: c.calls.create("1234", **{"from_": EXT, "to": PSTN, **overrides})


def _list(**filters):
    return lambda c: list(c.calls.list("1234", **filters))


BAD_CALLS = [
    # contacts
    ("from_ missing a key", _create(from_={"type": "extension"}), ValueError, "from_"),
    ("from_ with an unknown key", _create(from_={**EXT, "number": 1}), ValueError, "number"),
    ("from_ of a type it cannot be", _create(from_=PSTN), ValueError, "from_ type"),
    ("to of an unknown type", _create(to={**PSTN, "type": "sip"}), ValueError, "to type"),
    ("a destination of None", _create(to={**PSTN, "destination": None}), TypeError, "to"),
    ("a blank destination", _create(to={**PSTN, "destination": " "}), ValueError, "to"),
    ("a negative destination", _create(to={**PSTN, "destination": -1}), ValueError, "to"),
    ("a bool destination", _create(to={**PSTN, "destination": True}), TypeError, "to"),
    ("a contact as a str", _create(to="15551234567"), TypeError, "to"),
    ("an unknown call type", _create(type="robocall"), ValueError, "type"),
    # call updates
    (
        "an unknown state",
        lambda c: c.calls.update("1", "c", state="held", from_=EXT),
        ValueError,
        "state",
    ),
    ("answer without to", lambda c: c.calls.update("1", "c", state="active"), ValueError, "to"),
    ("park without from_", lambda c: c.calls.update("1", "c", state="parked"), ValueError, "from_"),
    ("transfer without to", lambda c: c.calls.update("1", "c", from_=EXT), ValueError, "to"),
    (
        "a call contact of type feature_code",
        lambda c: c.calls.answer("1", "c", to={"type": "feature_code", "destination": "*9"}),
        ValueError,
        "to type",
    ),
    # leg actions
    ("empty digits", lambda c: c.legs.send_dtmf("1", "c", "l", ""), ValueError, "digits"),
    ("a letter past D", lambda c: c.legs.send_dtmf("1", "c", "l", "12E"), ValueError, "digits"),
    ("65 digits", lambda c: c.legs.send_dtmf("1", "c", "l", "1" * 65), ValueError, "digits"),
    ("digits as an int", lambda c: c.legs.send_dtmf("1", "c", "l", 123), TypeError, "digits"),
    ("an ftp audio url", lambda c: c.legs.play("1", "c", "l", "ftp://x/a.wav"), ValueError, "url"),
    ("a relative audio url", lambda c: c.legs.play("1", "c", "l", "a.wav"), ValueError, "url"),
    ("a script url", lambda c: c.legs.play("1", "c", "l", "javascript:x()"), ValueError, "url"),
    ("an audio url as bytes", lambda c: c.legs.play("1", "c", "l", b"https://x"), TypeError, "url"),
    (
        "a transfer to a blank leg",
        lambda c: c.legs.transfer("1", "c", "l", to={"type": "leg", "destination": ""}),
        ValueError,
        "to",
    ),
    (
        "a transfer to a feature code",
        lambda c: c.legs.transfer("1", "c", "l", to={"type": "feature_code", "destination": "*9"}),
        ValueError,
        "to type",
    ),
    (
        "an unknown recording service",
        lambda c: c.legs.start_recording("1", "c", "l", service="xyz"),
        ValueError,
        "service",
    ),
    (
        "a recording service of None",
        lambda c: c.legs.stop_recording("1", "c", "l", service=None),
        TypeError,
        "service",
    ),
    # listing filters
    ("an unknown order", _list(order="up"), ValueError, "order"),
    ("page_size 0", _list(page_size=0), ValueError, "page_size"),
    ("page_size as a str", _list(page_size="10"), TypeError, "page_size"),
    ("page_size True", _list(page_size=True), TypeError, "page_size"),
    ("negative max_items", _list(max_items=-1), ValueError, "max_items"),
    ("a naive start_time", _list(start_time=datetime(2020, 1, 1)), ValueError, "start_time"),
    ("a negative end_time", _list(end_time=-1), ValueError, "end_time"),
    ("a start_time as a str", _list(start_time="1595959736"), TypeError, "start_time"),
    ("start after end", _list(start_time=20, end_time=10), ValueError, "start_time"),
    ("a blank extension", _list(extension=" "), ValueError, "extension"),
    (
        "a devices order of None-ish",
        lambda c: list(c.devices.list("1", order="DESC")),
        ValueError,
        "order",
    ),
    # per-call options
    ("timeout 0", lambda c: c.calls.get("1", "c", timeout=0), ValueError, "timeout"),
    ("a negative timeout", lambda c: c.calls.get("1", "c", timeout=-1), ValueError, "timeout"),
    ("a timeout as a str", lambda c: c.calls.get("1", "c", timeout="5"), TypeError, "timeout"),
    ("negative retries", lambda c: c.calls.get("1", "c", max_retries=-1), ValueError, "retries"),
    ("fractional retries", lambda c: c.calls.get("1", "c", max_retries=1.5), TypeError, "retries"),
]


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [case[1:] for case in BAD_CALLS],
    ids=[case[0] for case in BAD_CALLS],
)
def test_bad_arguments_are_refused_before_anything_is_sent(make_client, call, error, names):
    with pytest.raises(error, match=names):
        call(make_client(nothing_sent))


@pytest.mark.anyio
async def test_async_methods_refuse_bad_arguments_at_the_call(make_async_client):
    client = make_async_client(nothing_sent)
    with pytest.raises(ValueError, match="digits"):
        client.legs.send_dtmf("1", "c", "l", "no")  # raised before there is anything to await
    with pytest.raises(ValueError, match="page_size"):
        client.calls.list("1", page_size=0)


def test_contacts_are_accepted_as_dicts_and_as_contact_objects(make_client):
    recorder = Recorder(answer)
    client = make_client(recorder)
    client.calls.create("1", from_=vbc.Contact("extension", 1234), to=vbc.Contact.pstn(15551234))
    client.calls.create("1", from_={"destination": "*72", "type": "feature_code"}, to=EXT)
    client.calls.transfer("1", "c", from_=vbc.Contact.device("d1"), to=vbc.Contact.extension(1))
    assert [recorder.body(i) for i in range(3)] == [
        {
            "from": {"type": "extension", "destination": 1234},
            "to": {"type": "pstn", "destination": 15551234},
        },
        {"from": {"type": "feature_code", "destination": "*72"}, "to": EXT},
        {
            "from": {"type": "device", "destination": "d1"},
            "to": {"type": "extension", "destination": 1},
        },
    ]


def test_the_optional_parts_of_answer_and_park_are_sent_when_given(make_client):
    recorder = Recorder(answer)
    client = make_client(recorder)
    client.calls.answer("1", "c", to=vbc.Contact.device("d1"), from_=EXT)
    client.calls.park("1", "c", from_=EXT, to=vbc.Contact.extension("7000"))
    assert recorder.body(0) == {
        "state": "active",
        "to": {"type": "device", "destination": "d1"},
        "from": EXT,
    }
    assert recorder.body(1) == {
        "state": "parked",
        "from": EXT,
        "to": {"type": "extension", "destination": "7000"},
    }


@pytest.mark.parametrize(
    ("arguments", "error", "names"),
    [
        ({"base_url": "ftp://api.test"}, ValueError, "base_url"),
        ({"base_url": "api.vonage.com/t/vbc.prod"}, ValueError, "base_url"),
        ({"base_url": "https://user:secret@api.test"}, ValueError, "credentials"),
        ({"base_url": "https://api.test/v3?x=1"}, ValueError, "query"),
        ({"base_url": 5}, TypeError, "base_url"),
        ({"auth": TOKEN}, TypeError, "BearerToken"),
        ({"auth": ("user", "password")}, TypeError, "auth"),
        ({"timeout": None}, TypeError, "timeout"),
        ({"timeout": 0}, ValueError, "timeout"),
        ({"max_retries": -1}, ValueError, "max_retries"),
        ({"max_retries": "2"}, TypeError, "max_retries"),
    ],
    ids=lambda value: repr(value)[:40] if isinstance(value, dict) else None,
)
def test_bad_client_settings_are_refused(arguments, error, names):
    with pytest.raises(error, match=names) as caught:
        vbc.Telephony(**arguments)
    assert "secret" not in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_an_http_client_of_the_other_kind_or_with_a_transport_is_refused():
    with httpx.Client() as sync_http:
        with pytest.raises(TypeError, match="http_client"):
            vbc.AsyncTelephony(http_client=sync_http)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="transport"):
            vbc.Telephony(http_client=sync_http, transport=httpx.MockTransport(answer))


def test_the_async_client_checks_its_settings_the_same_way():
    with pytest.raises(ValueError, match="max_retries"):
        vbc.AsyncTelephony(max_retries=-2)
    with pytest.raises(TypeError, match="auth"):
        vbc.AsyncTelephony(auth=TOKEN)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "error"),
    [(("pstn", None), TypeError), ((5, "1"), TypeError), (("pstn", "\n"), ValueError)],
)
def test_a_contact_checks_itself(arguments, error):
    with pytest.raises(error, match="contact"):
        vbc.Contact(*arguments)
