"""The Prism mock as a managed process: start on a free loopback port, wait, always stop.

One implementation serves the project's tests, the pytest plugin and ``vbc mock``.
"""

from __future__ import annotations

import contextlib
import importlib.resources
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

from ._constants import MOCK_HOST, PRISM_PACKAGE, PRISM_START_TIMEOUT

# A development checkout carries the lockfile-pinned Prism beside the package tree.
_CHECKOUT_NODE_DIR = Path(__file__).resolve().parents[2] / "mock"


class PrismUnavailableError(RuntimeError):
    """Prism could not be started (no Node.js/npx, or it exited before it was ready)."""


def bundled_spec() -> Path:
    """The ``openapi.yaml`` shipped inside the installed package."""
    resource = importlib.resources.files("vbc_telephony_api").joinpath("openapi.yaml")
    return Path(str(resource))


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
    args = ["mock", "--host", host, "--port", str(port), str(spec)]
    if (_CHECKOUT_NODE_DIR / "node_modules" / ".bin" / "prism").exists():
        return [npx, "--no", "prism", *args], _CHECKOUT_NODE_DIR
    return [npx, "--yes", PRISM_PACKAGE, *args], None


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
        self.spec = spec or bundled_spec()
        self.host = host
        self.port = port or free_port(host)
        self.start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
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
        command, cwd = prism_command(self.spec, self.host, self.port)
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
                httpx.get(self.base_url + "/", timeout=1.0)
                return
            time.sleep(0.2)
        raise PrismUnavailableError(
            f"Prism did not answer on {self.base_url} within {self.start_timeout:.0f} s:\n"
            f"{self.output()}"
        )

    def output(self, limit: int = 4000) -> str:
        """The last ``limit`` characters Prism printed."""
        if self._log is None or self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-limit:]

    def stop(self) -> None:
        """Stop Prism and every process it started. Safe to call more than once."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
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
