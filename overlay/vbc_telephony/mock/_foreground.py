"""``serve``: the Prism mock in the foreground until Ctrl-C or SIGTERM (``vbc mock``,
``make mock``), in the order ``_background`` describes: the port, then Prism, then the guard.

A stop signal while Prism is still starting stops it too (it is never orphaned); either way
the signal handlers there were before are back when ``serve`` returns.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .._local_servers import MOCK_HOST, MOCK_PORT, bundled_spec
from .._server.serving import free_port, listening, serve_forever, url_host
from .._server.signals import StopSignals
from ._defaults import PRISM_START_TIMEOUT
from ._guard import Guard
from ._prism_process import PrismUnavailableError, SupervisedPrism, fetch_prism


def serve(spec: Path | None = None, *, host: str = MOCK_HOST, port: int = MOCK_PORT) -> None:
    """Serve the mock in the foreground until Ctrl-C or SIGTERM (``make mock``, ``vbc mock``).

    Raises ``PortInUseError`` for a busy port (before starting anything) and
    ``PrismUnavailableError`` when Prism cannot start, or dies and cannot be restarted.
    """
    sock = listening(host, port)
    failures: list[BaseException] = []
    prism: SupervisedPrism | None = None
    # SIGTERM (kill, timeout, CI cancelling a job) must stop Prism too, not orphan it.
    with StopSignals() as signals:

        def fail(exc: BaseException) -> None:  # Prism died for good: stop the guard
            failures.append(exc)
            signals.stop()

        try:
            prism_port = free_port(host)
            fetch_prism()
            prism = SupervisedPrism(
                (spec or bundled_spec()).resolve(), host, prism_port, PRISM_START_TIMEOUT, fail
            )
            prism.start()
            guard = Guard(prism.url)
            print(
                f"Prism mock of the VBC Telephony API on http://{url_host(host)}:"
                f"{sock.getsockname()[1]} (Ctrl-C stops it)"
            )
            sys.stdout.flush()
            serve_forever(guard, sock, on_shutdown=guard.aclose, signals=signals)
        finally:
            sock.close()
            if prism is not None:
                prism.stop()
    if failures:
        raise PrismUnavailableError(f"Prism stopped and could not be restarted: {failures[0]}")
