"""A row of ``make bench``'s table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One row of the table, and what it needs said beneath it."""

    name: str
    ours: str
    baseline: str
    ratio: str
    target: str
    passed: bool
    note: str
