"""Fixtures shared by the whole suite, and the summaries printed at its end."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

# Imported before any test runs, so that they stay imported. pytester (the plugin tests, the
# docs' examples) removes from sys.modules whatever was first imported during its test; a test
# after it then imports a second aiohttp, while the package's aiohttp transport (cached) still
# raises the first one's errors and maps them with the second one's classes: a refused
# connection came out as a timeout, and a POST was replayed.
import aiohttp  # noqa: F401
import httpx_aiohttp  # noqa: F401
import pytest
from browser_support import browser, page  # noqa: F401 - the suite's browser fixtures
from spec_tools import ROOT, SPEC_PATH

from vbc_telephony.mock import PrismMock

# schemathesis, the CLI and pytester's runs work in scratch folders, where Hypothesis would
# rebuild its Unicode tables for each process (utf-8's alone takes 1.3 s of CPU): every process
# of the suite shares the checkout's (as the tests run in it already do).
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(ROOT / ".hypothesis"))

_SUMMARY = "vbc-summary"


@pytest.fixture(scope="session")
def prism() -> Iterator[PrismMock]:
    """The project's Prism mock serving openapi.yaml on a free loopback port, for the session."""
    with PrismMock(SPEC_PATH) as mock:
        yield mock


@pytest.fixture
def report_summary(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Record a titled text to print after the test session (e.g. schemathesis's summary).

    It travels with the test's report, so it reaches the terminal from any xdist worker.
    """

    def record(title: str, text: str) -> None:
        request.node.user_properties.append((_SUMMARY, (title, text)))

    return record


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests (marked ``heavy``) first, so that the workers finish together rather
    than one waiting for a long test that started last; then those that mostly wait (marked
    ``waits``: timeouts, back-offs, stalls), whose waits the other workers fill. Last, they
    would leave the cores idle at the end. A stable sort: the rest keep their order.

    A test that uses the session's Prism and has no group of its own joins the ``prism``
    group: on one worker, Prism starts once (1.4 s of CPU) rather than on each worker."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("heavy") is None,
            item.get_closest_marker("waits") is None,
        )
    )
    for item in items:
        if "prism" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "xdist_group"
        ):
            item.add_marker(pytest.mark.xdist_group("prism"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under ``--dist loadgroup`` (``make test``), a test marked ``xdist_group`` carries its
    group in its id, which keeps the group on one worker; otherwise each worker builds the
    group's costly fixture (the docs site, the wheel) again. pytest 9.2 broke that silently
    (pytest-xdist#1386: xdist writes the group into the id, which pytest 9.2 no longer lets
    it change), so a pytest or xdist that breaks it again fails each grouped test here."""
    marks = item.iter_markers("xdist_group")
    groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
    grouping = getattr(item.config.option, "loadgroup", False)  # set in xdist workers only
    if groups and grouping and not item.nodeid.endswith("@" + "_".join(groups)):
        pytest.fail(
            f"--dist loadgroup does not keep group {groups} on one worker"
            " (pytest-xdist#1386): use the pytest and pytest-xdist of requirements.lock",
            pytrace=False,
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for outcome in ("passed", "failed"):
        for report in terminalreporter.getreports(outcome):
            for key, value in report.user_properties:
                if key == _SUMMARY:
                    title, text = value
                    terminalreporter.write_sep("=", title)
                    terminalreporter.write_line(text.rstrip())
