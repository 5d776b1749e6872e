"""Running the recording proxy: ``RecordingProxy`` in a thread (tests), ``serve`` in the
foreground (``vbc proxy``), both on the servers' shared stack.

``serve`` binds its port before anything else (a busy port is one line and no recording is
started), then serves until Ctrl-C or SIGTERM, after which it completes the recording and
the reports and returns the exit status: 1 if any exchange had a finding, else 0.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Self, TextIO

from .._server.running import Running
from .._server.serving import BackgroundServer, listening, serve_forever
from .._traffic._constants import DEFAULT_UPSTREAM, PROXY_HOST, PROXY_PORT
from ._forward import ProxyApp, origin
from ._observer import TrafficObserver


class RecordingProxy(Running):
    """The proxy on ``host:port`` (0: a free port) in a daemon thread, forwarding to
    ``upstream``. ``stop`` completes the recording and reports; ``exit_status`` is then what
    ``vbc proxy`` would exit with."""

    def __init__(
        self,
        upstream: str = DEFAULT_UPSTREAM,
        *,
        record: Path | None = None,
        report: Path | None = None,
        junit_xml: Path | None = None,
        keep_numbers: bool = False,
        host: str = PROXY_HOST,
        port: int = 0,
        out: TextIO = sys.stderr,
    ) -> None:
        origin(upstream)  # a bad upstream is refused before anything starts
        self._observer = TrafficObserver(
            record=record, report=report, junit_xml=junit_xml, keep_numbers=keep_numbers, out=out
        )
        self._app = ProxyApp(upstream, self._observer)
        self._server = BackgroundServer(
            self._app, host, port, name="vbc-proxy", on_shutdown=self._app.aclose
        )
        self.exit_status: int | None = None

    @property
    def server_url(self) -> str:
        return self._server.base_url

    @property
    def findings(self) -> list[str]:
        return [finding.line() for finding in self._observer.tally.findings]

    def start(self) -> Self:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()
        self.exit_status = self._observer.close()


def _ignore(signum: int, frame: FrameType | None) -> None:
    """Stands for the default action once uvicorn has stopped on the signal: the proxy then
    finishes its recording and reports, and exits with its own status."""


def serve(
    upstream: str = DEFAULT_UPSTREAM,
    *,
    host: str = PROXY_HOST,
    port: int = PROXY_PORT,
    record: Path | None = None,
    report: Path | None = None,
    junit_xml: Path | None = None,
    keep_numbers: bool = False,
    out: TextIO = sys.stderr,
) -> int:
    """Serve in the foreground until Ctrl-C or SIGTERM; the exit status (1: findings)."""
    origin(upstream)
    sock = listening(host, port)
    observer = TrafficObserver(
        record=record, report=report, junit_xml=junit_xml, keep_numbers=keep_numbers, out=out
    )
    app = ProxyApp(upstream, observer)
    server = f"http://{host}:{sock.getsockname()[1]}"
    out.write(
        f"vbc proxy on {server} -> {upstream} (Ctrl-C or SIGTERM stops it)\n"
        f"  point your app's base URL and token URL at {server}\n"
    )
    if record is not None:
        out.write(f"  recording to {record}\n")
    out.flush()
    previous = {sig: signal.signal(sig, _ignore) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        serve_forever(app, sock, on_shutdown=app.aclose)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        status = observer.close()
    return status
