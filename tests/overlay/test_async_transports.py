"""AsyncTelephony over both async transports, on real loopback sockets: httpx's own and
aiohttp (the default when the ``aiohttp`` extra is installed). Retries, timeouts, auth
refresh and error mapping must not depend on which one sends.

The server is a scripted fake on raw sockets, because some of what it must do (drop a
connection after reading a request, stall, speak something other than TLS) is below HTTP.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fakes import CALL

import vbc_telephony as vbc
from vbc_telephony._server.serving import free_port
from vbc_telephony._transports import default_async_transport, httpx_async_transport


class Cut(bytes):
    """Bytes the fake writes before it hangs up: the start of an answer, never finished."""


# What the fake does with one request: answer these bytes, write a Cut and hang up, or hang
# up unanswered (None).
Script = Callable[["Seen"], Awaitable[bytes | None]]


@dataclass
class Seen:
    """The requests the fake server has read, as (method, path) in order."""

    requests: list[tuple[str, str]] = field(default_factory=list)
    connections: int = 0

    def count(self, method: str, path_end: str) -> int:
        return sum(1 for m, p in self.requests if m == method and p.endswith(path_end))


def respond(status: int, body: object, **headers: str) -> bytes:
    content = json.dumps(body).encode() if body is not None else b""
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(content)}"]
    head += ["Content-Type: application/json"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + content


class FakeServer:
    """A loopback server in a thread of its own that runs ``script`` for every request."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.seen = Seen()
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0

    def _run(self) -> None:
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._started.set()
        await self._stop.wait()
        server.close()
        # Connections still open (a stalled answer, a client's keep-alive) end with the server.
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.seen.connections += 1
        try:
            pending = await reader.readexactly(1)
            if pending == b"\x16":  # a TLS ClientHello: answered as a plain HTTP server would
                writer.write(respond(400, {"code": "400", "message": "not HTTP"}))
                return
            while True:
                head = pending + await reader.readuntil(b"\r\n\r\n")
                pending = b""
                method, path = head.split(b" ")[:2]
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                self.seen.requests.append((method.decode(), path.decode()))
                answer = await self.script(self.seen)
                if answer is None:
                    break
                writer.write(answer)
                await writer.drain()
                if isinstance(answer, Cut):
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    def __enter__(self) -> FakeServer:
        self._thread.start()
        assert self._started.wait(10), "the fake server did not start"
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/t/vbc.prod/telephony/v3"


TRANSPORTS = {"httpx": httpx_async_transport, "aiohttp": default_async_transport}


@pytest.fixture(params=list(TRANSPORTS))
def transport(request: pytest.FixtureRequest) -> Callable[[], httpx.AsyncBaseTransport]:
    return TRANSPORTS[request.param]


@pytest.fixture
def server_with() -> Iterator[Callable[[Script], FakeServer]]:
    servers: list[FakeServer] = []

    def start(script: Script) -> FakeServer:
        servers.append(FakeServer(script).__enter__())
        return servers[-1]

    yield start
    for server in servers:
        server.__exit__()


def client(base_url: str, transport: Callable[[], httpx.AsyncBaseTransport], **kwargs):
    kwargs.setdefault("auth", vbc.BearerToken("t"))
    return vbc.AsyncTelephony(base_url=base_url, transport=transport(), **kwargs)


def test_the_aiohttp_transport_is_the_default_when_installed():
    assert type(default_async_transport()).__name__ == "_AiohttpTransport"


@pytest.mark.anyio
async def test_a_call_comes_back_typed(server_with, transport):
    async def answer(seen: Seen) -> bytes:
        return respond(200, CALL)

    server = server_with(answer)
    async with client(server.base_url, transport) as api:
        call = await api.calls.get("1234", "c1")
    assert (call.call_id, call.from_) == (CALL["call_id"], "15551231234")


