"""The sandbox's page from the server's side, without a browser: the page and its files are
served under a strict policy and name nothing elsewhere; they and the event stream refuse
other machines and foreign ``Origin``/``Host`` (403, ``Error`` shape); the stream sends the
state on connecting and after each change (a self-answering call too), never shows a
secret, is bounded in number (503 beyond) and ends at once, with a ``stopping`` event, when
the sandbox stops; the control API's tokens are the API's."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import socket
import time
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import loopback
import pytest
from sandbox_support import ALICE, BOB, CALLS, STATIC
from server.raw_http import exchange, is_error_shape

from vbc_telephony._local_servers import SANDBOX_EVENT_STREAMS
from vbc_telephony._server.asgi import ErrorBoundary
from vbc_telephony.sandbox import Sandbox, SandboxConfig
from vbc_telephony.sandbox._http.application import build_app

PAGE = "/_sandbox/ui"
FILES = ["/_sandbox/ui/ui.css", "/_sandbox/ui/ui.js", "/_sandbox/ui/icon.svg"]
EVENTS = "/_sandbox/events"
# Longer than the stream takes to send a change (0.1 s), shorter than its heartbeat (15 s):
# a stream that does not push changes fails here rather than catching up on a heartbeat.
EVENT_WAIT = 8.0


def _port(sandbox: Sandbox) -> int:
    return int(sandbox.server_url.rsplit(":", 1)[1])


class _Parts(HTMLParser):
    """What an HTML document loads, and what it holds inline."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.loads += [value for name, value in attrs if name in ("src", "href") and value]
        if tag == "style" or "style" in named or any(name.startswith("on") for name in named):
            self.inline.append(tag)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append("script")


def test_the_page_and_its_files_are_served_under_a_strict_policy(vbc_sandbox: Sandbox) -> None:
    with loopback.Client(base_url=vbc_sandbox.server_url, timeout=10) as client:
        page = client.get(PAGE)
        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        policy = page.headers["content-security-policy"]
        for rule in ("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"):
            assert rule in policy
        assert "unsafe" not in policy
        assert page.headers["x-frame-options"] == "DENY"
        parts = _Parts()
        parts.feed(page.text)
        assert parts.inline == []  # the policy would block it: every script is a file
        assert sorted(parts.loads) == ["ui/icon.svg", "ui/ui.css", "ui/ui.js"]
        for path in FILES:
            served = client.get(path)
            assert served.status_code == 200, path
            assert served.headers["content-security-policy"] == policy
            if not path.endswith(".svg"):  # an SVG names its XML namespace, and loads nothing
                assert "http://" not in served.text
                assert "https://" not in served.text
        assert client.get("/_sandbox/ui/missing.js").status_code == 404


def test_other_machines_cannot_load_the_page_or_its_stream() -> None:
    app = ErrorBoundary(build_app(SandboxConfig(seed=1)))

    async def from_elsewhere() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 4000))
        # Sent to the server's own address: refused for the client's, not for the Host.
        own = "http://127.0.0.1:4011"
        async with httpx.AsyncClient(transport=transport, base_url=own) as remote:
            # Served, the stream would never end: a time limit makes that a failure.
            async with asyncio.timeout(EVENT_WAIT):
                return [await remote.get(path) for path in (PAGE, *FILES, EVENTS)]

    for answer in asyncio.run(from_elsewhere()):
        assert answer.status_code == 403, answer.request.url
        assert is_error_shape(answer.json(), 403)
        assert "loopback clients only" in answer.json()["message"]


@pytest.mark.parametrize("path", [PAGE, *FILES, EVENTS])
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Host": "evil.example:{port}"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
    ids=["foreign-origin", "null-origin", "rebound-host", "cross-site-fetch"],
)
def test_a_foreign_origin_or_host_is_403(
    vbc_sandbox: Sandbox, path: str, headers: dict[str, str]
) -> None:
    port = _port(vbc_sandbox)
    head = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
    head.update({name: value.format(port=port) for name, value in headers.items()})
    lines = "".join(f"{name}: {value}\r\n" for name, value in head.items())
    answer = exchange(port, f"GET {path} HTTP/1.1\r\n{lines}\r\n".encode("latin-1"))
    assert answer.status == 403
    assert is_error_shape(answer.json(), 403)


class _Stream:
    """An open event stream, read one event at a time."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.iter_lines()

    def next_event(self) -> tuple[str, str]:
        """The next event's name and data (comments and ``retry`` are skipped)."""
        name, data = "message", ""
        for line in self._lines:
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif not line and data:
                return name, data
        raise EOFError("the stream ended")

    def next_state(self) -> dict[str, object]:
        name, data = self.next_event()
        assert name == "state"
        state: dict[str, object] = json.loads(data)
        return state

    def rest(self) -> list[str]:
        return list(self._lines)


@pytest.fixture
def events(vbc_sandbox: Sandbox) -> Iterator[_Stream]:
    with (
        loopback.Client(base_url=vbc_sandbox.server_url, timeout=EVENT_WAIT) as client,
        client.stream("GET", EVENTS) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        yield _Stream(response)


def test_the_stream_sends_the_state_then_each_change(
    vbc_sandbox: Sandbox, events: _Stream, http: httpx.Client
) -> None:
    first = events.next_state()
    assert (first["calls"], first["faults"], first["requests"]) == ([], [], [])
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)  # the control API
    rung = events.next_state()
    assert [call["call_id"] for call in rung["calls"]] == [call_id]  # type: ignore[attr-defined, index]
    assert rung["calls"][0]["status"] == "ringing"  # type: ignore[index]
    vbc_sandbox.answer(call_id)
    assert events.next_state()["calls"][0]["status"] == "on-call"  # type: ignore[index]
    assert http.get(f"{CALLS}/{call_id}").status_code == 200  # the API: journaled
    journaled = events.next_state()["requests"]
    assert [(r["method"], r["status"]) for r in journaled] == [("GET", 200)]  # type: ignore[attr-defined, index]


