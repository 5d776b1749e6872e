"""Recordings: written entry by entry, valid HAR 1.2 JSON once closed, read back as a stream;
a file that is not one is a clear error."""

from __future__ import annotations

import json

import pytest

from vbc_telephony._traffic._exchange import Exchange
from vbc_telephony._traffic._har import Recorder, RecordingError, masked_by_us, read

EXCHANGE = Exchange(
    method="POST",
    url="http://127.0.0.1:4012/t/vbc.prod/telephony/v3/cc/accounts/self/calls?x=1",
    request_headers=(("content-type", "application/json"),),
    request_body='{"to": 1}',
    status=200,
    response_headers=(("content-type", "text/plain"),),
    response_body="call-1",
    started="2026-01-01T00:00:00+00:00",
    time_ms=1.5,
)


def test_a_recording_is_valid_har_and_reads_back_entry_by_entry(tmp_path):
    path = tmp_path / "r.har"
    recorder = Recorder(path, masked=True)
    for _ in range(3):
        recorder.add(EXCHANGE)
    recorder.close()
    document = json.loads(path.read_text())
    assert document["log"]["version"] == "1.2"
    assert document["log"]["creator"]["name"] == "vbc proxy"
    assert len(document["log"]["entries"]) == 3
    read_back = list(read(path))
    assert [e.number for e in read_back] == [1, 2, 3]
    assert read_back[0].request_body == EXCHANGE.request_body
    assert read_back[0].response_body == "call-1"
    assert read_back[0].url == EXCHANGE.url
    assert masked_by_us(path)


def test_an_empty_recording_is_valid(tmp_path):
    path = tmp_path / "empty.har"
    Recorder(path, masked=False).close()
    assert json.loads(path.read_text())["log"]["entries"] == []
    assert list(read(path)) == []
    assert not masked_by_us(path)


@pytest.mark.parametrize(
    "text", ["not json", '{"log": {"entries": [{"request": {}}]}}', '{"log": {"entries": [1]}}']
)
def test_a_file_that_is_not_a_recording_is_a_clear_error(tmp_path, text):
    path = tmp_path / "bad.har"
    path.write_text(text)
    with pytest.raises(RecordingError, match=r"bad\.har"):
        list(read(path))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(RecordingError, match="cannot read"):
        list(read(tmp_path / "nope.har"))
