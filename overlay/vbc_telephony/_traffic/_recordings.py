"""Recordings judged against a spec: one file for ``vbc conformance --recording``, every file
of a folder for ``make vendor-update``.

A recording ``vbc proxy`` made is already scrubbed; any other (a browser's, schemathesis's)
is scrubbed as it is read, so that no secret or phone number of it reaches a report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._findings import Finding, Tally
from ._har import masked_by_us, read
from ._judge import Judge
from ._scrub import Scrubber

# Non-conforming exchanges named in the vendor-update report; the rest are counted.
_NAMED = 50


def scrubber_for(judge: Judge, *, mask_numbers: bool = True) -> Scrubber:
    """A scrubber that knows the spec's ids and numeric query parameters."""
    return Scrubber(
        mask_numbers=mask_numbers,
        id_segments=judge.id_segments,
        numeric_query=judge.numeric_query,
    )


def judge_file(
    path: Path, judge: Judge, *, on_finding: Callable[[Finding], None] = lambda finding: None
) -> Tally:
    """Every exchange of the recording at ``path`` judged; ``on_finding`` for each new one."""
    scrubber = None if masked_by_us(path) else scrubber_for(judge)
    tally = Tally(judge.labels)
    for exchange in read(path):
        if scrubber is not None:
            exchange = scrubber.exchange(exchange)
        verdict = judge.judge(exchange)
        tally.count(verdict.operation if verdict.is_api else None, exchange.status)
        for finding in tally.add(verdict.findings, exchange.number):
            on_finding(finding)
    return tally


@dataclass(frozen=True)
class RecordingsVerdict:
    """Recorded traffic against a spec: how many exchanges, and those that do not conform
    (``file #n METHOD path: finding``)."""

    exchanges: int = 0
    nonconforming: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "exchanges": self.exchanges,
            "nonconforming": len(self.nonconforming),
            "named": self.nonconforming[:_NAMED],
            "errors": self.errors,
        }


def check_recordings(spec: Path, folder: Path) -> RecordingsVerdict | None:
    """Every ``*.har`` under ``folder`` judged against the spec at ``spec``; None when there
    is no recording."""
    recordings = sorted(folder.glob("**/*.har")) if folder.is_dir() else []
    if not recordings:
        return None
    judge = Judge.from_file(spec)
    exchanges, nonconforming, errors = 0, [], []
    for path in recordings:
        name = path.relative_to(folder).as_posix()
        try:
            scrubber = None if masked_by_us(path) else scrubber_for(judge)
            for exchange in read(path):
                exchanges += 1
                if scrubber is not None:
                    exchange = scrubber.exchange(exchange)
                verdict = judge.judge(exchange)
                if verdict.findings:
                    first = verdict.findings[0].line()
                    nonconforming.append(f"{name} #{exchange.number}: {first}")
        except ValueError as exc:  # RecordingError: a file that is not a HAR recording
            errors.append(str(exc))
    return RecordingsVerdict(exchanges, nonconforming, errors)
