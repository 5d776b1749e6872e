"""The HTTP stack every server we ship runs on: uvicorn, and our answer to whatever goes wrong.

uvicorn (with httptools) parses HTTP; this module adds what it leaves to the application, so
that every request gets an HTTP answer in the spec's ``Error`` shape (``{"code", "message"}``):

- malformed framing (bad ``Content-Length``, bad chunk sizes, a target that is not
  origin-form ``/path``, ``CONNECT``, bytes that are not HTTP): 400, answered by uvicorn's
  parser through ``_Protocol`` instead of its plain-text default; a request head that does
  not arrive within ``HEAD_TIMEOUT``: 408. An error answer to a client that is still
  sending is followed by a lingering close, so that it arrives instead of a TCP reset;
- a body larger than ``MAX_BODY_BYTES``: 413; one that does not arrive within
  ``BODY_TIMEOUT`` (uvicorn waits for a truncated body forever): 408 (``read_body``);
- a body that is not JSON, not UTF-8, or nested deeper than ``MAX_JSON_DEPTH``: 400
  (``parse_json``);
- anything an application raises: ``HTTPProblem`` becomes its own answer, any other
  exception a 500 and one log line, never a traceback (``ErrorBoundary``).

Every request is answered, with one exception an application must ask for: ``drop_connection``
closes the connection unanswered, as a network failure would (the sandbox's ``drop`` fault).
uvicorn offers no way to do that from ASGI (an application that returns without answering
gets a 500 sent for it), so ``_Protocol`` hands each request a closer for its own connection
through the scope extension ``DROP_EXTENSION``.

``BackgroundServer`` runs an app on a loopback port in a thread (tests, the pytest plugin),
``serve_forever`` in the foreground until Ctrl-C or SIGTERM (``vbc mock``, ``vbc sandbox``);
both await an app's ``on_shutdown`` (closing its client pool, say) on the server's loop.
uvicorn runs on uvloop where it is installed (the ``testing`` extra).
Both bind the listening socket before anything else starts, so a busy port is one
``PortInUseError`` and no half-started server.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self, cast

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .._exceptions import VBCError
from ._constants import (
    BACKLOG,
    BODY_TIMEOUT,
    HEAD_TIMEOUT,
    KEEP_ALIVE_TIMEOUT,
    LINGER_TIMEOUT,
    MAX_BODY_BYTES,
    MAX_JSON_DEPTH,
    SERVER_START_TIMEOUT,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Shutdown = Callable[[], Awaitable[None]]

log = logging.getLogger("vbc_telephony.testing")

_JSON = (b"content-type", b"application/json")

# The ASGI scope extension (``scope["extensions"]``) whose ``close`` closes the request's
# connection.
DROP_EXTENSION = "vbc.drop_connection"


class PortInUseError(VBCError, OSError):
    """The address to listen on is taken (or cannot be bound at all)."""


class HTTPProblem(Exception):
    """An answer in the spec's ``Error`` shape, raised from anywhere in handling a request."""

    def __init__(
        self, status: int, message: str, *, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = tuple(headers)


class ClientGone(Exception):
    """The client closed the connection before its request was read."""


def error_body(status: int, message: str) -> bytes:
    """The spec's ``Error`` object, ``code`` as the status in text."""
    return json.dumps({"code": str(status), "message": message}).encode()


async def send_error(
    send: Send, status: int, message: str, headers: Iterable[tuple[str, str]] = ()
) -> None:
    """Answer ``status`` with an ``Error`` body over a raw ASGI ``send``."""
    body = error_body(status, message)
    raw_headers = [_JSON, (b"content-length", str(len(body)).encode())]
    raw_headers += [(name.lower().encode(), value.encode()) for name, value in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


# A problem with the body ends the connection: what is left of the body cannot be told apart
# from the next request.
_CLOSE = (("Connection", "close"),)
_DRAIN_FACTOR = 4


async def read_body(
    scope: Scope,
    receive: Receive,
    *,
    limit: int = MAX_BODY_BYTES,
    timeout: float | None = None,
) -> bytes:
    """The whole request body: 413 past ``limit`` bytes, 408 when it stalls for ``timeout`` s
    (default ``BODY_TIMEOUT``).

    ``ClientGone`` when the client hangs up before it is read. A body that turns out too large
    is read to its end (up to ``_DRAIN_FACTOR`` times ``limit``) before the 413: closing a
    connection on unread data resets it, and the client could lose the answer on the way.
    """
    timeout = BODY_TIMEOUT if timeout is None else timeout
    too_large = f"Request body is larger than {limit} bytes"
    declared, chunked = _framing(scope)
    if declared is not None and declared > limit:
        raise HTTPProblem(413, too_large, headers=_CLOSE)
    if not declared and not chunked:  # no body (most requests): nothing to wait for
        return b""
    chunks: list[bytes] = []
    size = 0
    more = True
    try:
        async with asyncio.timeout(timeout):
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientGone
                chunk = message.get("body", b"")
                size += len(chunk)
                more = message.get("more_body", False)
                if size <= limit:
                    chunks.append(chunk)
                elif not more or size > limit * _DRAIN_FACTOR:
                    raise HTTPProblem(413, too_large, headers=_CLOSE)
    except TimeoutError:
        if size > limit:
            raise HTTPProblem(413, too_large, headers=_CLOSE) from None
        raise HTTPProblem(
            408, f"Request body did not arrive within {timeout:g} s", headers=_CLOSE
        ) from None
    return b"".join(chunks)


def _framing(scope: Scope) -> tuple[int | None, bool]:
    """The declared Content-Length, and whether the body is chunked."""
    declared, chunked = None, False
    for name, value in scope["headers"]:
        if name == b"content-length":  # uvicorn's parser has refused a malformed one already
            declared = int(value)
        elif name == b"transfer-encoding":
            chunked = True
    return declared, chunked


async def drop_connection(scope: Scope, receive: Receive) -> None:
    """Close the request's connection without an answer: the client sees it drop.

    Returns once the server has seen the connection go, so that it neither sends a 500 for
    the missing answer nor logs one. Only for failures a user asked for: every other
    request gets an answer.
    """
    scope["extensions"][DROP_EXTENSION]["close"]()
    while (await receive())["type"] != "http.disconnect":
        pass  # what is left of the body, until the server notices the close


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def parse_json(body: bytes, *, max_depth: int = MAX_JSON_DEPTH) -> object:
    """``body`` decoded as strict JSON (UTF-8, no NaN/Infinity), at most ``max_depth`` deep.

    400 ``HTTPProblem`` naming what is wrong otherwise.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "Request body is not valid JSON: it is not UTF-8") from None
    try:
        value: object = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise HTTPProblem(400, f"Request body is nested deeper than {max_depth} levels") from None
    except ValueError as exc:
        raise HTTPProblem(400, f"Request body is not valid JSON: {exc}") from None
    if depth(value) > max_depth:
        raise HTTPProblem(400, f"Request body is nested deeper than {max_depth} levels")
    return value


def depth(value: object) -> int:
    """How deeply objects and arrays nest in ``value`` (a scalar is 0); iterative, no recursion."""
    deepest = 0
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, dict):
            children: Iterable[object] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level + 1)
        pending.extend((child, level + 1) for child in children)
    return deepest


class ErrorBoundary:
    """ASGI middleware: whatever ``app`` raises becomes an ``Error`` answer, never a traceback.

    ``HTTPProblem`` is answered as itself; any other exception is a 500 and one log line. A
    client that left gets nothing. ``on_shutdown`` runs when the server stops, after its
    last request (an app's connection pool closes there, on the server's event loop).
    """

    def __init__(self, app: ASGIApp, on_shutdown: Shutdown | None = None) -> None:
        self._app = app
        self._on_shutdown = on_shutdown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets are not served
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, tracked)
        except ClientGone:
            return
        except HTTPProblem as problem:
            if not started:
                await send_error(send, problem.status, problem.message, problem.headers)
        except Exception as exc:  # the boundary: nothing may reach uvicorn's traceback
            log.warning(
                "%s %s failed: %s: %s", scope["method"], scope["path"], type(exc).__name__, exc
            )
            if not started:
                message = f"The server failed: {type(exc).__name__}"
                await send_error(send, 500, message, _CLOSE)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._on_shutdown is not None:
                    try:
                        await self._on_shutdown()
                    except Exception as exc:  # shutting down: say so, and finish stopping
                        log.warning("shutdown failed: %s: %s", type(exc).__name__, exc)
                await send({"type": "lifespan.shutdown.complete"})
                return


class _LingeringTransport:
    """A transport that, closed while the client may still be sending, lets the answer land.

    Closing a socket with unread bytes makes the kernel send a reset, which can destroy an
    answer (413, 400) before the client has read it, as when a client is still sending the
    rest of an oversized body. So such a close sends the answer and a FIN, drops whatever
    the client still sends, and closes for good once the client does, or after
    ``LINGER_TIMEOUT``. Any other close is immediate.
    """

    def __init__(self, transport: asyncio.BaseTransport, protocol: _Protocol) -> None:
        self._transport = cast(asyncio.Transport, transport)
        self._protocol = protocol
        self._lingering = False

    def close(self) -> None:
        if self._lingering or not self._protocol.input_pending():
            self._transport.close()
            return
        self._lingering = True
        self._protocol.drop_input()
        if self._transport.can_write_eof():
            self._transport.write_eof()
        asyncio.get_running_loop().call_later(LINGER_TIMEOUT, self._transport.close)

    def is_closing(self) -> bool:
        return self._lingering or self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - whatever the transport has
        return getattr(self._transport, name)


class _NotOriginForm(Exception):
    pass


class _Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering malformed requests in the ``Error`` shape.

    Its parser calls ``send_400_response`` for anything it cannot parse; a callback that
    raises is such a failure too, which is how a target other than ``/path`` is refused
    (``GET http://elsewhere/`` and ``GET @host:port/`` must not look like a path here), and
    ``CONNECT``.
    A connection that sends nothing is closed after the keep-alive timeout, as between
    requests; a request head must arrive whole within ``HEAD_TIMEOUT`` once it has begun.
    Each request's scope carries the closer of its connection (``drop_connection``).
    """

    _head_timer: asyncio.TimerHandle | None = None
    _problem = "Malformed HTTP request"
    _dropping = False
    _malformed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(_LingeringTransport(transport, self))  # type: ignore[arg-type]
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def input_pending(self) -> bool:
        """Whether the client may still be sending: a body not read to its end, or bytes
        after a request we could not parse."""
        return self._malformed or (self.cycle is not None and self.cycle.more_body)

    def drop_input(self) -> None:
        self._dropping = True

    def data_received(self, data: bytes) -> None:
        if not self._dropping:
            super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timed_out)

    def on_headers_complete(self) -> None:
        self._cancel_head_timer()
        if not self.url.startswith(b"/"):
            self._problem = "Malformed HTTP request: only origin-form targets (/path) are served"
            raise _NotOriginForm
        if self.parser.get_method() == b"CONNECT":
            self._problem = "Malformed HTTP request: CONNECT is not served (this is no proxy)"
            raise _NotOriginForm
        self.scope["extensions"] = {DROP_EXTENSION: {"close": self.transport.close}}
        super().on_headers_complete()

    def _unsupported_upgrade_warning(self) -> None:
        """Quiet: a request asking to upgrade (to h2c, websocket) is served as plain HTTP."""

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        self._write_error(408, f"Request head did not arrive within {HEAD_TIMEOUT:g} s")

    def send_400_response(self, msg: str) -> None:
        self._cancel_head_timer()
        self._write_error(400, self._problem)

    def _write_error(self, status: int, message: str) -> None:
        if self.transport.is_closing():
            return
        self._malformed = True
        body = error_body(status, message)
        head = (
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
            "content-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        )
        self.transport.write(head.encode("ascii") + body)
        self.transport.close()


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (0: a free port), not yet listening."""
    # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say TCP,
    # and uvicorn writes a head and its body apart: with Nagle on, each answer waits 40 ms.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUseError(f"{host}:{port} is in use; pass --port") from None
        raise PortInUseError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def _config(app: ASGIApp, on_shutdown: Shutdown | None) -> uvicorn.Config:
    return uvicorn.Config(
        ErrorBoundary(app, on_shutdown),
        http=_Protocol,
        lifespan="off" if on_shutdown is None else "on",
        ws="none",
        interface="asgi3",
        backlog=BACKLOG,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
        access_log=False,
        # Nothing of ours runs behind a proxy: no X-Forwarded-* rewriting, one layer less.
        proxy_headers=False,
        log_config=None,
        server_header=False,
    )


class BackgroundServer:
    """``app`` served on ``host:port`` (0: a free port) by uvicorn in a daemon thread.

    ``start`` returns once it accepts connections; ``stop`` (or leaving the ``with`` block)
    closes it and its connections, then awaits ``on_shutdown``. ``port`` is the bound port.
    """

    def __init__(
        self,
        app: ASGIApp,
        host: str,
        port: int = 0,
        *,
        name: str = "vbc-server",
        on_shutdown: Shutdown | None = None,
    ) -> None:
        self._socket = bind(host, port)
        self.host = host
        self.port: int = self._socket.getsockname()[1]
        self._server = uvicorn.Server(_config(app, on_shutdown))
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._failure: BaseException | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as exc:  # reported by start(); a thread has nobody else to tell
            self._failure = exc

    def start(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not self._server.started and self._thread.is_alive():
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server on {self.base_url} did not start in time")
            time.sleep(0.005)
        if not self._server.started:
            self._socket.close()
            raise RuntimeError(f"the server on {self.base_url} did not start: {self._failure!r}")
        return self

    def stop(self) -> None:
        """Close the server and its connections. Safe to call more than once."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(SERVER_START_TIMEOUT)
        self._socket.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(
    app: ASGIApp, sock: socket.socket, *, on_shutdown: Shutdown | None = None
) -> None:
    """Serve ``app`` on the bound ``sock`` in the foreground until Ctrl-C or SIGTERM.

    uvicorn re-raises the signal that stopped it once it has shut down (``on_shutdown`` run):
    Ctrl-C as ``KeyboardInterrupt``, SIGTERM to whatever handler was installed before.
    """
    server = uvicorn.Server(_config(app, on_shutdown))
    with contextlib.closing(sock):
        server.run(sockets=[sock])
