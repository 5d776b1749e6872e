"""Running an app on the stack every server we ship shares: uvicorn (httptools, uvloop),
with our protocol (``protocol``) and ``ErrorBoundary`` (``asgi``) around the app.

``BackgroundServer`` runs an app on a loopback port in a thread (tests, the pytest plugin),
``serve_forever`` in the foreground until Ctrl-C or SIGTERM (``vbc mock``, ``vbc sandbox``);
both await the app's ``on_shutdown`` (closing its client pool, say) on the server's loop.
uvicorn runs on uvloop where it is installed (the ``testing`` extra). Each binds the
listening socket before serving, so a busy port is one ``PortInUseError`` and no
half-started server.

Stopping calls the app's ``on_stopping`` first (the sandbox ends its latency waits there),
lets the requests still being handled finish for ``GRACEFUL_SHUTDOWN`` seconds, then cancels
them (``ErrorBoundary`` answers a cancelled request 503). Signals are ``signals.StopSignals``'s.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Self

import uvicorn

from .._exceptions import VBCError
from .asgi import ASGIApp, ErrorBoundary, Shutdown
from .limits import BACKLOG, GRACEFUL_SHUTDOWN, KEEP_ALIVE_TIMEOUT, SERVER_START_TIMEOUT
from .protocol import Protocol
from .running import Running
from .signals import StopSignals


class PortInUseError(VBCError, OSError):
    """The address to listen on is taken (or cannot be bound at all)."""


def url_host(host: str) -> str:
    """``host`` as it stands in a URL: an IPv6 address in brackets (``[::1]``)."""
    return f"[{host}]" if ":" in host else host


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


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


def listening(host: str, port: int) -> socket.socket:
    """``bind``, and listening: from here on a connection waits in the backlog until the
    server accepts it, so the caller may print its address before it serves. A client that
    reads that line and connects at once is then answered, not refused."""
    sock = bind(host, port)
    sock.listen(BACKLOG)
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
        http=Protocol,
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

    Nothing is bound or started until ``bind`` (the port only) or ``start``; ``start``
    returns once it accepts connections; ``stop`` (or leaving the ``with`` block) closes it and
    its connections, then awaits ``on_shutdown``. ``port`` is the bound port once bound.
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
        self.host = host
        self.port = port
        self._socket: socket.socket | None = None
        self._server = _Server(_config(app, on_shutdown), on_stopping)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._failure: BaseException | None = None

    @property
    def base_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

    def bind(self) -> Self:
        """Take the port (``PortInUseError`` if it is busy), without serving yet."""
        if self._socket is None:
            self._socket = bind(self.host, self.port)
            self.port = self._socket.getsockname()[1]
        return self

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket] if self._socket else None)
        except BaseException as exc:  # reported by start(); a thread has nobody else to tell
            self._failure = exc

    def start(self) -> Self:
        self.bind()
        self._thread.start()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not self._server.started and self._thread.is_alive():
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server on {self.base_url} did not start in time")
            time.sleep(0.005)
        if not self._server.started:
            self.stop()
            raise RuntimeError(f"the server on {self.base_url} did not start: {self._failure!r}")
        return self

    def stop(self) -> None:
        """Close the server and its connections. Safe to call more than once."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(SERVER_START_TIMEOUT)
        if self._socket is not None:
            self._socket.close()


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
