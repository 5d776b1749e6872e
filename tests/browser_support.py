"""A real browser for the tests: Playwright (PyPI, pinned in requirements.lock) driving
Debian's ``chromium`` (Playwright's own browser download does not work here).

``make test`` installs both (``make browser``: chromium with apt-get when it is missing and
the user is root). Without chromium, a test that asks for ``browser`` fails at once naming
the install command; it is never skipped.

Fixtures (tests/conftest.py makes them the suite's):

- ``browser``: one headless chromium for a test module, with a fresh profile (not for the
  session: while Playwright's sync API runs, its event loop is the thread's, and every
  ``asyncio.run`` in a later test of another module would fail);
- ``page``: a new page in a fresh context (no cookies, no cache) for one test.

``REBOUND_HOST`` resolves to 127.0.0.1 in that browser, as an attacker's name does after a
DNS rebinding.

Pages the tests need but no server serves are given with ``serve_page(page, url, html)``:
the browser gets ``html`` as the document at ``url``, from any origin, and everything
else the page fetches goes to the network as usual (loopback only, in these tests).

``watched(page)`` records what a page did wrong: console errors, uncaught exceptions, and
requests to any host but loopback, which are also refused.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM_ENV = "VBC_CHROMIUM"
INSTALL_HINT = (
    "the browser tests need Debian's chromium: `apt-get install -y chromium` as root"
    " (make test does it), or set VBC_CHROMIUM to a chromium binary"
)
# A name of "the attacker's" that resolves to 127.0.0.1, as DNS rebinding makes one do.
REBOUND_HOST = "rebound.test"
# What works here: no GPU, no sandbox (root in a container), nothing fetched from anywhere.
LAUNCH_ARGS = [
    f"--host-resolver-rules=MAP {REBOUND_HOST} 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Chromium 14x asks the user before a page may reach loopback from elsewhere (Local
    # Network Access); Firefox and Safari do not, and a user may say yes. Our servers must
    # refuse such requests themselves, so the tests see what those browsers send.
    "--disable-features=LocalNetworkAccessChecks",
]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def chromium_path() -> str:
    """The chromium binary the tests drive, or a test failure naming the install command."""
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        pytest.fail(f"no chromium at {path}: {INSTALL_HINT}", pytrace=False)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless chromium (Playwright's ``Browser``) for the module, always closed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: run make (requirements.lock pins it)")
    executable = chromium_path()
    # launch() gives the browser a fresh temporary profile (--user-data-dir) of its own.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=LAUNCH_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A page in a fresh context, closed after the test."""
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        yield context.new_page()
    finally:
        context.close()


def serve_page(page: object, url: str, html: str) -> None:
    """Make ``url`` answer ``html`` in ``page``'s browser, whatever server is there (none)."""
    page.route(  # type: ignore[attr-defined]
        url, lambda route: route.fulfill(status=200, content_type="text/html", body=html)
    )


@dataclass
class Watched:
    """What went wrong on a page while it was watched."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def watched(page: object) -> Watched:
    """Start recording ``page``'s console errors, uncaught errors and requests; requests to a
    host other than loopback are refused (and recorded)."""
    seen = Watched()

    def on_console(message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            seen.console_errors.append(message.text)  # type: ignore[attr-defined]

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        seen.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            seen.foreign_requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.on("console", on_console)  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))  # type: ignore[attr-defined]
    page.route("**/*", route)  # type: ignore[attr-defined]
    return seen
