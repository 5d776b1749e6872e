"""Take the README's screenshot of the sandbox's page: docs/_static/sandbox-page.png.

A sandbox in a thread with a ringing inbound call, an outbound call on-call with a held leg
and some DTMF, a pending fault and a few requests in its journal; the page at 1280x800 in
the browser the tests drive (Debian's chromium through Playwright, tests/browser_support).

    .venv/bin/python tools/screenshot_sandbox_page.py [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import LAUNCH_ARGS, chromium_path  # noqa: E402 - after the path
from playwright.sync_api import sync_playwright  # noqa: E402

import vbc_telephony as vbc  # noqa: E402
from vbc_telephony.sandbox import Sandbox, SandboxConfig  # noqa: E402

OUT = ROOT / "docs" / "_static" / "sandbox-page.png"


def _stage(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        client.calls.list("self")
        call_id = client.calls.create(
            "self", from_=vbc.Contact.extension("1002"), to=vbc.Contact.pstn("15551234567")
        )
        sandbox.answer(call_id)
        legs = client.legs.list("self", call_id)
        client.legs.hold("self", call_id, legs[1].leg_id)
        client.legs.send_dtmf("self", call_id, legs[0].leg_id, "42#")
    sandbox.ring(
        from_={"type": "pstn", "destination": "15557654321"},
        to={"type": "extension", "destination": "1001"},
    )
    sandbox.fail("POST", "/cc/accounts/*/calls", status=503, retry_after=2, count=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out: Path = parser.parse_args().out
    with Sandbox(SandboxConfig(seed=11)) as sandbox, sync_playwright() as playwright:
        _stage(sandbox)
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=LAUNCH_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(sandbox.server_url + "/_sandbox/ui")
            page.wait_for_selector('#connection[data-live="true"]')
            page.wait_for_selector("[data-call-id] >> nth=1")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            browser.close()
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
