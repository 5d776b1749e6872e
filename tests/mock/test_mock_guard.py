"""The guarded mock survives what a fuzzer or a busy CI sends: every request gets an HTTP
answer, nothing Prism cannot handle reaches it, the guard is never a proxy to anywhere else,
and a Prism that dies anyway is started again."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import loopback
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prism_tools import prism_pids
from server.load import burst
from server.raw_http import MALFORMED, RawAnswer, exchange, is_error_shape
from spec_tools import SPEC_PATH

from vbc_telephony._server.limits import MAX_BODY_BYTES, MAX_JSON_DEPTH
from vbc_telephony._server.serving import BackgroundServer, PortInUseError, free_port
from vbc_telephony.mock import PrismMock, PrismUnavailableError, _foreground, _prism_process
from vbc_telephony.mock._guard import Guard

AUTH = {"Authorization": "Bearer any-token-works"}
CALLS = "/cc/accounts/1234/calls"
LEG = CALLS + "/3fa85f64-5717-4562-b3fc-2c963f66afa6/legs/0d0a16ab-a508-4d58-bf24-5dc3cb248f3e"
HELD = {"state": "held"}
CREATE_BODY = {
    "from": {"destination": "1234", "type": "extension"},
    "to": {"destination": "15551234567", "type": "pstn"},
}


def _raw(port: int, head: str, body: bytes = b"", *, wait: float = 5.0) -> RawAnswer:
    """One request as raw bytes, ``head`` without the blank line; the connection then closes."""
    data = head.encode("latin-1") + b"\r\nConnection: close\r\n\r\n" + body
    return exchange(port, data, wait=wait)


def _assert_prism_survived(mock: PrismMock, pid: int | None) -> None:
    """The same Prism process as before still answers a valid request through the guard."""
    assert mock.prism_pid == pid, "Prism died and was restarted"
    assert loopback.put(mock.base_url + LEG, json=HELD, headers=AUTH, timeout=10).status_code == 200


# Malformed framing and targets, as raw bytes.


@pytest.mark.parametrize("request_bytes", MALFORMED.values(), ids=list(MALFORMED))
def test_malformed_framing_gets_400_in_the_error_shape(prism: PrismMock, request_bytes: bytes):
    pid = prism.prism_pid
    answer = exchange(prism.port, request_bytes)
    assert answer.status == 400
    assert is_error_shape(answer.json(), 400)
    _assert_prism_survived(prism, pid)


@pytest.fixture
def bystander() -> Iterator[socket.socket]:
    """Another local port, listening: what an open proxy would reach."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("http://127.0.0.1:{port}/x", 400),
        ("@127.0.0.1:{port}/x", 400),
        ("127.0.0.1:{port}", 400),
        # A path that Prism reads as scheme-relative: still served by Prism, from its spec.
        ("//127.0.0.1:{port}/x", 404),
    ],
    ids=["absolute-form", "userinfo", "authority-form", "double-slash-path"],
)
def test_the_guard_forwards_nowhere_but_prism(
    prism: PrismMock, bystander: socket.socket, target: str, status: int
):
    port = bystander.getsockname()[1]
    answer = _raw(prism.port, f"GET {target.format(port=port)} HTTP/1.1\r\nHost: t")
    assert answer.status == status, answer
    answer = _raw(prism.port, f"CONNECT {target.format(port=port)} HTTP/1.1\r\nHost: t")
    assert answer.status == 400, answer
    bystander.settimeout(0.3)
    with pytest.raises(TimeoutError):  # a connection would be waiting in the backlog
        bystander.accept()


# Bodies and headers Prism cannot handle: answered by the guard, Prism unharmed.


def _nested_name(name: str, depth: int) -> object:
    body: object = {name: 1}
    for level in range(depth - 1):
        body = {"to": body} if level % 2 else [body]
    return body


