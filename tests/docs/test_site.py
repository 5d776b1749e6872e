"""The docs site: ``make docs`` builds it with no warning, its reference has every public name,
and in a real browser the reference and the search work with nothing loaded from elsewhere.

The site is built once (``make docs`` into a temporary folder, the command users run) and
served on 127.0.0.1 for the browser tests. Set ``DOCS_SCREENSHOTS`` to a folder to keep the
browser's screenshots there (the committed ones are in docs/_static/).
"""

from __future__ import annotations

import functools
import http.server
import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import threading
import time
import typing
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import watched
from docs_examples import ROOT

import vbc_telephony as vbc

pytestmark = pytest.mark.xdist_group("docs-site")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The site as ``make docs`` builds it, and how long that took (seconds)."""
    out = tmp_path_factory.mktemp("site")
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    started = time.monotonic()
    result = subprocess.run(
        ["make", "--no-print-directory", "docs", f"DOCS_OUT={out}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, f"make docs failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return out, elapsed


@pytest.mark.heavy
def test_make_docs_builds_the_site_with_no_warning(
    site: tuple[Path, float], report_summary: Callable[[str, str], None]
) -> None:
    out, elapsed = site
    for page in ("index", "quickstart", "reference/clients", "reference/errors", "deviations"):
        assert (out / f"{page}.html").is_file(), page
    report_summary("docs", f"make docs built the site in {elapsed:.1f} s")


# The reference: every public name, read from the package here, is in the site's inventory.


def _inventory(out: Path) -> dict[str, str]:
    """The site's objects.inv: each documented Python name and the page it is on."""
    data = (out / "objects.inv").read_bytes()
    body = zlib.decompress(data.split(b"\n", 4)[4]).decode()
    entries = {}
    for line in body.splitlines():
        match = re.match(r"(\S+) (py:\w+) -?\d+ (\S+)", line)
        if match:
            entries[match[1]] = match[3]
    return entries


def _public_modules() -> Iterator[object]:
    yield vbc
    for info in pkgutil.walk_packages(vbc.__path__, "vbc_telephony."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def _public_names(module: object) -> list[str]:
    exported = getattr(module, "__all__", None)
    if exported is not None:
        return list(exported)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (
            getattr(value, "__module__", None) == module.__name__  # type: ignore[attr-defined]
            or type(value).__name__ == "FixtureFunctionDefinition"
        )
        and not isinstance(value, type(pytest) | typing.TypeVar)
    ]


def test_every_public_name_is_in_the_reference(site: tuple[Path, float]) -> None:
    """Each public object is documented under one of the names that export it (a re-export
    is not documented twice)."""
    inventory = _inventory(site[0])
    names_of: dict[int, list[str]] = {}
    for module in _public_modules():
        for name in _public_names(module):
            dotted = f"{module.__name__}.{name}"  # type: ignore[attr-defined]
            names_of.setdefault(id(getattr(module, name)), []).append(dotted)
    missing = [names for names in names_of.values() if not set(names) & set(inventory)]
    assert missing == []
    assert len(names_of) > 30  # the walk found the package's names


def test_the_clients_resources_and_their_methods_are_in_the_reference(
    site: tuple[Path, float],
) -> None:
    """``client.calls`` and the rest, and every method of each with every parameter it takes
    (read from the code: a renamed argument changes the page)."""
    from bs4 import BeautifulSoup

    inventory = _inventory(site[0])
    page = BeautifulSoup((site[0] / "reference/resources.html").read_text(), "html.parser")
    client = vbc.Telephony(auth=vbc.BearerToken("t"))
    for attribute in ("calls", "legs", "devices"):
        assert f"vbc_telephony.Telephony.{attribute}" in inventory
        assert f"vbc_telephony.AsyncTelephony.{attribute}" in inventory
        resource = getattr(client, attribute)
        home = f"{type(resource).__module__}.{type(resource).__qualname__}"
        methods = [name for name in vars(type(resource)) if not name.startswith("_")]
        assert methods
        for method in methods:
            assert f"{home}.{method}" in inventory, f"{attribute}.{method}"
            signature = page.find("dt", id=f"{home}.{method}").get_text()
            for parameter in inspect.signature(getattr(resource, method)).parameters:
                assert parameter in signature, f"{attribute}.{method}({parameter}=…)"
    client.close()


# In a real browser, over HTTP on loopback.


@pytest.fixture(scope="session")
def served(site: tuple[Path, float]) -> Iterator[str]:
    """The built site on a free loopback port, for the session; stopped after it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _screenshot(page: object, name: str) -> None:
    directory = os.environ.get("DOCS_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / name), full_page=False)  # type: ignore[attr-defined]


def _assert_clean(seen: object) -> None:
    assert seen.console_errors == []  # type: ignore[attr-defined]
    assert seen.page_errors == []  # type: ignore[attr-defined]
    assert seen.foreign_requests == []  # type: ignore[attr-defined]
    assert seen.requests  # type: ignore[attr-defined]  # the watch saw the page load


def test_the_reference_page_of_telephony_lists_its_resources(
    browser: object, served: str, site: tuple[Path, float]
) -> None:
    page_of = _inventory(site[0])["vbc_telephony.Telephony"].split("#")[0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    seen = watched(page)
    try:
        page.goto(f"{served}/{page_of}#vbc_telephony.Telephony", wait_until="load")
        telephony = page.locator('dl.py.class:has(> dt[id="vbc_telephony.Telephony"])')
        listed = telephony.locator("dd dl.py > dt").evaluate_all(
            "nodes => nodes.map(node => node.id)"
        )
        for resource in ("calls", "legs", "devices"):
            assert f"vbc_telephony.Telephony.{resource}" in listed
            assert page.locator(f'dt[id="vbc_telephony.Telephony.{resource}"]').is_visible()
        _screenshot(page, "reference-telephony.png")
        _assert_clean(seen)
    finally:
        page.close()


def test_the_search_finds_rate_limit_error(browser: object, served: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    seen = watched(page)
    try:
        page.goto(f"{served}/search.html?q=RateLimitError", wait_until="load")
        result = page.locator('#search-results a[href*="vbc_telephony.RateLimitError"]').first
        result.wait_for(state="visible", timeout=20_000)
        assert "RateLimitError" in result.inner_text()
        _screenshot(page, "search-rate-limit-error.png")
        result.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("#vbc_telephony.RateLimitError")
        assert page.locator('dt[id="vbc_telephony.RateLimitError"]').is_visible()
        _assert_clean(seen)
    finally:
        page.close()
