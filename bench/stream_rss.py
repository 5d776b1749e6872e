"""Benchmark 3's probe, run in a fresh process: resident memory while streaming a listing.

``python stream_rss.py BASE_URL`` lists every call of ``STREAM_ACCOUNT`` through
``client.calls.list``, reading a few fields of each, and prints one JSON object: the
resident set before the first request (imports done, client built), the kernel's
high-water mark (``VmHWM``) after the last call, the largest ``VmRSS`` sampled after each
page, the number of calls and legs read, and the seconds it took.
"""

from __future__ import annotations

import json
import sys
import time

from proc_status import status_kib
from workload import PAGE_SIZE, STREAM_ACCOUNT, touch_typed

import vbc_telephony as vbc


def main(base_url: str) -> None:
    with vbc.Telephony(base_url=base_url, auth=vbc.BearerToken("bench")) as client:
        start = status_kib("VmRSS")
        started = time.perf_counter()
        calls = legs = 0
        sampled = start
        for call in client.calls.list(str(STREAM_ACCOUNT), page_size=PAGE_SIZE):
            legs += touch_typed(call)
            calls += 1
            if calls % PAGE_SIZE == 0:
                sampled = max(sampled, status_kib("VmRSS"))
        seconds = time.perf_counter() - started
        peak = status_kib("VmHWM")
    result = {
        "start_kib": start,
        "peak_kib": peak,
        "sampled_peak_kib": sampled,
        "calls": calls,
        "legs": legs,
        "seconds": seconds,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
