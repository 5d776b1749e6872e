"""Contacts as TYPE:DESTINATION and times as epoch seconds or ISO 8601."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from vbc_telephony import Contact
from vbc_telephony.cli._params import contact, moment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extension:1234", Contact("extension", "1234")),
        ("pstn:15551234567", Contact("pstn", "15551234567")),
        (" device : 42 ", Contact("device", "42")),
        # Only the first colon separates: a leg id or a SIP-like destination keeps the rest.
        ("leg:a:b", Contact("leg", "a:b")),
    ],
)
def test_contact_is_type_colon_destination(text, expected):
    assert contact(text) == expected


@pytest.mark.parametrize("text", ["1234", "extension", "extension:", ":1234", " : ", "pstn:\t"])
def test_a_contact_without_both_parts_is_a_usage_error(text):
    with pytest.raises(typer.BadParameter, match="TYPE:DESTINATION"):
        contact(text)


def test_a_contact_destination_must_be_printable():
    with pytest.raises(typer.BadParameter, match="printable"):
        contact("pstn:1\x002")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", datetime(1970, 1, 1, tzinfo=UTC)),
        ("1714557600", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T12:00:00+02:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01", datetime(2024, 5, 1).astimezone(UTC)),
        ("2024-05-01T10:00", datetime(2024, 5, 1, 10).astimezone(UTC)),
    ],
)
def test_time_takes_epoch_seconds_and_iso_8601(text, expected):
    parsed = moment(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize("text", ["yesterday", "", "-5", "1.5", "2024-13-01", "१२३"])
def test_anything_else_is_a_usage_error(text):
    with pytest.raises(typer.BadParameter, match="epoch seconds"):
        moment(text)


def test_an_epoch_beyond_any_calendar_is_a_usage_error():
    with pytest.raises(typer.BadParameter, match="out of range"):
        moment("9" * 30)


_moments = st.datetimes(
    min_value=datetime(1970, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone.min]),
).map(lambda when: when.replace(microsecond=0))


@settings(max_examples=50)
@given(_moments)
def test_an_iso_time_and_its_epoch_seconds_mean_the_same_moment(when):
    assert moment(when.isoformat()) == when
    assert moment(str(int(when.timestamp()))) == when
