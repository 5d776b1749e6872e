"""The sandbox in the foreground (``vbc sandbox``, ``make sandbox``): it says where it is
(its page too), serves until Ctrl-C or SIGTERM and stops at once, even with a request held
by a long latency fault or its page's event stream open, without a traceback (Ctrl-C:
status 130, every time; SIGTERM: 0); a busy port is one line naming it; ``--host ::``
serves IPv4 loopback clients too. The address it prints takes connections from that moment."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import loopback
import pytest
from sandbox_support import CALLS, STATIC

from vbc_telephony._server.serving import BackgroundServer, free_port

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)

VBC = str(Path(sys.executable).with_name("vbc"))
COMMAND = [VBC, "sandbox", "--seed", "5"]
JSON = {"Content-Type": "application/json"}
# Generous: a loaded CI machine; the latency fault below holds its request for 60 s.
STOP_WITHIN = 20.0
# Rules other than the defaults, each checked below.
OPTIONS = ["--devices", "1", "--answer-after", "600", "--ended-visible-for", "2"]
# Where it serves, the token, the static token, the control API, the page, the seed.
BANNER_LINES = 7


class Serving:
    def __init__(self, process: subprocess.Popen[str], port: int, banner: list[str]) -> None:
        self.process = process
        self.port = port
        self.banner = banner

    @property
    def server(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def serving(request: pytest.FixtureRequest) -> Iterator[Serving]:
    host = getattr(request, "param", "127.0.0.1")
    port = free_port()
    process = subprocess.Popen(
        [*COMMAND, "--host", host, "--port", str(port), *OPTIONS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(BANNER_LINES)]
        yield Serving(process, port, banner)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_a_client_that_connects_as_soon_as_it_reads_the_address_is_answered(
    serving: Serving,
) -> None:
    # Before, the lines came out before the socket listened: this connect was refused.
    with socket.create_connection(("127.0.0.1", serving.port), timeout=5) as connection:
        host = f"127.0.0.1:{serving.port}".encode()
        connection.sendall(b"GET /_sandbox/faults HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        assert connection.recv(12) == b"HTTP/1.1 200"


def _status_line(connection: socket.socket) -> bytes:
    line = b""
    while len(line) < len(b"HTTP/1.1 200") and (chunk := connection.recv(64)):
        line += chunk
    return line[: len(b"HTTP/1.1 200")]


def test_many_clients_at_once_as_soon_as_it_listens_are_each_answered(serving: Serving) -> None:
    """200 connections opened at once the moment the address is printed, one in four sending
    bytes that are not HTTP: each gets its answer (200, or 400 for what is not HTTP), none
    is refused or reset, and it serves on."""
    host = f"127.0.0.1:{serving.port}".encode()
    good = b"GET /_sandbox/faults HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    sent = [b"\x00\xffnot http\r\n\r\n" if i % 4 == 0 else good for i in range(200)]
    connections = [socket.create_connection(("127.0.0.1", serving.port), timeout=30) for _ in sent]
    try:
        for connection, request in zip(connections, sent, strict=True):
            connection.sendall(request)
        answered = [_status_line(connection) for connection in connections]
    finally:
        for connection in connections:
            connection.close()
    assert answered == [b"HTTP/1.1 400" if r != good else b"HTTP/1.1 200" for r in sent]
    assert loopback.get(f"{serving.server}/_sandbox/faults").status_code == 200


def test_its_options_set_the_rules_of_its_calls(serving: Serving) -> None:
    control = f"{serving.server}/_sandbox"
    calls = f"{serving.server}/t/vbc.prod/telephony/v3{CALLS}"
    contact = {"type": "extension", "destination": "1001"}

    def ring() -> str:
        rung = loopback.post(f"{control}/calls", json={"from": contact, "to": contact})
        call_id: str = rung.json()["call_id"]
        return call_id

    def advance(seconds: float) -> None:
        loopback.post(f"{control}/clock", json={"advance": seconds}).raise_for_status()

    def statuses() -> list[str]:
        return [call["status"] for call in loopback.get(calls, headers=STATIC).json()["calls"]]

    rejected = ring()
    reject = {"state": "busy"}
    loopback.post(f"{control}/calls/{rejected}/reject", json=reject).raise_for_status()
    advance(1.9)
    assert statuses() == ["busy"]  # --ended-visible-for 2
    advance(0.1)
    assert statuses() == []
    ring()
    advance(599)
    assert statuses() == ["ringing"]  # --answer-after 600
    advance(1)
    assert statuses() == ["on-call"]


def test_serves_until_ctrl_c(serving: Serving) -> None:
    assert serving.banner[0].startswith(f"VBC Telephony sandbox on {serving.server}")
    assert any("seed         5" in line for line in serving.banner)
    page = f"  page         {serving.server}/_sandbox/ui  "
    assert any(line.startswith(page) for line in serving.banner)
    assert loopback.get(f"{serving.server}/_sandbox/ui").status_code == 200
    base = f"{serving.server}/t/vbc.prod/telephony/v3"
    devices = loopback.get(base + "/registration/accounts/self/devices", headers=STATIC)
    assert len(devices.json()["devices"]) == 1
    assert loopback.get(base + CALLS).status_code == 401
    serving.process.send_signal(signal.SIGINT)
    _, errors = serving.process.communicate(timeout=STOP_WITHIN)
    assert serving.process.returncode == 130
    assert "Traceback" not in errors


def _held_request(serving: Serving, pool: concurrent.futures.Executor) -> concurrent.futures.Future:
    """A GET that a 60-second latency fault holds in the sandbox, once it is held."""
    fault = {"method": "GET", "path": "/cc/accounts/*/calls", "latency_ms": 60_000}
    loopback.post(f"{serving.server}/_sandbox/faults", json=fault, headers=JSON).raise_for_status()
    url = f"{serving.server}/t/vbc.prod/telephony/v3{CALLS}"
    held = pool.submit(httpx.get, url, headers=STATIC, timeout=90)
    deadline = time.monotonic() + 10
    while loopback.get(f"{serving.server}/_sandbox/faults").json()["faults"]:  # not taken yet
        assert time.monotonic() < deadline, "the GET did not reach the sandbox"
        time.sleep(0.05)
    return held


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
def test_a_stop_signal_ends_latency_waits_at_once(
    serving: Serving, signum: signal.Signals, status: int
) -> None:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        held = _held_request(serving, pool)
        started = time.monotonic()
        serving.process.send_signal(signum)
        _, errors = serving.process.communicate(timeout=STOP_WITHIN)
        stopped_after = time.monotonic() - started
        answer = held.result(timeout=STOP_WITHIN)
    assert serving.process.returncode == status
    assert stopped_after < STOP_WITHIN
    assert answer.status_code == 503
    assert answer.json()["message"] == "The sandbox is stopping"
    assert "Traceback" not in errors


def test_ctrl_c_is_130_wherever_it_lands(serving: Serving) -> None:
    # Right after the banner, before serving has settled: the race the exit status lost.
    serving.process.send_signal(signal.SIGINT)
    _, errors = serving.process.communicate(timeout=STOP_WITHIN)
    assert serving.process.returncode == 130
    assert "Traceback" not in errors


@pytest.mark.parametrize("serving", ["::"], indirect=True)
def test_an_ipv6_wildcard_host_serves_ipv4_loopback_clients(serving: Serving) -> None:
    assert serving.banner[0].startswith(f"VBC Telephony sandbox on http://[::]:{serving.port} ")
    for server in (serving.server, f"http://[::1]:{serving.port}"):
        answer = loopback.post(f"{server}/_sandbox/reset", headers=JSON, timeout=5)
        assert answer.status_code == 204, answer.text
    serving.process.send_signal(signal.SIGTERM)
    serving.process.communicate(timeout=STOP_WITHIN)
    assert serving.process.returncode == 0


def test_the_help_names_the_extra() -> None:
    done = subprocess.run(
        [*COMMAND[:2], "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert "pip install 'vbc-telephony[sandbox]'" in done.stdout


def test_a_busy_port_is_one_line() -> None:
    async def nothing(scope: object, receive: object, send: object) -> None:
        return None

    with BackgroundServer(nothing, "127.0.0.1") as busy:  # type: ignore[arg-type]
        done = subprocess.run(
            [*COMMAND, "--port", str(busy.port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == f"vbc: error: 127.0.0.1:{busy.port} is in use; pass --port\n"


def test_sigterm_ends_the_pages_event_stream_at_once(serving: Serving) -> None:
    url = f"{serving.server}/_sandbox/events"
    with httpx.stream("GET", url, timeout=STOP_WITHIN) as stream:
        lines = stream.iter_lines()
        assert next(line for line in lines if line.startswith("event: ")) == "event: state"
        serving.process.send_signal(signal.SIGTERM)
        rest = list(lines)  # to its end: the sandbox closes it whole, not cut
    _, errors = serving.process.communicate(timeout=STOP_WITHIN)
    assert "event: stopping" in rest
    assert serving.process.returncode == 0
    assert "Traceback" not in errors
