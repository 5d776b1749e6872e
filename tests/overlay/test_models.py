"""What users get back: str ids and parties (the API sends numbers), aware UTC datetimes (it
sends epoch seconds), states as sent, and read-only views over the generated models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fakes import CALL, DEVICE, json_response
from hypothesis import given
from hypothesis import strategies as st

import vbc_telephony as vbc
from vbc_telephony_api import models as api

WHEN = datetime(2020, 7, 28, 18, 8, 56, tzinfo=UTC)


def call_from(make_client, body: dict) -> vbc.Call:
    return make_client(lambda request: json_response(200, body)).calls.get("1234", "c1")


def test_numbers_for_strings_come_back_as_str(make_client):
    call = call_from(make_client, {**CALL, "call_id": 987, "account_id": 1234, "from": 15551231234})
    assert call.call_id == "987"
    assert call.account_id == "1234"
    assert call.from_ == "15551231234"
    assert call.to == "1001"
    leg = call.legs[0]
    assert (leg.account_id, leg.from_, leg.to) == ("1234", "15551231234", "1001")


def test_strings_stay_strings(make_client):
    call = call_from(make_client, {**CALL, "account_id": "self", "from": "+1 555", "to": "1001"})
    assert (call.account_id, call.from_, call.to) == ("self", "+1 555", "1001")


@pytest.mark.parametrize("sent", [1595959736, "1595959736"])
def test_epoch_seconds_as_numbers_or_digit_strings_are_aware_utc_datetimes(make_client, sent):
    call = call_from(make_client, {**CALL, "start_time": sent, "end_time": sent})
    assert call.start_time == call.end_time == WHEN
    assert call.start_time.tzinfo is UTC


@given(st.integers(0, 253402300799))
def test_any_epoch_second_up_to_year_9999_converts(seconds):
    raw = api.CallLeg.from_dict({"leg_id": "l", "start_time": seconds, "end_time": str(seconds)})
    leg = vbc.Leg(raw)
    assert leg.start_time == leg.end_time == datetime.fromtimestamp(seconds, UTC)


@pytest.mark.parametrize("state", ["on-call", "ringing", "held", "parked", "a-state-from-2030"])
def test_states_are_kept_as_sent_including_unknown_ones(make_client, state):
    call = call_from(make_client, {**CALL, "status": state})
    assert call.status == state


def test_fields_the_server_left_out_read_as_none(make_client):
    call = call_from(make_client, {"call_id": "c1"})
    assert call.call_id == "c1"
    assert call.legs == ()
    for field in ("account_id", "direction", "from_", "to", "status", "start_time", "end_time"):
        assert getattr(call, field) is None


def test_devices_convert_their_nested_times(make_client):
    device = make_client(lambda request: json_response(200, DEVICE)).devices.get("1", "x")
    assert device.mac_address == "79-5C-7D-28-1B-B3"
    assert device.account_id == "1234"
    assert device.device_ip == "150.24.83.17"
    expected = datetime(2020, 7, 28, 11, 57, 1, tzinfo=UTC)
    assert device.last_request == device.last_success == expected
    assert device.registration_last_success == expected
    assert device.provisioned_last_success == device.provisioned_last_request == expected
    bare = vbc.Device(api.Device.from_dict({"mac_address": "m"}))
    assert bare.registration_last_success is None
    assert bare.provisioned_last_request is None


def test_update_answers_convert_too(make_client):
    body = {
        "account_id": 1234,
        "call_id": "c1",
        "leg_id": "l1",
        "call_state": "held",
        "destination": 15551234567,
    }
    updated = make_client(lambda request: json_response(200, body)).legs.hold("1", "c1", "l1")
    assert isinstance(updated, vbc.LegUpdated)
    assert (updated.account_id, updated.leg_id, updated.call_state) == ("1234", "l1", "held")
    assert updated.destination == "15551234567"
    call_updated = vbc.CallUpdated(api.CallUpdated.from_dict({"call_state": "parked"}))
    assert (call_updated.call_state, call_updated.call_id, call_updated.destination) == (
        "parked",
        None,
        None,
    )


def test_views_are_read_only_thin_and_compare_by_content(make_client):
    call = call_from(make_client, CALL)
    assert isinstance(call.raw, api.Call)
    assert call.raw.call_id == CALL["call_id"]
    assert call.raw.additional_properties == {}
    with pytest.raises(AttributeError, match="read-only"):
        call.status = "held"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del call.raw
    with pytest.raises(TypeError, match="unhashable"):
        hash(call)
    assert call == call_from(make_client, CALL)
    assert call != call_from(make_client, {**CALL, "status": "held"})
    assert call != CALL
    assert repr(call).startswith(f"Call(call_id={CALL['call_id']!r}, status='on-call'")


def test_fields_the_spec_does_not_know_stay_reachable_on_raw(make_client):
    call = call_from(make_client, {**CALL, "queue": "sales"})
    assert call.raw["queue"] == "sales"
