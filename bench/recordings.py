"""Benchmark 8: a recording judged offline (``vbc conformance --recording``), as fast as it
reads and in the memory of one entry.

A synthetic recording of an app's sessions is written with the proxy's own recorder
(``Recorder``: harfile, entry by entry): each session of ten exchanges fetches a token,
lists the calls (a page of five, with their legs), places a call, reads it and its legs,
holds a leg, sends DTMF, hangs up, and lists and reads the devices. Two files, of
``SMALL`` and ``LARGE`` exchanges, are each judged in a fresh process
(``recordings_probe.py``: the judge, the HAR streamed with ijson), which reports its
throughput and its peak resident memory above the resident set before the first entry.
Target: the large file at ≥ ``RATE_TARGET`` exchanges/s, and its peak no larger than the
small file's (memory that does not grow with the file).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from result import Result

from vbc_telephony._traffic._exchange import Exchange
from vbc_telephony._traffic._har import Recorder

SMALL = 10_000
LARGE = 100_000
RATE_TARGET = 5_000
# Within this much, two peaks are the same: the allocator's noise, not growth.
RSS_SLACK_MB = 2.0
PROBE = Path(__file__).with_name("recordings_probe.py")
API = "http://127.0.0.1:4012/t/vbc.prod/telephony/v3"
JSON = (("content-type", "application/json"),)
TEXT = (("content-type", "text/plain"),)


def _call(number: int) -> dict[str, object]:
    call_id = f"3fa85f64-5717-4562-b3fc-{number:012d}"
    legs = [
        {
            "leg_id": f"0d0a16ab-a508-4d58-bf24-{number:08d}{side:04d}",
            "call_id": call_id,
            "account_id": 5551000,
            "direction": "outbound",
            "from": 1001,
            "to": 19995550100 + number % 97,
            "status": "on-call",
            "start_time": 1_700_000_000 + number,
        }
        for side in range(2)
    ]
    return {**legs[0], "legs": legs, "call_id": call_id}


def _session(number: int) -> list[Exchange]:
    """Ten exchanges of one app session."""
    calls = [_call(number * 5 + i) for i in range(5)]
    call = calls[0]
    call_id, leg_id = call["call_id"], call["legs"][0]["leg_id"]  # type: ignore[index]
    base = f"{API}/cc/accounts/self/calls"
    page = {"calls": calls, "current_page": 1, "pages": 1, "page_size": 100, "order": "desc"}
    device = {"mac_address": f"38-99-62-93-{number % 256:02X}-A9", "account_id": 5551000,
              "device_ip": "192.0.2.1", "last_request": 1_700_000_000,
              "last_success": 1_700_000_000}  # fmt: skip
    dial = {"from": {"type": "extension", "destination": "1001"},
            "to": {"type": "pstn", "destination": "19995550100"}}  # fmt: skip
    updated = {"account_id": 5551000, "call_id": call_id, "leg_id": leg_id, "call_state": "held"}
    form = (("content-type", "application/x-www-form-urlencoded"),)
    grant = "grant_type=password&username=alice&password=%5Bredacted%5D"
    rows = [
        ("POST", "http://127.0.0.1:4012/token", form, grant, 200, JSON,
         {"access_token": "[redacted]", "expires_in": 86400, "token_type": "Bearer"}),
        ("GET", f"{base}?page_size=100", (), "", 200, JSON, page),
        ("POST", base, JSON, json.dumps(dial), 200, TEXT, call_id),
        ("GET", f"{base}/{call_id}", (), "", 200, JSON, call),
        ("GET", f"{base}/{call_id}/legs", (), "", 200, JSON, call["legs"]),
        ("PUT", f"{base}/{call_id}/legs/{leg_id}", JSON, '{"state": "held"}', 200, JSON, updated),
        ("PUT", f"{base}/{call_id}/legs/{leg_id}", JSON, '{"dtmf": "*123#"}', 200, JSON, updated),
        ("DELETE", f"{base}/{call_id}", (), "", 200, JSON, updated),
        ("GET", f"{API}/registration/accounts/self/devices", (), "", 200, JSON,
         {"devices": [device], "current_page": 1, "pages": 1}),
        ("GET", f"{API}/registration/accounts/self/devices/{device['mac_address']}", (), "",
         200, JSON, device),
    ]  # fmt: skip
    return [
        Exchange(
            method,
            url,
            request_headers,
            body,
            status,
            response_headers,
            answer if isinstance(answer, str) else json.dumps(answer),
            started="2026-01-01T00:00:00+00:00",
            time_ms=3.0,
        )
        for method, url, request_headers, body, status, response_headers, answer in rows
    ]


def write_recording(path: Path, exchanges: int) -> None:
    recorder = Recorder(path, masked=True)
    for number in range(exchanges // 10):
        for exchange in _session(number):
            recorder.add(exchange)
    recorder.close()


def _probe(path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(PROBE), str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def recording_row() -> Result:
    with tempfile.TemporaryDirectory(prefix="vbc-bench-har-") as scratch:
        small, large = Path(scratch) / "small.har", Path(scratch) / "large.har"
        write_recording(small, SMALL)
        write_recording(large, LARGE)
        size_mb = large.stat().st_size / 1e6
        small_run, large_run = _probe(small), _probe(large)
    assert (small_run["exchanges"], large_run["exchanges"]) == (SMALL, LARGE)
    assert large_run["findings"] == 0, large_run
    rate = large_run["exchanges"] / large_run["seconds"]
    small_rate = small_run["exchanges"] / small_run["seconds"]
    grew = large_run["growth_kib"] - small_run["growth_kib"]
    return Result(
        name=f"8. judge a {LARGE:,}-exchange recording offline: rate, peak RSS growth",
        ours=f"{rate:,.0f}/s, +{large_run['growth_kib'] / 1024:.1f} MB",
        baseline=f"{SMALL:,}: {small_rate:,.0f}/s, +{small_run['growth_kib'] / 1024:.1f} MB",
        ratio=f"{rate / RATE_TARGET:.1f}x target",
        target=f"≥ {RATE_TARGET:,}/s, RSS flat",
        passed=rate >= RATE_TARGET and grew <= RSS_SLACK_MB * 1024,
        note=f"8. The {size_mb:.0f} MB recording was judged in {large_run['seconds']:.1f} s"
        f" (every exchange conforming); its peak RSS above start is {grew / 1024:+.1f} MB from"
        f" the {SMALL:,}-exchange file's.",
    )


if __name__ == "__main__":
    print(recording_row())
