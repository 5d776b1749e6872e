"""What the proxy does with each exchange once the app has its answer.

Scrub it (secrets redacted; phone numbers masked unless told to keep them), judge the
scrubbed exchange (so that no finding quotes a secret or a number), count it, append it to
the recording, and say each finding the run has not seen before as one line:
``vbc: drift: GET /cc/accounts/{account_id}/calls/{call_id}: response_schema_conformance at
status: …``. ``close`` completes the recording, writes the reports, names every finding again
with how often it was seen, and gives the exit status: 1 if there was any finding.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TextIO

from .._traffic._exchange import Exchange
from .._traffic._findings import Tally
from .._traffic._har import Recorder
from .._traffic._judge import Judge
from .._traffic._recordings import scrubber_for


class TrafficObserver:
    """Scrubs, judges, records and reports the exchanges of one proxy run."""

    def __init__(
        self,
        *,
        record: Path | None = None,
        report: Path | None = None,
        junit_xml: Path | None = None,
        keep_numbers: bool = False,
        out: TextIO = sys.stderr,
    ) -> None:
        self._judge = Judge.from_file()
        self._scrubber = scrubber_for(self._judge, mask_numbers=not keep_numbers)
        self.tally = Tally(self._judge.labels)
        self._recorder = None if record is None else Recorder(record, masked=not keep_numbers)
        self._report = report
        self._junit_xml = junit_xml
        self._out = out
        self._lock = threading.Lock()
        self._closed = False

    def _say(self, line: str) -> None:
        self._out.write(line + "\n")
        self._out.flush()

    def observe(self, exchange: Exchange) -> None:
        with self._lock:
            if self._closed:
                return
            scrubbed = self._scrubber.exchange(exchange)
            if self._recorder is not None:
                self._recorder.add(scrubbed)
            number = self.tally.exchanges + 1
            verdict = self._judge.judge(scrubbed)
            self.tally.count(verdict.operation if verdict.is_api else None, scrubbed.status)
            for finding in self.tally.add(verdict.findings, number):
                self._say(f"vbc: drift: {finding.line()}")

    def note(self, line: str) -> None:
        """A line on stderr, scrubbed (the upstream's failure may quote what it was sent)."""
        self._say(self._scrubber.text(line))

    def close(self) -> int:
        """Complete the recording, write the reports; 1 if anything was found, else 0."""
        with self._lock:
            if self._closed:
                return 1 if self.tally.findings else 0
            self._closed = True
            if self._recorder is not None:
                self._recorder.close()
        tally = self.tally
        title = "Traffic through vbc proxy, against openapi.yaml"
        if self._report is not None:
            preamble = [f"{tally.exchanges} exchanges.", ""]
            self._report.write_text(tally.markdown(title, preamble), encoding="utf-8")
        if self._junit_xml is not None:
            self._junit_xml.write_text(tally.junit("vbc proxy"), encoding="utf-8")
        for seen in tally.seen:
            times = f" ({seen.count} time{'s' if seen.count != 1 else ''})"
            self._say(f"vbc: drift: {seen.finding.line()}{times}")
        recorded = "" if self._recorder is None else f", recorded in {self._recorder.path}"
        self._say(
            f"vbc: proxy: {tally.exchanges} exchanges{recorded};"
            f" {len(tally.findings)} finding(s); {len(tally.not_exercised())} of"
            f" {len(tally.answers)} operations not exercised"
        )
        return 1 if tally.findings else 0
