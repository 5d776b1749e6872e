"""The recording proxy attacked as the hardened mock is: raw sockets, broken framing, targets
that try to make it an open proxy, huge and stalled bodies, an upstream that fails, and many
connections at once. Every request gets an HTTP answer in the spec's ``Error`` shape (4xx for
what is malformed, 502 for what the upstream did not answer), and nothing is ever sent
anywhere but the upstream."""

from __future__ import annotations

import asyncio
import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import loopback
import pytest
from server.raw_http import MALFORMED, exchange, is_error_shape
from traffic_support import har_entries

from vbc_telephony._server.asgi import Receive, Scope, Send
from vbc_telephony._server.limits import MAX_BODY_BYTES
from vbc_telephony._server.serving import BackgroundServer
from vbc_telephony.proxy import RecordingProxy
from vbc_telephony.proxy._forward import ProxyApp
from vbc_telephony.proxy._observer import TrafficObserver

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)

CALLS = "/t/vbc.prod/telephony/v3/cc/accounts/self/calls"


class Upstream:
    """Answers every request 200 with an empty call list, and remembers its targets, headers
    and the connection (client address) each came on."""

    def __init__(self) -> None:
        self.targets: list[bytes] = []
        self.headers: list[dict[bytes, bytes]] = []
        self.connections: list[tuple[str, int]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.targets.append(scope["raw_path"])
        self.connections.append(tuple(scope["client"]))
        self.headers.append(dict(scope["headers"]))
        body = b'{"calls":[],"current_page":1,"pages":1}'
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        # Hop-by-hop headers of this connection, which the proxy must not relay.
        headers += [(b"connection", b"x-hop"), (b"x-hop", b"1"), (b"proxy-authenticate", b"Basic")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture
def upstream() -> Iterator[tuple[Upstream, BackgroundServer]]:
    app = Upstream()
    with BackgroundServer(app, "127.0.0.1") as server:
        yield app, server


@pytest.fixture
def proxy(upstream, tmp_path) -> Iterator[RecordingProxy]:
    _, server = upstream
    with RecordingProxy(server.base_url, record=tmp_path / "h.har", out=io.StringIO()) as running:
        yield running


@pytest.fixture
def bystander() -> Iterator[socket.socket]:
    """A listening socket nothing may connect to."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock


def _port(proxy: RecordingProxy) -> int:
    return int(proxy.server_url.rsplit(":", 1)[1])


@pytest.mark.parametrize("request_bytes", list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_framing_gets_400_and_reaches_nothing(proxy, upstream, request_bytes):
    answer = exchange(_port(proxy), request_bytes)
    assert answer.status == 400, answer
    assert is_error_shape(answer.json(), 400)
    assert upstream[0].targets == []


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:{port}/x", "@127.0.0.1:{port}/x", "127.0.0.1:{port}"]
)
def test_it_is_no_open_proxy(proxy, upstream, bystander, target):
    port = bystander.getsockname()[1]
    for method in ("GET", "CONNECT"):
        head = f"{method} {target.format(port=port)} HTTP/1.1\r\nHost: t\r\n\r\n"
        assert exchange(_port(proxy), head.encode()).status == 400
    # Origin-form with the bystander as Host, or as a scheme-relative path: to the upstream.
    for path in (CALLS, f"//127.0.0.1:{port}/x"):
        head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        assert exchange(_port(proxy), head.encode()).status == 200
    assert upstream[0].targets == [CALLS.encode(), f"//127.0.0.1:{port}/x".encode()]
    bystander.settimeout(0.3)
    with pytest.raises(TimeoutError):  # a connection would be waiting in the backlog
        bystander.accept()


def test_hop_by_hop_headers_stay_on_their_hop(proxy, upstream):
    _, server = upstream
    head = (
        f"GET {CALLS} HTTP/1.1\r\nHost: evil.example\r\nConnection: keep-alive, X-Private\r\n"
        "X-Private: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
        "Proxy-Authorization: Basic eDp5\r\nX-App: kept\r\n\r\n"
    )
    answer = exchange(_port(proxy), head.encode(), wait=2)
    assert answer.status == 200
    [seen] = upstream[0].headers
    assert seen[b"host"] == f"127.0.0.1:{server.port}".encode()
    assert seen[b"x-app"] == b"kept"
    for name in (b"x-private", b"keep-alive", b"te", b"proxy-authorization"):
        assert name not in seen
    assert "x-hop" not in answer.headers
    assert "proxy-authenticate" not in answer.headers


def test_an_oversized_body_gets_413(proxy, upstream):
    head = (
        f"POST {CALLS} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n"
    )
    answer = exchange(_port(proxy), head.encode())
    assert answer.status == 413
    assert is_error_shape(answer.json(), 413)
    assert upstream[0].targets == []


def test_a_stalled_body_gets_408(upstream):
    _, server = upstream
    app = ProxyApp(server.base_url, TrafficObserver(out=io.StringIO()), body_timeout=0.5)
    with BackgroundServer(app, "127.0.0.1", on_shutdown=app.aclose) as impatient:
        started = time.monotonic()
        head = f"POST {CALLS} HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" + '{"st'
        answer = exchange(impatient.port, head.encode())
        assert answer.status == 408
        assert is_error_shape(answer.json(), 408)
        assert time.monotonic() - started < 5


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _dropping_server() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock, int(sock.getsockname()[1])


def test_an_upstream_that_fails_gets_502_and_is_recorded(tmp_path):
    record, out = tmp_path / "down.har", io.StringIO()
    with RecordingProxy(f"http://127.0.0.1:{_closed_port()}", record=record, out=out) as proxy:
        answer = loopback.get(proxy.server_url + CALLS, timeout=10)
    assert answer.status_code == 502
    assert is_error_shape(answer.json(), 502)
    assert proxy.exit_status == 0  # the upstream's failure is no drift of the spec
    [entry] = har_entries(record)
    assert entry["response"]["status"] == 502
    assert entry["comment"].startswith("answered by vbc proxy: The upstream did not answer")
    assert "The upstream did not answer" in out.getvalue()


def test_an_upstream_that_drops_the_connection_gets_502():
    listener, port = _dropping_server()

    def drop() -> None:
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.close()

    with listener, RecordingProxy(f"http://127.0.0.1:{port}", out=io.StringIO()) as proxy:
        dropper = threading.Thread(target=drop)
        dropper.start()
        answer = loopback.get(proxy.server_url + CALLS, timeout=10)
        dropper.join(5)
    assert answer.status_code == 502
    assert is_error_shape(answer.json(), 502)


def test_many_connections_at_once_all_get_their_answer(proxy, upstream, tmp_path):
    async def burst() -> list[int]:
        # Idle connections are not reused near the proxy's 5 s keep-alive: on a busy machine
        # one could close as a request goes out on it (the race every HTTP client has).
        limits = httpx.Limits(max_connections=100, keepalive_expiry=4)
        async with loopback.AsyncClient(base_url=proxy.server_url, limits=limits, timeout=30) as c:
            answers = await asyncio.gather(*(c.get(CALLS) for _ in range(300)))
        return [a.status_code for a in answers]

    assert asyncio.run(burst()) == [200] * 300
    proxy.stop()
    assert len(har_entries(Path(tmp_path / "h.har"))) == 300


def test_a_connection_to_the_upstream_idle_near_its_keep_alive_is_not_used_again(proxy, upstream):
    # Node and uvicorn close an idle connection after 5 s: one reused near then can close
    # under the request, which the app would get as a 502.
    app, _ = upstream
    for pause in (0, 0.5, 4.5):
        time.sleep(pause)
        assert loopback.get(proxy.server_url + CALLS, timeout=10).status_code == 200
    first, reused, after_idle = app.connections
    assert reused == first
    assert after_idle != first
