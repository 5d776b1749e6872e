"""Fixtures of the traffic tools' tests: the fake live gateway, and the CLI's helpers."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The CLI's test helpers (secret markers, the installed script).
sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
sys.path.insert(0, str(Path(__file__).parents[1] / "testing"))

from live_gateway import RunningGateway


@pytest.fixture
def gateway() -> Iterator[RunningGateway]:
    """A fresh fake of the live gateway (its sandbox, seed 7) on free loopback ports."""
    with RunningGateway() as running:
        yield running
