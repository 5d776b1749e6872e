"""``PrismMock``: the Prism mock in the background (tests, the pytest plugin, ``--mock``).

The guard (``_guard``) listens on the mock's port and forwards to Prism, which listens on a
private loopback port. The order matters (``_foreground.serve`` keeps the same):

1. the mock's port is bound first: a busy port is one ``PortInUseError``, and no Prism starts;
2. Prism starts (``_prism_process``: supervised, restarted when it exits on its own) and is
   waited for;
3. the guard serves, in a thread (``BackgroundServer``).

Stopping ends the guard, then Prism's whole process group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from .._local_servers import MOCK_HOST, bundled_spec
from .._server.running import Running
from .._server.serving import BackgroundServer, free_port, url_host
from ._defaults import PRISM_START_TIMEOUT
from ._guard import Guard
from ._prism_process import SupervisedPrism, fetch_prism


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
        return f"http://{url_host(self.host)}:{self.port}"

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
        guard = Guard(f"http://{url_host(self.host)}:{prism_port}")
        self._server = BackgroundServer(
            guard, self.host, self.port, name="vbc-mock-guard", on_shutdown=guard.aclose
        )
        self.port = self._server.bind().port
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
