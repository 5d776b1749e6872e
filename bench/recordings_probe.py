"""Benchmark 8's probe, in a fresh process: one recording judged as ``vbc conformance
--recording`` judges it; prints the exchanges, findings, seconds, and the peak resident
memory (``VmHWM``) above the resident set once the judge was built."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from proc_status import status_kib

from vbc_telephony._traffic._judge import Judge
from vbc_telephony._traffic._recordings import judge_file


def main(path: Path) -> None:
    judge = Judge.from_file()
    start = status_kib("VmRSS")
    started = time.perf_counter()
    tally = judge_file(path, judge)
    seconds = time.perf_counter() - started
    peak = status_kib("VmHWM")
    print(
        json.dumps(
            {
                "exchanges": tally.exchanges,
                "findings": len(tally.findings),
                "seconds": seconds,
                "peak_kib": peak,
                "growth_kib": peak - start,
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
