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
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

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
