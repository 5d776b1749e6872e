"""The sandbox's page in a real browser (Playwright driving chromium): what the sandbox does
shows up without a reload, and what is clicked in the page is done to the sandbox, as the
API then says; it loads nothing from anywhere but the sandbox, logs no error, fits a
360 px screen and works from the keyboard alone.

Every test opens the page through ``_open``, which records each request the browser makes
and each error it logs; each test ends by checking both (``Watch.clean``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import loopback
import pytest
from sandbox_support import ALICE, BOB, CALLS

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

# One worker runs them one after another: one browser for the module.
pytestmark = pytest.mark.xdist_group("browser")

# The page shows a change within a fraction of a second; generous for a loaded machine, and
# shorter than the event stream's 15 s heartbeat, so that a page that is not pushed to fails.
SHOWN_WITHIN_MS = 8_000
ACTED_WITHIN = 8.0
UNAUTHORIZED = "Failed to load resource: the server responded with a status of 401 (Unauthorized)"

T = TypeVar("T")


@dataclass
class Watch:
    """What the browser did while a test had ``page`` open."""

    page: Any
    hosts: set[str] = field(default_factory=set)
    documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def clean(self, *expected: str) -> None:
        """Nothing loaded from anywhere but the sandbox, and no error logged but the
        ``expected`` ones (chromium logs every answer >= 400 to a fetch)."""
        # The browser's events reach us only while Playwright is waiting on it.
        self.page.wait_for_timeout(200)
        for _ in range(50):
            if len(self.errors) >= len(expected):
                break
            self.page.wait_for_timeout(100)
        assert self.hosts == {"127.0.0.1"}
        assert self.errors == list(expected)


def _open(page: Any, sandbox: Sandbox, *, width: int = 1280, height: int = 800) -> Watch:
    watch = Watch(page)

    def requested(request: Any) -> None:
        watch.hosts.add(urlsplit(request.url).hostname or request.url)
        if request.resource_type == "document":
            watch.documents.append(request.url)

    page.on("request", requested)
    page.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(sandbox.server_url + "/_sandbox/ui")
    page.wait_for_selector('#connection[data-live="true"]', timeout=SHOWN_WITHIN_MS)
    return watch


def _call(page: Any, call_id: str) -> Any:
    return page.locator(f'[data-call-id="{call_id}"]')


def _button(scope: Any, name: str) -> Any:
    return scope.get_by_role("button", name=name, exact=True)


def _eventually(check: Callable[[], T], within: float = ACTED_WITHIN) -> T:
    """``check()``'s value once it stops failing (the page's request is in flight)."""
    deadline = time.monotonic() + within
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _an_update_arrives(page: Any, sandbox: Sandbox) -> None:
    """A change elsewhere (the sandbox's clock moved), and the page shown again with it."""
    clock = page.locator("#clock")
    before = clock.text_content()
    sandbox.advance(3600)
    _eventually(lambda: _assert_changed(clock.text_content(), before))


def _assert_changed(now: object, before: object) -> None:
    assert now != before, now


def _status_is(client: vbc.Telephony, call_id: str, status: str) -> None:
    assert client.calls.get("self", call_id).status == status


def _leg_statuses(client: vbc.Telephony, call_id: str) -> list[str]:
    return [leg.status for leg in client.legs.list("self", call_id)]


def test_a_call_rung_through_the_control_api_appears_without_a_reload(
    vbc_sandbox: Sandbox, page: Any
) -> None:
    watch = _open(page, vbc_sandbox)
    assert page.locator("[data-call-id]").count() == 0
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    call = _call(page, call_id)
    call.wait_for(timeout=SHOWN_WITHIN_MS)
    assert call_id in call.inner_text()
    assert "ringing" in call.inner_text()
    assert "from pstn 15551234567 to extension 1001" in call.inner_text()
    assert call.locator("[data-leg-id]").count() == 2
    vbc_sandbox.hang_up(call_id)
    call.wait_for(state="detached", timeout=SHOWN_WITHIN_MS)
    assert len(watch.documents) == 1  # never reloaded
    watch.clean()


def test_answer_hold_and_hang_up_in_the_page_act_on_the_api(
    vbc_sandbox: Sandbox, page: Any
) -> None:
    watch = _open(page, vbc_sandbox)
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    call = _call(page, call_id)
    with vbc_sandbox.client() as client:
        _button(call, "Answer").click(timeout=SHOWN_WITHIN_MS)
        _eventually(lambda: _status_is(client, call_id, "on-call"))
        first_leg = call.locator("[data-leg-id]").first
        leg_id = first_leg.get_attribute("data-leg-id")
        _button(first_leg, "Hold").click(timeout=SHOWN_WITHIN_MS)
        _eventually(lambda: _assert_equal(client.legs.get("self", call_id, leg_id).status, "held"))
        # The clock moves past the page's token's expiry (and the client's: it renews its
        # own): the page sees it and gets a new token before it acts.
        vbc_sandbox.advance(86400)
        page.locator("#clock-ahead").filter(has_text="+86400 s").wait_for(timeout=SHOWN_WITHIN_MS)
        _button(first_leg, "Unhold").click(timeout=SHOWN_WITHIN_MS)
        _eventually(lambda: _assert_equal(_leg_statuses(client, call_id), ["on-call"] * 2))
        first_leg.get_by_text("Keypad").click()
        _button(first_leg, "DTMF 5").click()
        _button(first_leg, "DTMF #").click()
        puts = _eventually(lambda: _puts(vbc_sandbox, 2))
        assert puts == [
            ({"state": "held"}, 200),
            ({"state": "active"}, 200),
            ({"dtmf": "5"}, 200),
            ({"dtmf": "#"}, 200),
        ]
        first_leg.get_by_text("DTMF sent: 5#").wait_for(timeout=SHOWN_WITHIN_MS)
        _button(call, "Hang up").click(timeout=SHOWN_WITHIN_MS)
        _eventually(lambda: _assert_equal(list(client.calls.list("self")), []))
    call.wait_for(state="detached", timeout=SHOWN_WITHIN_MS)
    watch.clean()


@pytest.mark.parametrize(("label", "ending"), [("Busy", "busy"), ("No answer", "unanswered")])
def test_a_ringing_call_rejected_in_the_page_ends_so_and_goes_when_its_time_is_up(
    vbc_sandbox: Sandbox, page: Any, label: str, ending: str
) -> None:
    watch = _open(page, vbc_sandbox)
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    call = _call(page, call_id)
    with vbc_sandbox.client() as client:
        _button(call, label).click(timeout=SHOWN_WITHIN_MS)
        _eventually(lambda: _status_is(client, call_id, ending))
    page.locator(f'[data-call-id="{call_id}"][data-status="{ending}"]').wait_for(
        timeout=SHOWN_WITHIN_MS
    )
    # Ended: only Hang up is left, on the call; its legs take nothing (no DTMF, no hold).
    for gone in ("Answer", "Busy", "No answer", "Hold", "Unhold"):
        assert all(button.is_hidden() for button in _button(call, gone).all())
    assert all(keypad.is_hidden() for keypad in call.locator(".keypad-box").all())
    assert call.locator(".keypad-box").count() == 2
    assert _button(call, "Hang up").is_visible()
    assert [leg.get_attribute("data-status") for leg in call.locator(".leg .badge").all()] == [
        ending
    ] * 2
    vbc_sandbox.advance(vbc_sandbox.config.ended_visible_for)
    call.wait_for(state="detached", timeout=SHOWN_WITHIN_MS)
    watch.clean()


def test_after_a_reset_the_page_gets_a_new_token_and_acts_once(
    vbc_sandbox: Sandbox, page: Any
) -> None:
    watch = _open(page, vbc_sandbox)
    first = vbc_sandbox.ring(from_=BOB, to=ALICE)
    vbc_sandbox.answer(first)
    _button(_call(page, first).locator("[data-leg-id]").first, "Hold").click()
    page.get_by_role("status").filter(has_text="Held leg").wait_for(timeout=SHOWN_WITHIN_MS)
    vbc_sandbox.reset()  # by a test, say: the page's token is gone, and it cannot know
    second = vbc_sandbox.ring(from_=BOB, to=ALICE)
    vbc_sandbox.answer(second)
    _button(_call(page, second).locator("[data-leg-id]").first, "Hold").click(
        timeout=SHOWN_WITHIN_MS
    )
    puts = _eventually(lambda: _puts(vbc_sandbox, 0, ending=200))
    assert puts == [({"state": "held"}, 401), ({"state": "held"}, 200)]
    watch.clean(UNAUTHORIZED)


def _assert_equal(actual: object, expected: object) -> None:
    assert actual == expected


def _puts(
    sandbox: Sandbox, dtmfs: int, *, ending: int | None = None
) -> list[tuple[object, int | None]]:
    """The PUTs to legs in the journal (body, status), once it holds ``dtmfs`` DTMFs and
    the last one answered ``ending`` (when given)."""
    puts = [(e.body, e.status) for e in sandbox.requests if e.method == "PUT" and "/legs" in e.path]
    assert len([body for body, _ in puts if "dtmf" in str(body)]) >= dtmfs
    assert ending is None or (puts and puts[-1][1] == ending)
    return puts


def test_a_call_an_app_places_appears_and_the_journal_shows_its_post(
    vbc_sandbox: Sandbox, page: Any
) -> None:
    watch = _open(page, vbc_sandbox)
    with vbc_sandbox.client() as client:
        call_id = client.calls.create(
            "self", from_=vbc.Contact.extension("1001"), to=vbc.Contact.pstn("15551234567")
        )
    call = _call(page, call_id)
    call.wait_for(timeout=SHOWN_WITHIN_MS)
    assert "outbound" in call.inner_text()
    journal = page.locator("#journal tr")
    placed = journal.filter(has_text="/t/vbc.prod/telephony/v3/cc/accounts/self/calls")
    placed.filter(has_text="POST").first.wait_for(timeout=SHOWN_WITHIN_MS)
    assert placed.filter(has_text="POST").first.locator("td").nth(3).inner_text() == "200"
    assert journal.filter(has_text="/token").count() == 1  # the client's login
    page.get_by_label("Filter").fill("post calls")
    assert [row.locator("td").nth(1).inner_text() for row in journal.all()] == ["POST"]
    page.get_by_label("Filter").fill("no such request")
    assert journal.count() == 0
    watch.clean()


def test_ring_faults_clock_and_reset_from_the_page(
    vbc_sandbox: Sandbox, page: Any, http: httpx.Client
) -> None:
    watch = _open(page, vbc_sandbox)
    page.get_by_label("From", exact=True).fill("15550001111")
    page.get_by_label("To type").select_option("device")
    page.get_by_label("To", exact=True).fill("0004f2aabbcc")
    _button(page, "Ring").click()
    ringing = _eventually(lambda: _one(http.get(CALLS).json()["calls"]))
    assert (ringing["direction"], ringing["from"], ringing["to"]) == (
        "inbound",
        15550001111,
        "0004f2aabbcc",
    )
    _call(page, ringing["call_id"]).wait_for(timeout=SHOWN_WITHIN_MS)

    page.get_by_label("Method").select_option("GET")
    page.get_by_label("Status").fill("429")
    page.get_by_label("Count").fill("2")
    _button(page, "Set fault").click()
    faults = _eventually(lambda: _one(_control(vbc_sandbox, "faults")["faults"]))
    assert (faults["method"], faults["status"], faults["left"]) == ("GET", 429, 2)
    page.locator("#faults li").filter(has_text="answer 429").wait_for(timeout=SHOWN_WITHIN_MS)
    _button(page, "Clear faults").click()
    _eventually(lambda: _assert_equal(_control(vbc_sandbox, "faults")["faults"], []))

    page.get_by_label("Advance by (seconds)").fill("3600")
    _button(page, "Advance clock").click()
    page.locator("#clock-ahead").filter(has_text="+3600 s").wait_for(timeout=SHOWN_WITHIN_MS)
    later = http.get(f"{CALLS}/{vbc_sandbox.ring(from_=BOB, to=ALICE)}").json()["start_time"]
    assert later > time.time() + 3500  # the sandbox's clock moved, not only the page's

    _button(page, "Reset").click()
    _eventually(lambda: _assert_equal(http.get(CALLS).json()["calls"], []))
    page.locator("#no-calls").wait_for(timeout=SHOWN_WITHIN_MS)
    assert page.locator("[data-call-id]").count() == 0
    watch.clean()


def _one(items: list[Any]) -> Any:
    assert len(items) == 1, items
    return items[0]


def _control(sandbox: Sandbox, path: str) -> Any:
    return loopback.get(f"{sandbox.server_url}/_sandbox/{path}", timeout=10).json()


def _busy_sandbox(sandbox: Sandbox) -> None:
    """A ringing call, a call on-call with a held leg, a fault and some journal."""
    sandbox.ring(from_={"type": "pstn", "destination": "+44 20 7946 0958"}, to=ALICE)
    with sandbox.client() as client:
        call_id = client.calls.create("self", from_=vbc.Contact.extension("1002"), to=BOB)
        sandbox.answer(call_id)
        leg = client.legs.list("self", call_id)[0]
        client.legs.hold("self", call_id, leg.leg_id)
    sandbox.fail("POST", "/cc/accounts/*/calls", status=503, count=3, latency_ms=250)


def test_the_page_fits_a_360_px_screen(vbc_sandbox: Sandbox, page: Any) -> None:
    _busy_sandbox(vbc_sandbox)
    watch = _open(page, vbc_sandbox, width=360, height=740)
    page.locator('[data-call-id][data-status="on-call"]').wait_for(timeout=SHOWN_WITHIN_MS)
    page.locator("#faults li").first.wait_for(timeout=SHOWN_WITHIN_MS)
    for keypad in page.locator("details.keypad-box:not([hidden]) summary").all():
        keypad.click()  # the widest part, open
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360
    watch.clean()


def test_the_keyboard_alone_answers_and_holds(vbc_sandbox: Sandbox, page: Any) -> None:
    watch = _open(page, vbc_sandbox)
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    call = _call(page, call_id)
    call.wait_for(timeout=SHOWN_WITHIN_MS)
    answer = _button(call, "Answer")
    for _ in range(40):
        page.keyboard.press("Tab")
        if answer.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Answer button")
    outline = answer.evaluate("button => getComputedStyle(button).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    with vbc_sandbox.client() as client:
        _eventually(lambda: _status_is(client, call_id, "on-call"))
        # The Answer button is gone; the answered call keeps the focus, and Tab goes on to
        # its buttons, not back to the page's top.
        hold = _button(call.locator("[data-leg-id]").first, "Hold")
        hold.wait_for(timeout=SHOWN_WITHIN_MS)
        assert call.evaluate("call => call === document.activeElement")
        # Later updates (here the clock's) keep the focus where it is.
        _an_update_arrives(page, vbc_sandbox)
        assert call.evaluate("call => call === document.activeElement")
        for _ in range(10):
            page.keyboard.press("Tab")
            if hold.evaluate("button => button === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the Hold button")
        _an_update_arrives(page, vbc_sandbox)
        assert hold.evaluate("button => button === document.activeElement")
        page.keyboard.press("Space")
        _eventually(lambda: _assert_equal(_leg_statuses(client, call_id)[0], "held"))
    watch.clean()
