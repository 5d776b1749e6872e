"""The HTTP stack every server we ship runs on: uvicorn (httptools, uvloop), and our answer
to whatever goes wrong below the application (``_asgi`` holds what goes wrong inside it).

uvicorn parses HTTP; ``_Protocol`` answers in the spec's ``Error`` shape what its parser
refuses: malformed framing (bad ``Content-Length``, bad chunk sizes, a target that is not
origin-form ``/path``, ``CONNECT``, bytes that are not HTTP) with 400 instead of its
plain-text default, and a request head that does not arrive within ``HEAD_TIMEOUT`` with
408. An error answer to a client that is still sending is followed by a lingering close, so
that it arrives instead of a TCP reset. Each request's scope carries the closer of its own
connection (``DROP_EXTENSION``): uvicorn offers no way to leave a request unanswered from
ASGI (an application that returns without answering gets a 500 sent for it).

``BackgroundServer`` runs an app on a loopback port in a thread (tests, the pytest plugin),
``serve_forever`` in the foreground until Ctrl-C or SIGTERM (``vbc mock``, ``vbc sandbox``);
both wrap the app in ``ErrorBoundary`` and await its ``on_shutdown`` (closing its client
pool, say) on the server's loop. uvicorn runs on uvloop where it is installed (the
``testing`` extra). Both bind the listening socket before anything else starts, so a busy
port is one ``PortInUseError`` and no half-started server.

Stopping calls the app's ``on_stopping`` first (the sandbox ends its latency waits there),
lets the requests still being handled finish for ``GRACEFUL_SHUTDOWN`` seconds, then cancels
them (``ErrorBoundary`` answers a cancelled request 503). Signals are ours, not uvicorn's
(``StopSignals``): uvicorn re-raises the signal that stopped it from inside its event loop,
where the loop may swallow it, so a Ctrl-C sometimes ended with status 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from types import FrameType, TracebackType
from typing import Any, Self, cast

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .._exceptions import VBCError
from ._asgi import DROP_EXTENSION, ASGIApp, ErrorBoundary, Shutdown, error_body
from ._constants import (
    BACKLOG,
    GRACEFUL_SHUTDOWN,
    HEAD_TIMEOUT,
    KEEP_ALIVE_TIMEOUT,
    LINGER_TIMEOUT,
    SERVER_START_TIMEOUT,
)
from ._running import Running


class PortInUseError(VBCError, OSError):
    """The address to listen on is taken (or cannot be bound at all)."""


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
        if self._lingering:  # closed already: it ends with the client, or the timer
            return
        if not self._protocol.input_pending():
            self._transport.close()
            return
        self._lingering = True
        self._protocol.drop_input()
        # uvicorn pauses reading while a body waits to be read: the rest must still drain.
        self._transport.resume_reading()
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


def url_host(host: str) -> str:
    """``host`` as it stands in a URL: an IPv6 address in brackets (``[::1]``)."""
    return f"[{host}]" if ":" in host else host


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


Stopping = Callable[[], None]


class _Server(uvicorn.Server):
    """uvicorn's server, without its signal handling (``StopSignals`` does it), telling the
    app it is stopping before it waits for the requests in flight."""

    def __init__(self, config: uvicorn.Config, on_stopping: Stopping | None) -> None:
        super().__init__(config)
        self._on_stopping = on_stopping

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self._on_stopping is not None:
            self._on_stopping()
        await super().shutdown(sockets)


def _config(app: ASGIApp, on_shutdown: Shutdown | None) -> uvicorn.Config:
    return uvicorn.Config(
        ErrorBoundary(app, on_shutdown),
        http=_Protocol,
        lifespan="off" if on_shutdown is None else "on",
        ws="none",
        interface="asgi3",
        backlog=BACKLOG,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
        access_log=False,
        # Nothing of ours runs behind a proxy: no X-Forwarded-* rewriting, one layer less.
        proxy_headers=False,
        log_config=None,
        server_header=False,
    )


class BackgroundServer(Running):
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
        on_stopping: Stopping | None = None,
    ) -> None:
        self._socket = bind(host, port)
        self.host = host
        self.port: int = self._socket.getsockname()[1]
        self._server = _Server(_config(app, on_shutdown), on_stopping)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._failure: BaseException | None = None

    @property
    def base_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

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


class Interrupted(BaseException):
    """A stop signal arrived before anything served (while Prism started, say)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignals:
    """Ctrl-C and SIGTERM in the main thread, while entered: what stops a foreground server.

    Before a server serves (``serving``), a signal raises ``Interrupted`` where the main
    thread is; while one serves, it stops the server (a second Ctrl-C: without waiting for
    the requests in flight). Leaving restores the handlers there were before, then hands them
    the signal, outside any event loop: Ctrl-C becomes ``KeyboardInterrupt`` (the CLI's 130)
    every time, and SIGTERM ends the process as it would have (unless a handler was set).
    ``stop()`` stops the server without a signal, from any thread (Prism died for good).
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self._server: uvicorn.Server | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread():
            self._previous = {sig: signal.signal(sig, self._handle) for sig in _STOP_SIGNALS}
        return self

    def serving(self, server: uvicorn.Server | None) -> None:
        self._server = server

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.received is None
        self.received = self.received or signum
        server = self._server
        if server is None:
            raise Interrupted(signum)
        if not first and signum == signal.SIGINT:
            server.force_exit = True
        server.should_exit = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signum = self.received
        if signum is None or not (exc is None or isinstance(exc, Interrupted)):
            return False
        previous = self._previous.get(signum, signal.SIG_DFL)
        if previous is signal.default_int_handler:
            raise KeyboardInterrupt
        if callable(previous):
            previous(signum, None)
        elif previous == signal.SIG_DFL:
            signal.raise_signal(signum)  # the default action: the process ends here
        return True


def serve_forever(
    app: ASGIApp,
    sock: socket.socket,
    *,
    on_shutdown: Shutdown | None = None,
    on_stopping: Stopping | None = None,
    signals: StopSignals | None = None,
) -> None:
    """Serve ``app`` on the bound ``sock`` in the foreground until Ctrl-C or SIGTERM.

    ``signals``: the caller's ``StopSignals`` (entered), when it covers more than serving
    (starting Prism first); without one, serving has its own.
    """
    server = _Server(_config(app, on_shutdown), on_stopping)
    with contextlib.closing(sock), contextlib.ExitStack() as stack:
        if signals is None:
            signals = stack.enter_context(StopSignals())
        signals.serving(server)
        try:
            server.run(sockets=[sock])
        finally:
            signals.serving(None)