def test_a_fault_taken_by_a_delayed_request_is_gone_at_once(
    vbc_sandbox: Sandbox, events: _Stream, http: httpx.Client
) -> None:
    events.next_state()
    vbc_sandbox.fail("GET", "/cc/accounts/*/calls", latency_ms=60_000)
    assert len(events.next_state()["faults"]) == 1  # type: ignore[arg-type]
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        held = pool.submit(http.get, CALLS)
        taken = events.next_state()
        assert (taken["faults"], taken["requests"]) == ([], [])  # taken, not yet answered
        vbc_sandbox.reset()  # ends the delay: the held request has no effect
        assert held.result(timeout=EVENT_WAIT).status_code == 503


def test_the_stream_never_shows_a_secret(vbc_sandbox: Sandbox, events: _Stream) -> None:
    events.next_state()
    with vbc_sandbox.client() as client:  # the password grant, then the API
        client.calls.create("self", from_=ALICE, to=BOB)
    token = loopback.post(vbc_sandbox.server_url + "/_sandbox/token", json={}, timeout=10).json()[
        "access_token"
    ]
    loopback.get(vbc_sandbox.base_url + CALLS, headers={"Authorization": f"Bearer {token}"})
    seen = ""
    while '"GET"' not in seen:  # the whole document, up to the last request
        seen = events.next_event()[1]
    for secret in (token, "sandbox-token", *vbc_sandbox.credentials.values()):
        if secret != vbc_sandbox.credentials["username"]:
            assert secret not in seen


def test_a_call_that_answers_itself_is_sent_without_a_request() -> None:
    with (
        Sandbox(SandboxConfig(seed=3, answer_after=0.5)) as sandbox,
        loopback.Client(base_url=sandbox.server_url, timeout=EVENT_WAIT) as client,
        client.stream("GET", EVENTS) as response,
    ):
        stream = _Stream(response)
        stream.next_state()
        sandbox.ring(from_=BOB, to=ALICE)
        assert stream.next_state()["calls"][0]["status"] == "ringing"  # type: ignore[index]
        # No request: the stream renders again when the call is due to answer.
        assert stream.next_state()["calls"][0]["status"] == "on-call"  # type: ignore[index]


def _open_stream(port: int) -> tuple[socket.socket, bytes]:
    """A raw client of the event stream, and the head of the answer it got."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return sock, received


def test_the_streams_open_at_once_are_bounded(vbc_sandbox: Sandbox) -> None:
    port = _port(vbc_sandbox)
    streams: list[socket.socket] = []
    try:
        for _ in range(SANDBOX_EVENT_STREAMS):
            sock, head = _open_stream(port)
            streams.append(sock)
            assert head.startswith(b"HTTP/1.1 200 "), head
        request = f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        refused = exchange(port, request.encode())
        assert refused.status == 503
        assert is_error_shape(refused.json(), 503)
        assert "at most 32 event streams" in refused.json()["message"]  # type: ignore[index]
        streams.pop().close()  # a tab closes: its slot is free again
        deadline = time.monotonic() + 10
        while True:
            sock, head = _open_stream(port)
            streams.append(sock)
            if head.startswith(b"HTTP/1.1 200 ") or time.monotonic() > deadline:
                break
            streams.pop().close()
            time.sleep(0.05)
        assert head.startswith(b"HTTP/1.1 200 "), head
    finally:
        for sock in streams:
            sock.close()


def test_stopping_the_sandbox_ends_its_streams_at_once() -> None:
    sandbox = Sandbox(SandboxConfig(seed=4)).start()
    try:
        with (
            loopback.Client(base_url=sandbox.server_url, timeout=EVENT_WAIT) as client,
            client.stream("GET", EVENTS) as response,
            concurrent.futures.ThreadPoolExecutor(1) as pool,
        ):
            stream = _Stream(response)
            stream.next_state()
            started = time.monotonic()
            stopped = pool.submit(sandbox.stop)
            name, _ = stream.next_event()
            rest = stream.rest()  # the stream ends, whole: no cut connection
            stopped.result(timeout=30)
            took = time.monotonic() - started
    finally:
        sandbox.stop()
    assert name == "stopping"
    assert rest == []
    # uvicorn would wait 2 s for the stream, then cut it; ended by the sandbox, it is at once.
    assert took < 10


def test_the_control_api_issues_tokens_the_api_takes(
    vbc_sandbox: Sandbox, control: httpx.Client
) -> None:
    issued = control.post("/token", json={})
    assert issued.status_code == 201
    assert issued.headers["cache-control"] == "no-store"
    body = issued.json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 86400)
    bearer = {"Authorization": "Bearer " + body["access_token"]}
    assert loopback.get(vbc_sandbox.base_url + CALLS, headers=bearer).status_code == 200
    assert control.post("/token", json={"scope": "x"}).status_code == 400
    as_text = {"Content-Type": "text/plain"}
    assert control.post("/token", content=b"{}", headers=as_text).status_code == 415
    control.post("/reset")
    assert loopback.get(vbc_sandbox.base_url + CALLS, headers=bearer).status_code == 401
    assert loopback.get(vbc_sandbox.base_url + CALLS, headers=STATIC).status_code == 200
