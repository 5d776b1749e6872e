"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vbc_telephony._prism import PrismMock

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"


@pytest.fixture(scope="session")
def prism() -> Iterator[PrismMock]:
    """The project's Prism mock serving openapi.yaml on a free loopback port, for the session."""
    with PrismMock(SPEC_PATH) as mock:
        yield mock
