"""What a recording may hold: secrets redacted wherever they stand or are echoed, phone numbers
masked consistently in their own format, extensions and ids kept, and the masked exchange as
valid as the original."""

from __future__ import annotations

import json

from vbc_telephony._traffic._exchange import Exchange
from vbc_telephony._traffic._judge import Judge
from vbc_telephony._traffic._recordings import scrubber_for
from vbc_telephony._traffic._scrub import Scrubber, phone_digits

API = "https://api.vonage.com/t/vbc.prod/telephony/v3"
FORM = (("content-type", "application/x-www-form-urlencoded"),)
JSON = (("content-type", "application/json"),)


def _scrubber() -> Scrubber:
    return scrubber_for(Judge.from_file())


def test_token_grants_and_answers_are_redacted_and_their_echoes_too():
    scrubber = _scrubber()
    grant = Exchange(
        "POST", "https://api.vonage.com/token", FORM,
        "grant_type=password&username=alice&password=pw-SECRET-1&client_id=app"
        "&client_secret=cs-SECRET-2",
        200, JSON, json.dumps({"access_token": "at-SECRET-3", "refresh_token": "rt-SECRET-4"}),
    )  # fmt: skip
    scrubbed = scrubber.exchange(grant)
    text = repr(scrubbed)
    for secret in ("pw-SECRET-1", "cs-SECRET-2", "at-SECRET-3", "rt-SECRET-4"):
        assert secret not in text
    assert "username=alice" in scrubbed.request_body
    assert json.loads(scrubbed.response_body) == {
        "access_token": "[redacted]",
        "refresh_token": "[redacted]",
    }
    echo = Exchange(
        "GET", API + "/cc/accounts/self/calls?token=at-SECRET-3",
        (("Authorization", "Bearer at-SECRET-3"), ("Cookie", "s=1")), "",
        401, JSON, '{"message": "token at-SECRET-3 expired"}',
    )  # fmt: skip
    scrubbed = scrubber.exchange(echo)
    assert "at-SECRET-3" not in repr(scrubbed)
    assert dict(scrubbed.request_headers) == {"Authorization": "[redacted]", "Cookie": "[redacted]"}


def test_phone_numbers_are_masked_consistently_in_their_format():
    scrubber = _scrubber()
    body = {
        "from": 15551234567,
        "to": "+1 (555) 123-4567",
        "legs": [{"from": "15551234567", "to": 1001, "leg_id": "15551234567"}],
        "destination": "442071234567",
    }
    exchange = Exchange(
        "GET", API + "/cc/accounts/5551000/calls?extension=15551234567&start_time=1700000000",
        (), "", 200, JSON, json.dumps(body),
    )  # fmt: skip
    scrubbed = scrubber.exchange(exchange)
    masked = json.loads(scrubbed.response_body)
    assert isinstance(masked["from"], int)
    assert str(masked["from"]) != "15551234567"
    assert len(str(masked["from"])) == 11
    assert masked["legs"][0]["from"] == str(masked["from"])  # the same number, the same mask
    shape = [c if not c.isdigit() else "9" for c in masked["to"]]
    assert "".join(shape) == "+9 (999) 999-9999"
    assert phone_digits(masked["to"]) == str(masked["from"])
    assert masked["legs"][0]["to"] == 1001  # an extension is kept
    assert "15551234567" not in scrubbed.response_body + scrubbed.url
    assert "/accounts/5551000/" in scrubbed.url  # ids are kept
    assert "start_time=1700000000" in scrubbed.url  # so are numeric parameters
    assert f"extension={masked['from']}" in scrubbed.url
    assert masked["legs"][0]["leg_id"] == str(masked["from"])  # an echoed number is masked too


def test_a_masked_exchange_validates_as_the_original_did():
    judge = Judge.from_file()
    call = {"call_id": "c1", "from": 15551234567, "to": "15557654321", "status": "ringing"}
    exchange = Exchange(
        "GET", API + "/cc/accounts/self/calls/c1", (), "", 200, JSON, json.dumps(call)
    )
    assert judge.judge(exchange).findings == ()
    assert judge.judge(scrubber_for(judge).exchange(exchange)).findings == ()


def test_masks_differ_between_files():
    exchange = Exchange("GET", API + "/x", (), "", 200, JSON, '{"to": 15551234567}')
    first, second = (scrubber_for(Judge.from_file()).exchange(exchange) for _ in range(2))
    assert first.response_body != second.response_body


def test_keep_numbers_still_redacts_secrets():
    scrubber = scrubber_for(Judge.from_file(), mask_numbers=False)
    exchange = Exchange(
        "GET", API + "/x", (("Authorization", "Bearer tok-SECRET-99"),), "", 200, JSON,
        '{"to": 15551234567, "message": "tok-SECRET-99"}',
    )  # fmt: skip
    scrubbed = scrubber.exchange(exchange)
    assert "15551234567" in scrubbed.response_body
    assert "tok-SECRET-99" not in repr(scrubbed)
