"""Fixtures shared by the whole suite, and the summaries printed at its end."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from spec_tools import SPEC_PATH

from vbc_telephony.testing._prism import PrismMock

_SUMMARIES = pytest.StashKey[list[tuple[str, str]]]()


@pytest.fixture(scope="session")
def prism() -> Iterator[PrismMock]:
    """The project's Prism mock serving openapi.yaml on a free loopback port, for the session."""
    with PrismMock(SPEC_PATH) as mock:
        yield mock


@pytest.fixture
def report_summary(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Record a titled text to print after the test session (e.g. schemathesis's summary)."""

    def record(title: str, text: str) -> None:
        request.config.stash.setdefault(_SUMMARIES, []).append((title, text))

    return record


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    for title, text in config.stash.get(_SUMMARIES, []):
        terminalreporter.write_sep("=", title)
        terminalreporter.write_line(text.rstrip())
