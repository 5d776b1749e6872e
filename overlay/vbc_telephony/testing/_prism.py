"""The Prism mock: Prism behind the guard, started and always stopped.

One implementation serves the project's tests, the pytest plugin, ``make mock`` and
``vbc mock``. The guard (``_guard``) listens on the mock's port and forwards to Prism, which
listens on a private loopback port. The order matters:

1. the mock's port is bound first: a busy port is one ``PortInUseError``, and no Prism starts;
2. Prism starts (``_prism_process``: supervised, restarted when it exits on its own) and is
   waited for; requests meanwhile get 502 from the guard;
3. the guard serves (``PrismMock``: in a thread, ``BackgroundServer``; ``serve``: in the
   foreground until Ctrl-C or SIGTERM).

Stopping ends the guard, then Prism's whole process group.
"""

from __future__ import annotations

import _thread
import signal
import socket
import sys
from pathlib import Path
from typing import Self

from ._constants import MOCK_HOST, MOCK_PORT, PRISM_START_TIMEOUT
from ._guard import Guard
from ._prism_process import PrismUnavailableError, SupervisedPrism, fetch_prism
from ._running import Running
from ._server import BackgroundServer, bind, serve_forever
from ._spec import bundled_spec

__all__ = ["PrismMock", "PrismUnavailableError", "free_port", "serve"]


def free_port(host: str = MOCK_HOST) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class PrismMock(Running):
    """A running Prism mock behind its guard. Use as a context manager, or ``start``/``stop``.

    >>> with PrismMock() as mock:
    ...     httpx.get(mock.base_url + "/cc/accounts/self/calls")

    ``port`` None or 0: a free port, known as ``port`` once started.
    """

    def __init__(
        self,
        spec: Path | None = None,
        *,
        port: int | None = None,
        host: str = MOCK_HOST,
        start_timeout: float = PRISM_START_TIMEOUT,
    ) -> None:
        self.spec = (spec or bundled_spec()).resolve()
        self.host = host
        self.port = port or 0
        self.start_timeout = start_timeout
        self._prism: SupervisedPrism | None = None
        self._server: BackgroundServer | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def prism_url(self) -> str | None:
        """Prism's own URL behind the guard, while running (for tests and benchmarks)."""
        return None if self._prism is None else self._prism.url

    @property
    def prism_pid(self) -> int | None:
        """The id of Prism's process, which leads its process group, while running."""
        return None if self._prism is None else self._prism.pid

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"PrismMock({self.base_url!r}, {state})"

    @property
    def running(self) -> bool:
        return self._prism is not None and self._prism.running

    def start(self) -> Self:
        """Bind the port, start Prism, then the guard; return once both answer. Raise if not.

        A busy port raises ``PortInUseError`` before Prism is started.
        """
        prism_port = free_port(self.host)
        guard = Guard(f"http://{self.host}:{prism_port}")
        self._server = BackgroundServer(
            guard, self.host, self.port, name="vbc-mock-guard", on_shutdown=guard.aclose
        )
        self.port = self._server.port
        try:
            fetch_prism()
            self._prism = SupervisedPrism(self.spec, self.host, prism_port, self.start_timeout)
            self._prism.start()
            self._server.start()
        except BaseException:
            self.stop()
            raise
        return self

    def output(self, limit: int = 4000) -> str:
        """The last ``limit`` characters Prism printed."""
        return "" if self._prism is None else self._prism.output(limit)

    def stop(self) -> None:
        """Stop the guard, Prism and every process it started. Safe to call more than once."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
        prism, self._prism = self._prism, None
        if prism is not None:
            prism.stop()


def serve(spec: Path | None = None, *, host: str = MOCK_HOST, port: int = MOCK_PORT) -> None:
    """Serve the mock in the foreground until Ctrl-C or SIGTERM (``make mock``, ``vbc mock``).

    Raises ``PortInUseError`` for a busy port (before starting anything) and
    ``PrismUnavailableError`` when Prism cannot start, or dies and cannot be restarted.
    """
    sock = bind(host, port)
    failures: list[BaseException] = []

    def fail(exc: BaseException) -> None:
        failures.append(exc)
        _thread.interrupt_main()  # uvicorn's SIGINT handler: shut the guard down

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGTERM (kill, timeout, CI cancelling a job) must stop Prism too, not orphan it; while
    # the guard serves, uvicorn handles it and re-raises it here once it has shut down.
    signal.signal(signal.SIGTERM, interrupt)
    prism: SupervisedPrism | None = None
    try:
        prism_port = free_port(host)
        fetch_prism()
        prism = SupervisedPrism(
            (spec or bundled_spec()).resolve(), host, prism_port, PRISM_START_TIMEOUT, fail
        )
        prism.start()
        guard = Guard(prism.url)
        print(f"Prism mock of the VBC Telephony API on http://{host}:{port} (Ctrl-C stops it)")
        sys.stdout.flush()
        serve_forever(guard, sock, on_shutdown=guard.aclose)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        if prism is not None:
            prism.stop()
    if failures:
        raise PrismUnavailableError(f"Prism stopped and could not be restarted: {failures[0]}")
