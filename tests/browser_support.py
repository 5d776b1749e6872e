"""A real browser for the tests of web pages: Playwright driving Debian's ``chromium``.

Playwright's own browser download does not work on this project's machines, so the browser is
the system's (``make test`` installs it with apt-get when it runs as root). Without it, a test
that asks for ``browser`` fails naming the install commands: it is not skipped.

``browser`` is one Chromium for the test module (a fresh profile, no network of its own:
background services off). ``watched(page)`` records what a page did wrong: console errors,
uncaught exceptions, and requests to any host but loopback, which are also refused.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = (
    "the browser tests need Debian's chromium: run `make test` as root (it installs it), or"
    " `sudo apt-get update && sudo apt-get install -y chromium`"
)
# Flags that work in containers and keep the browser from reaching out on its own.
LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def chromium_path() -> str:
    """The system's Chromium, or a failed test naming how to install it."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(INSTALL_HINT, pytrace=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium for the test module (Playwright gives it a fresh profile), always
    closed.

    Module scope, not session: Playwright's sync API keeps an asyncio loop running in this
    thread while it is open, and every later test of the worker that runs a loop of its own
    (``asyncio.run``, anyio) would fail with "another loop is running"."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need playwright: make test installs it", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=list(LAUNCH_ARGS), headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


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