@pytest.mark.parametrize("char", ["\x7f", "\x00", "\x1f", "\u0100", "\ud800"], ids=repr)
@pytest.mark.parametrize("depth", [1, 2, 5])
def test_property_names_prism_cannot_echo_get_400_and_prism_survives(
    prism: PrismMock, char: str, depth: int
):
    pid = prism.prism_pid
    body = json.dumps(_nested_name(f"a{char}b", depth)).encode()  # ensure_ascii: \u escapes
    response = loopback.put(
        prism.base_url + LEG,
        content=body,
        headers={**AUTH, "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400
    assert "does not accept" in response.json()["message"]
    _assert_prism_survived(prism, pid)


@pytest.mark.parametrize(
    ("headers", "body", "says"),
    [
        ({"Accept": "foo"}, b"", "not a media type"),
        ({"Accept": "application/xml,"}, b"", "not a media type"),
        ({"Accept": "text/html;x"}, b"", "not a media type"),
        ({"Content-Type": "json"}, b"{}", "not a media type"),
        (
            {"Content-Type": "application/json; charset=utf-16le"},
            '{"\x7f": 1}'.encode("utf-16le"),
            "UTF-8",
        ),
        ({"Content-Type": "application/json"}, b"[" * 5000 + b"]" * 5000, "nested deeper"),
        (
            {"Content-Type": "application/json"},
            b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1),
            "nested deeper",
        ),
        ({"Content-Type": "application/vnd.x+json"}, b'{"\\u007f": 1}', "does not accept"),
    ],
    ids=[
        "accept-no-slash",
        "accept-empty-range",
        "accept-bad-parameter",
        "content-type-no-slash",
        "utf-16-names",
        "nested-5000",
        "nested-past-the-limit",
        "vendor-json-type",
    ],
)
def test_headers_and_bodies_that_crash_prism_get_400(
    prism: PrismMock, headers: dict[str, str], body: bytes, says: str
):
    pid = prism.prism_pid
    response = loopback.put(
        prism.base_url + LEG, content=body, headers={**AUTH, **headers}, timeout=10
    )
    assert response.status_code == 400
    assert is_error_shape(response.json(), 400)
    assert says in response.json()["message"]
    _assert_prism_survived(prism, pid)


def test_a_header_with_a_control_character_gets_400(prism: PrismMock):
    answer = _raw(
        prism.port, f"GET {CALLS} HTTP/1.1\r\nHost: t\r\nX-Note: a\x7fb\r\nAuthorization: Bearer x"
    )
    assert answer.status == 400
    assert is_error_shape(answer.json(), 400)


@pytest.mark.parametrize(
    "value",
    ["Bearer caf\xc3\xa9", "Bearer \x80\x81", "Bearer", "Bearer    ", "bearer "],
    ids=["utf-8", "latin-1", "no-token", "blank-token", "lower-case-blank"],
)
def test_authorization_that_is_not_printable_ascii_or_has_no_token_gets_401(
    prism: PrismMock, value: str
):
    answer = _raw(prism.port, f"GET {CALLS} HTTP/1.1\r\nHost: t\r\nAuthorization: {value}")
    assert answer.status == 401
    body = answer.json()
    assert isinstance(body, dict)
    assert body["code"] == "900901"
    assert body["message"]
    assert body["description"]


def test_an_oversized_body_gets_413(prism: PrismMock):
    answer = _raw(
        prism.port,
        f"PUT {LEG} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer x\r\nContent-Length: {MAX_BODY_BYTES + 1}",
    )
    assert answer.status == 413
    assert is_error_shape(answer.json(), 413)


@pytest.fixture
def impatient_guard(prism: PrismMock) -> Iterator[BackgroundServer]:
    """A guard in front of the session's Prism that waits half a second for a body."""
    assert prism.prism_url is not None
    guard = Guard(prism.prism_url, body_timeout=0.5)
    with BackgroundServer(guard, "127.0.0.1", on_shutdown=guard.aclose) as server:
        yield server


def test_a_truncated_body_gets_408_and_prism_never_sees_it(
    prism: PrismMock, impatient_guard: BackgroundServer
):
    started = time.monotonic()
    answer = _raw(
        impatient_guard.port,
        f"PUT {LEG} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer x\r\n"
        "Content-Type: application/json\r\nContent-Length: 100",
        b'{"st',
    )
    assert answer.status == 408
    assert is_error_shape(answer.json(), 408)
    assert time.monotonic() - started < 5
    assert (
        loopback.get(impatient_guard.base_url + CALLS, headers=AUTH, timeout=5).status_code == 200
    )


def test_a_head_answer_keeps_prisms_content_length(prism: PrismMock):
    assert prism.prism_url is not None
    through_guard = httpx.head(prism.base_url + CALLS, headers=AUTH, timeout=10)
    from_prism = httpx.head(prism.prism_url + CALLS, headers=AUTH, timeout=10)
    assert through_guard.status_code == from_prism.status_code  # 405: the spec has no HEAD
    assert int(from_prism.headers["content-length"]) > 0
    assert through_guard.headers["content-length"] == from_prism.headers["content-length"]
    assert through_guard.content == b""


def test_the_guard_sends_prism_the_bytes_it_checked(
    prism: PrismMock, monkeypatch: pytest.MonkeyPatch
):
    """Target, headers (in order, duplicates kept, non-ASCII UTF-8 as sent) and body: what
    an echo server behind a guard receives is what the client sent, less hop-by-hop."""
    received: list[bytes] = []

    async def echo(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        head = b"\n".join(b"%s: %s" % pair for pair in scope["headers"])
        received.append(
            scope["raw_path"] + b"?" + scope["query_string"] + b"\n" + head + b"\n" + body
        )
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    with BackgroundServer(echo, "127.0.0.1") as upstream:
        guard = Guard(upstream.base_url)
        with BackgroundServer(guard, "127.0.0.1", on_shutdown=guard.aclose) as server:
            body = b'{"state":  "held" , "x": "caf\xc3\xa9"}'
            answer = _raw(
                server.port,
                "PUT /cc/accounts/%2F1/calls/a%20b/../c?x=%41&x=2&y HTTP/1.1\r\nHost: t\r\n"
                "X-One: 1\r\nX-Dup: a\r\nX-Dup: b\r\nX-Utf8: caf\xc3\xa9\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}",
                body,
            )
    assert answer.status == 200
    target, *headers, sent_body = received[0].split(b"\n")
    assert target == b"/cc/accounts/%2F1/calls/a%20b/../c?x=%41&x=2&y"
    assert sent_body == body
    forwarded = [h for h in headers if not h.startswith((b"host:", b"content-length:"))]
    assert forwarded == [
        b"x-one: 1",
        b"x-dup: a",
        b"x-dup: b",
        b"x-utf8: caf\xc3\xa9",
        b"content-type: application/json",
    ]


def test_a_header_that_is_not_utf8_cannot_be_forwarded_and_is_400(prism: PrismMock):
    answer = _raw(
        prism.port, f"GET {CALLS} HTTP/1.1\r\nHost: t\r\nX-Note: caf\xe9\r\nAuthorization: Bearer x"
    )
    assert answer.status == 400
    assert "not UTF-8" in answer.json()["message"]


# Whatever JSON a fuzzer throws: an answer below 500, and the mock still serves.

_ANY_CHAR = st.characters(codec=None, exclude_categories=())
_NAMES = st.text(_ANY_CHAR, max_size=6) | st.sampled_from(["state", "to", "from", "type"])
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(_ANY_CHAR, max_size=10)
)
_JSON = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_NAMES, children, max_size=3),
    max_leaves=8,
)


