"""The facts the client checks arguments against are the spec's: when openapi.yaml changes a
pattern or a bound, these fail until ``vbc_telephony._validate`` (and ``_constants``) follow."""

from __future__ import annotations

import re

import pytest
from spec_tools import spec

from vbc_telephony import _constants, _validate


def _schemas() -> dict:
    return spec()["components"]["schemas"]


def _parameter(name: str) -> dict:
    return spec()["components"]["parameters"][name]["schema"]


def test_dtmf_digits_follow_send_dtmf():
    dtmf = _schemas()["SendDtmf"]["properties"]["dtmf"]
    assert dtmf["pattern"] == _validate.DTMF_PATTERN
    assert dtmf["maxLength"] == _validate.DTMF_MAX_LENGTH


@pytest.mark.parametrize("parameter", ["StartTime", "EndTime"])
def test_epoch_bounds_follow_the_time_filters(parameter):
    schema = _parameter(parameter)
    assert (schema["minimum"], schema["maximum"]) == (_constants.EPOCH_MIN, _constants.EPOCH_MAX)


def test_the_page_size_minimum_follows_page_size():
    assert _parameter("PageSize")["minimum"] == _validate.PAGE_SIZE_MIN


def test_the_audio_url_rule_follows_play_audio():
    stream_url = _schemas()["PlayAudio"]["properties"]["stream_url"]
    assert stream_url["pattern"] == _validate.AUDIO_URL_PATTERN
    assert stream_url["format"] == "uri"  # an absolute URL, which _validate.url requires


@pytest.mark.parametrize(
    ("value", "accepted"),
    [("https://x.test/a.wav", True), ("http://x.test/a", True), ("ftp://x.test/a", False)],
)
def test_the_client_and_the_spec_agree_on_audio_urls(value, accepted):
    pattern = _schemas()["PlayAudio"]["properties"]["stream_url"]["pattern"]
    assert bool(re.match(pattern, value)) is accepted
    try:
        _validate.audio_url(value)
    except ValueError:
        assert not accepted
    else:
        assert accepted


@pytest.mark.parametrize(
    ("digits", "accepted"), [("*123#", True), ("abcd", True), ("12E", False), ("1" * 65, False)]
)
def test_the_client_and_the_spec_agree_on_dtmf(digits, accepted):
    schema = _schemas()["SendDtmf"]["properties"]["dtmf"]
    in_spec = bool(re.fullmatch(schema["pattern"], digits)) and len(digits) <= schema["maxLength"]
    assert in_spec is accepted
    try:
        _validate.dtmf(digits)
    except ValueError:
        assert not accepted
    else:
        assert accepted


def test_the_spec_version_the_client_reports_is_openapi_yaml_s():
    assert spec()["info"]["version"] == _constants.SPEC_VERSION