@pytest.mark.anyio
async def test_a_429_is_waited_out_and_retried(server_with, transport):
    async def throttle_once(seen: Seen) -> bytes:
        if len(seen.requests) == 1:
            return respond(429, {"code": "900802", "message": "throttled"}, **{"Retry-After": "0"})
        return respond(200, CALL)

    server = server_with(throttle_once)
    async with client(server.base_url, transport) as api:
        assert (await api.calls.get("1234", "c1")).call_id == CALL["call_id"]
    assert server.seen.count("GET", "/calls/c1") == 2


@pytest.mark.anyio
async def test_a_refused_connection_is_a_connection_error_not_a_timeout(transport):
    base_url = f"http://127.0.0.1:{free_port()}"
    async with client(base_url, transport, max_retries=0) as api:
        with pytest.raises(vbc.APIConnectionError) as caught:
            await api.calls.get("1234", "c1")
    assert type(caught.value) is vbc.APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


@pytest.mark.anyio
async def test_a_slow_answer_is_a_timeout(server_with, transport):
    async def stall(seen: Seen) -> bytes:
        await asyncio.sleep(5)
        return respond(200, CALL)

    server = server_with(stall)
    async with client(server.base_url, transport, timeout=0.3, max_retries=0) as api:
        with pytest.raises(vbc.APITimeoutError):
            await api.calls.get("1234", "c1")


@pytest.mark.anyio
async def test_a_get_dropped_without_an_answer_is_retried(server_with, transport):
    async def drop_first(seen: Seen) -> bytes | None:
        return None if len(seen.requests) == 1 else respond(200, CALL)

    server = server_with(drop_first)
    async with client(server.base_url, transport, max_retries=2) as api:
        assert (await api.calls.get("1234", "c1")).call_id == CALL["call_id"]
    assert server.seen.count("GET", "/calls/c1") == 2


@pytest.mark.anyio
@pytest.mark.parametrize(
    "failure",
    [None, Cut(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\ne2")],
    ids=["dropped before the answer", "dropped within the answer"],
)
async def test_a_call_placing_post_that_was_sent_is_never_replayed(server_with, transport, failure):
    async def fail(seen: Seen) -> bytes | None:
        return failure

    server = server_with(fail)
    async with client(server.base_url, transport, max_retries=3) as api:
        with pytest.raises(vbc.APIConnectionError):
            await api.calls.create(
                "1234", from_=vbc.Contact.extension("1"), to=vbc.Contact.pstn("15551234567")
            )
    assert server.seen.count("POST", "/calls") == 1


@pytest.mark.anyio
async def test_a_tls_failure_is_not_retried(server_with, transport):
    async def plain_http(seen: Seen) -> bytes:
        return respond(200, CALL)

    server = server_with(plain_http)
    https = server.base_url.replace("http://", "https://")
    async with client(https, transport, max_retries=3) as api:
        with pytest.raises(vbc.APIConnectionError, match="SSL"):
            await api.calls.get("1234", "c1")
    assert server.seen.connections == 1


@pytest.mark.anyio
async def test_a_refused_token_is_renewed_and_the_request_replayed(server_with, transport):
    issued: list[str] = []

    async def oauth(seen: Seen) -> bytes:
        _, path = seen.requests[-1]
        if path == "/token":
            issued.append(f"token-{len(issued)}")
            body = {"access_token": issued[-1], "expires_in": 3600, "refresh_token": "r"}
            return respond(200, body)
        # The first token is refused, as if it had been revoked.
        if len(issued) == 1:
            return respond(401, {"code": "900901", "message": "Invalid Credentials"})
        return respond(200, CALL)

    server = server_with(oauth)
    grant = vbc.PasswordGrant(
        "alice", "pw", "id", "secret", token_url=f"http://127.0.0.1:{server.port}/token"
    )
    async with client(server.base_url, transport, auth=grant) as api:
        assert (await api.calls.get("1234", "c1")).call_id == CALL["call_id"]
    assert issued == ["token-0", "token-1"]
    assert server.seen.count("GET", "/calls/c1") == 2
