"""The HTTP stack our servers share: every request, however malformed, gets an HTTP answer in
the spec's Error shape, and the server survives it."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator

import httpx
import loopback
import pytest
from server.raw_http import MALFORMED, exchange, is_error_shape

from vbc_telephony._server import asgi as _asgi
from vbc_telephony._server import protocol as _protocol
from vbc_telephony._server import serving as _server
from vbc_telephony._server.asgi import Receive, Scope, Send, drop_connection, parse_json, read_body
from vbc_telephony._server.serving import BackgroundServer, PortInUseError

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)


async def _echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers the JSON body it read (or null); ``/fail`` raises like a bug would, ``/drop``
    hangs up."""
    body = await read_body(scope, receive, timeout=1.0)
    if scope["path"] == "/fail":
        raise RuntimeError("a bug")
    if scope["path"] == "/drop":
        await drop_connection(scope, receive)
        return
    answer = json.dumps({"body": parse_json(body) if body else None}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(answer))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer})


@pytest.fixture(scope="module")
def server() -> Iterator[BackgroundServer]:
    with BackgroundServer(_echo, "127.0.0.1") as running:
        yield running


def _still_serves(server: BackgroundServer) -> None:
    answer = loopback.post(server.base_url + "/x", json={"a": 1}, timeout=5)
    assert answer.json() == {"body": {"a": 1}}


@pytest.mark.parametrize("request_bytes", MALFORMED.values(), ids=list(MALFORMED))
def test_malformed_framing_gets_400_in_the_error_shape(
    server: BackgroundServer, request_bytes: bytes
) -> None:
    answer = exchange(server.port, request_bytes)
    assert answer.status == 400
    assert answer.headers["content-type"] == "application/json"
    assert is_error_shape(answer.json(), 400)
    _still_serves(server)


def test_a_target_that_is_not_a_path_is_refused_by_name(server: BackgroundServer) -> None:
    answer = exchange(server.port, MALFORMED["absolute-form target"])
    assert "origin-form" in str(answer.json())


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"[" * 5000 + b"]" * 5000, 400, "nested deeper"),
        (b"[" * 40 + b"]" * 40, 400, "nested deeper"),
        (b"{", 400, "not valid JSON"),
        (b"NaN", 400, "not valid JSON"),
        (b'"\xff"', 400, "not UTF-8"),
    ],
    ids=[
        "deeper than recursion",
        "deeper than the limit",
        "truncated",
        "NaN",
        "not UTF-8",
    ],
)
def test_hostile_json_gets_400(
    server: BackgroundServer, body: bytes, status: int, says: str
) -> None:
    answer = loopback.post(server.base_url + "/x", content=body, timeout=5)
    assert answer.status_code == status
    assert says in answer.json()["message"]
    _still_serves(server)


def test_json_at_the_depth_limit_is_accepted(server: BackgroundServer) -> None:
    limit = _asgi.MAX_JSON_DEPTH
    nested: object = 1
    for _ in range(limit):
        nested = [nested]
    assert _asgi.depth(nested) == limit
    assert loopback.post(server.base_url + "/x", json=nested, timeout=5).json() == {"body": nested}


def test_an_oversized_body_gets_413_before_it_is_read(server: BackgroundServer) -> None:
    head = b"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % (_asgi.MAX_BODY_BYTES + 1)
    answer = exchange(server.port, head)
    assert answer.status == 413
    assert is_error_shape(answer.json(), 413)


def test_an_oversized_chunked_body_gets_413(server: BackgroundServer) -> None:
    chunk = b"x" * 65536
    chunks = (b"%x\r\n%s\r\n" % (len(chunk), chunk)) * (_asgi.MAX_BODY_BYTES // len(chunk) + 2)
    data = (
        b"POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
    )
    assert exchange(server.port, data).status == 413


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n%s"
        % (_asgi.MAX_BODY_BYTES + 1, b"x" * (_asgi.MAX_BODY_BYTES + 1)),
        b"POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + b"y" * 500_000,
    ],
    ids=["oversized", "bad chunk"],
)
def test_a_client_still_sending_gets_its_answer_not_a_reset(
    server: BackgroundServer, request_bytes: bytes
) -> None:
    # Closing with its bytes unread would reset the connection under the answer.
    answer = exchange(server.port, request_bytes)
    assert answer.status in (400, 413)
    assert is_error_shape(answer.json(), answer.status)


def test_a_truncated_body_gets_408_and_the_connection_closes(server: BackgroundServer) -> None:
    answer = exchange(server.port, b"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nab")
    assert answer.status == 408
    assert answer.headers["connection"] == "close"
    assert not answer.timed_out


def test_a_head_that_stops_midway_gets_408(
    server: BackgroundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_protocol, "HEAD_TIMEOUT", 0.5)
    answer = exchange(server.port, b"GET /x HTTP/1.1\r\nHost: t\r\n")
    assert answer.status == 408
    assert is_error_shape(answer.json(), 408)


def test_a_bug_in_the_app_is_a_500_in_the_error_shape_not_a_traceback(
    server: BackgroundServer, capfd: pytest.CaptureFixture[str]
) -> None:
    answer = loopback.get(server.base_url + "/fail", timeout=5)
    assert answer.status_code == 500
    assert is_error_shape(answer.json(), 500)
    assert "Traceback" not in "".join(capfd.readouterr())
    _still_serves(server)


def test_a_dropped_connection_closes_unanswered_and_quietly(
    server: BackgroundServer, caplog: pytest.LogCaptureFixture
) -> None:
    answer = exchange(server.port, b"POST /drop HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}")
    assert (answer.status, answer.body, answer.timed_out) == (None, b"", False)
    with pytest.raises(httpx.RemoteProtocolError):
        loopback.get(server.base_url + "/drop", timeout=5)
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    _still_serves(server)


def test_a_busy_port_is_one_error_naming_it(server: BackgroundServer) -> None:
    with pytest.raises(PortInUseError, match=rf"127\.0\.0\.1:{server.port} is in use"):
        BackgroundServer(_echo, "127.0.0.1", server.port).start()


def test_stopping_closes_the_port() -> None:
    running = BackgroundServer(_echo, "127.0.0.1").start()
    url = running.base_url
    assert loopback.post(url + "/x", json=1, timeout=5).status_code == 200
    running.stop()
    with pytest.raises(httpx.ConnectError):
        loopback.get(url + "/x", timeout=2)


def test_parse_json_names_what_is_wrong() -> None:
    with pytest.raises(_asgi.HTTPProblem, match="not valid JSON") as caught:
        parse_json(b"{'single': 'quotes'}")
    assert caught.value.status == 400


def test_connections_are_tcp_so_that_asyncio_turns_nagle_off() -> None:
    # asyncio sets TCP_NODELAY only on sockets whose proto is IPPROTO_TCP; accepted sockets
    # inherit the listening socket's. Without it every answer waits ~40 ms (delayed ACK).
    sock = _server.bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