@st.composite
def _bodies(draw: st.DrawFn) -> bytes:
    value = draw(_JSON | st.sampled_from([HELD, CREATE_BODY]))
    if isinstance(value, dict) and draw(st.booleans()):
        value = {**draw(st.sampled_from([HELD, CREATE_BODY])), **value}
    for _ in range(draw(st.integers(0, MAX_JSON_DEPTH + 4) | st.just(0))):
        value = draw(st.sampled_from([lambda v: [v], lambda v: {draw(_NAMES): v}]))(value)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def fuzz_client(prism: PrismMock) -> Iterator[httpx.Client]:
    headers = {**AUTH, "Content-Type": "application/json"}
    with loopback.Client(base_url=prism.base_url, headers=headers, timeout=10) as client:
        yield client


@settings(
    max_examples=500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(target=st.sampled_from([("PUT", LEG), ("POST", CALLS)]), body=_bodies())
def test_any_json_body_gets_an_answer_below_500(
    fuzz_client: httpx.Client, target: tuple[str, str], body: bytes
):
    method, path = target
    response = fuzz_client.request(method, path, content=body)
    assert 200 <= response.status_code < 500, (response.status_code, response.text[:300])


def test_the_mock_still_serves_after_the_fuzzing(prism: PrismMock, fuzz_client: httpx.Client):
    pid = prism.prism_pid
    assert fuzz_client.put(LEG, json=HELD).status_code == 200
    assert fuzz_client.post(CALLS, json=CREATE_BODY).status_code == 200
    _assert_prism_survived(prism, pid)


# Load.


def test_2000_gets_at_concurrency_200_all_answered(
    prism: PrismMock, report_summary: Callable[[str, str], None]
):
    assert prism.prism_url is not None
    guarded = burst(prism.base_url + CALLS, total=2000, concurrency=200, headers=AUTH)
    assert guarded.errors == [], guarded.errors[:5]
    alone = burst(prism.prism_url + CALLS, total=2000, concurrency=200, headers=AUTH)
    report_summary(
        "2,000 GETs at concurrency 200 (asyncio + h11 client in the test process)",
        f"through the guard: {guarded.requests_per_second:,.0f} req/s, 0 errors;"
        f" Prism alone: {alone.requests_per_second:,.0f} req/s, {len(alone.errors)} errors",
    )


# A Prism that dies anyway, and ports that are taken.


def test_a_killed_prism_is_restarted_and_the_mock_answers_again(
    caplog: pytest.LogCaptureFixture,
):
    with PrismMock(SPEC_PATH) as mock, loopback.Client(headers=AUTH, timeout=10) as client:
        pid = mock.prism_pid
        assert pid is not None
        os.killpg(pid, signal.SIGKILL)
        time.sleep(0.2)
        assert client.get(mock.base_url + CALLS).status_code in (200, 502)
        deadline = time.monotonic() + 60
        while client.get(mock.base_url + CALLS).status_code != 200:
            assert time.monotonic() < deadline, "the mock did not answer again"
            time.sleep(0.2)
        assert mock.prism_pid != pid
        assert client.put(mock.base_url + LEG, json=HELD).status_code == 200
    restarts = [r for r in caplog.records if "restarts" in r.getMessage()]
    assert len(restarts) == 1
    assert restarts[0].levelno == logging.WARNING


@pytest.fixture
def no_prism_starts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records (and refuses) every attempt to start a process from ``_prism_process``."""
    started: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        started.append(args)
        raise AssertionError("a process was started")

    monkeypatch.setattr(_prism_process.subprocess, "Popen", refuse)
    monkeypatch.setattr(_prism_process.subprocess, "run", refuse)
    return started


def test_serve_gives_back_the_signal_handlers_it_found(monkeypatch: pytest.MonkeyPatch):
    class Unstartable:
        def __init__(self, *args: object) -> None:
            pass

        def start(self) -> None:
            raise PrismUnavailableError("no Prism here")

        def stop(self) -> None:
            pass

    def mine(signum: int, frame: object) -> None:
        raise AssertionError("not called")

    monkeypatch.setattr(_foreground, "SupervisedPrism", Unstartable)
    monkeypatch.setattr(_foreground, "fetch_prism", lambda: None)
    before = signal.signal(signal.SIGTERM, mine)
    try:
        with pytest.raises(PrismUnavailableError):
            _foreground.serve(SPEC_PATH, port=free_port())
        assert signal.getsignal(signal.SIGTERM) is mine
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGTERM, before)


def test_a_busy_port_is_one_error_naming_it_and_no_prism_starts(
    prism: PrismMock, no_prism_starts: list[object]
):
    with pytest.raises(PortInUseError, match=rf"127\.0\.0\.1:{prism.port} is in use"):
        PrismMock(SPEC_PATH, port=prism.port).start()
    with pytest.raises(PortInUseError, match=rf"127\.0\.0\.1:{prism.port} is in use"):
        _foreground.serve(SPEC_PATH, port=prism.port)
    assert no_prism_starts == []


def test_outside_a_checkout_the_first_fetch_says_so_and_shows_npms_last_error(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    npx = tmp_path / "npx"
    npx.write_text(
        "#!/bin/sh\n"
        "echo 'npm error code EAI_AGAIN' >&2\n"
        "echo 'npm error request to https://registry.example/ failed, reason: EAI_AGAIN' >&2\n"
        "echo 'npm error A complete log of this run can be found in: /tmp/x.log' >&2\n"
        "exit 1\n"
    )
    npx.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "cache"))
    monkeypatch.setattr(_prism_process, "_CHECKOUT_PRISM", tmp_path / "no-checkout" / "prism")
    with pytest.raises(PrismUnavailableError) as caught:
        PrismMock(SPEC_PATH).start()
    assert str(caught.value).endswith(
        "npm error request to https://registry.example/ failed, reason: EAI_AGAIN"
    )
    assert "fetching Prism 5.16.0 with npx, first use only" in capsys.readouterr().err


def _kill_groups(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(os.getpgid(pid), signal.SIGKILL)


def test_serve_stops_everything_when_prism_dies_and_cannot_come_back(tmp_path):
    spec = tmp_path / "openapi.yaml"
    spec.write_bytes(SPEC_PATH.read_bytes())
    port = free_port()
    command = [str(Path(sys.executable).with_name("vbc")), "mock", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--spec", str(spec)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not prism_pids(spec):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "Prism did not start"
            time.sleep(0.1)
        assert process.stdout is not None
        assert f"on http://127.0.0.1:{port}" in process.stdout.readline()
        spec.unlink()  # a restart cannot serve it
        _kill_groups(prism_pids(spec))
        _, stderr = process.communicate(timeout=60)
        left_running = prism_pids(spec)
    finally:
        if process.poll() is None:
            process.terminate()  # serve() stops its Prism on SIGTERM
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _kill_groups(prism_pids(spec))  # whatever a failure left behind
    assert process.returncode == 1
    assert "Prism exited" in stderr
    assert "vbc: error: Prism stopped and could not be restarted" in stderr
    assert "Traceback" not in stderr
    assert not left_running
    with pytest.raises(httpx.ConnectError):
        loopback.get(f"http://127.0.0.1:{port}/", timeout=2)
