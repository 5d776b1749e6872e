"""The Prism mock as a managed process: start on a free loopback port, wait, always stop.

One implementation serves the project's tests, the pytest plugin, ``make mock`` and
``vbc mock``. Prism listens on a private port behind the guard proxy (``_guard``),
which answers the requests Prism would hang on.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

import httpx

from .._exceptions import VBCError
from ._constants import MOCK_HOST, MOCK_PORT, PRISM_PACKAGE, PRISM_START_TIMEOUT
from ._guard import MockGuard
from ._spec import bundled_spec

# A development checkout carries the lockfile-pinned Prism beside the package tree.
_CHECKOUT_NODE_DIR = Path(__file__).resolve().parents[3] / "mock"


class PrismUnavailableError(VBCError, RuntimeError):
    """Prism could not be started (no Node.js/npx, or it exited before it was ready)."""


def free_port(host: str = MOCK_HOST) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def prism_command(spec: Path, host: str, port: int) -> tuple[list[str], Path | None]:
    """The command line that serves ``spec``, and the folder to run it in.

    Inside a checkout, npx runs the lockfile-pinned Prism from ``mock/``; elsewhere npx
    fetches the same pinned version once into its cache.
    """
    npx = shutil.which("npx")
    if npx is None:
        raise PrismUnavailableError(
            "the Prism mock needs Node.js: `npx` was not found on PATH "
            "(install Node.js 18 or newer, https://nodejs.org)"
        )
    args = ["mock", "--host", host, "--port", str(port), "--verboseLevel", "warn", str(spec)]
    if (_CHECKOUT_NODE_DIR / "node_modules" / ".bin" / "prism").exists():
        return [npx, "--no", "prism", *args], _CHECKOUT_NODE_DIR
    return [npx, "--yes", PRISM_PACKAGE, *args], None


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _end_group(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGTERM the process group ``process`` leads, then SIGKILL whatever outlives ``grace``.

    Waiting for the leader (npx) is not enough: the node process under it may still be
    shutting down, holding the port.
    """
    pgid = process.pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        process.poll()  # reap the leader, or it lingers as a zombie member of the group
        if not _group_alive(pgid):
            break
        time.sleep(0.05)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    process.wait()


class PrismMock:
    """A running Prism mock. Use as a context manager, or call ``start``/``stop``.

    >>> with PrismMock() as mock:
    ...     httpx.get(mock.base_url + "/cc/accounts/self/calls")
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
        self.port = port or free_port(host)
        self.start_timeout = start_timeout
        self._prism_port = free_port(host)
        self._process: subprocess.Popen[bytes] | None = None
        self._guard: MockGuard | None = None
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"PrismMock({self.base_url!r}, {state})"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> PrismMock:
        """Start Prism and return once it answers HTTP; raise if it cannot."""
        command, cwd = prism_command(self.spec, self.host, self._prism_port)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Its own process group, so that stop() ends npx and the node process under it.
            start_new_session=True,
        )
        try:
            self._wait_ready()
            self._guard = MockGuard(self.host, self.port, f"http://{self.host}:{self._prism_port}")
            self._guard.start()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise PrismUnavailableError(f"Prism exited before it was ready:\n{self.output()}")
            with contextlib.suppress(httpx.TransportError):
                # Any HTTP answer (Prism says 404 for "/") means it is serving.
                httpx.get(f"http://{self.host}:{self._prism_port}/", timeout=1.0)
                return
            time.sleep(0.2)
        raise PrismUnavailableError(
            f"Prism did not answer on port {self._prism_port} within {self.start_timeout:.0f} s:\n"
            f"{self.output()}"
        )

    def output(self, limit: int = 4000) -> str:
        """The last ``limit`` characters Prism printed."""
        if self._log is None or self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-limit:]

    def stop(self) -> None:
        """Stop the guard, Prism and every process it started. Safe to call more than once."""
        guard, self._guard = self._guard, None
        if guard is not None:
            guard.stop()
        process, self._process = self._process, None
        if process is not None:
            _end_group(process)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> PrismMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(spec: Path | None = None, *, host: str = MOCK_HOST, port: int = MOCK_PORT) -> None:
    """Serve the mock in the foreground until interrupted (``make mock``, ``vbc mock``)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGTERM (kill, timeout, CI cancelling a job) must stop Prism too, not orphan it.
    signal.signal(signal.SIGTERM, interrupt)
    with PrismMock(spec, host=host, port=port) as mock:
        print(f"Prism mock of the VBC Telephony API on {mock.base_url} (Ctrl-C stops it)")
        try:
            while mock.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            return
    raise PrismUnavailableError("Prism stopped on its own")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=serve.__doc__)
    parser.add_argument("--port", type=int, default=MOCK_PORT)
    parser.add_argument("--spec", type=Path, default=None)
    arguments = parser.parse_args()
    serve(arguments.spec, port=arguments.port)
