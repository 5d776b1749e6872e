"""Prism as a supervised process: the command that runs the pinned Prism, its first fetch,
and a process group that is restarted when it exits on its own and always ended on stop.

Prism runs in its own process group, watched by a thread: when it exits on its own, the
watcher says so once (log warning, on stderr unless logging is configured) and starts it
again on the same port. Stopping ends the whole process group (Prism, and npx where it runs
Prism), not only its leader.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx

from .._exceptions import VBCError
from .._transports import tls_context
from ._defaults import PRISM_PACKAGE, PRISM_VERSION

# A development checkout carries the lockfile-pinned Prism beside the package tree.
_CHECKOUT_PRISM = Path(__file__).resolve().parents[3] / "mock" / "node_modules" / ".bin" / "prism"
# How long npx may take to fetch Prism the first time (a cold npm cache, a slow network).
_FETCH_TIMEOUT = 600.0
# How Prism's CLI says why it gave up (``[CLI] ✖ fatal <why>``), before its whole help text.
_FATAL = re.compile(r"✖\s+fatal\s+(?P<why>.+)")

log = logging.getLogger("vbc_telephony.mock")


class PrismUnavailableError(VBCError, RuntimeError):
    """Prism could not be started (no Node.js/npx, or it exited before it was ready)."""


def _npx() -> str:
    npx = shutil.which("npx")
    if npx is None:
        raise PrismUnavailableError(
            "the Prism mock needs Node.js: `npx` was not found on PATH "
            "(install Node.js 18 or newer, https://nodejs.org)"
        )
    return npx


def _in_checkout() -> bool:
    return _CHECKOUT_PRISM.exists()


def prism_command(spec: Path, host: str, port: int) -> list[str]:
    """The command line that serves ``spec`` on ``host:port``.

    Inside a checkout, the lockfile-pinned Prism in ``mock/`` runs as it is: through
    ``npm exec`` it would take a second longer to start and to stop. Elsewhere npx runs the
    same pinned version from its cache (``fetch_prism`` puts it there). Either needs Node.js,
    which ``npx`` being there says.
    """
    npx = _npx()
    args = ["mock", "--host", host, "--port", str(port), "--verboseLevel", "warn", str(spec)]
    if _in_checkout():
        return [str(_CHECKOUT_PRISM), *args]
    return [npx, "--yes", PRISM_PACKAGE, *args]


def _npx_cached() -> bool:
    """Whether npx's cache already holds the pinned Prism (npm 7+ keeps it in ``_npx/``)."""
    cache = os.environ.get("npm_config_cache") or os.environ.get(  # noqa: SIM112 - npm reads both
        "NPM_CONFIG_CACHE"
    )
    root = Path(cache) if cache else Path.home() / ".npm"
    for manifest in root.glob("_npx/*/node_modules/@stoplight/prism-cli/package.json"):
        with contextlib.suppress(OSError, ValueError):
            if json.loads(manifest.read_text()).get("version") == PRISM_VERSION:
                return True
    return False


def fetch_prism() -> None:
    """Outside a checkout, have npx fetch the pinned Prism once, saying so on stderr.

    A failure raises ``PrismUnavailableError`` with npm's last error line, not its whole log.
    """
    if _in_checkout() or _npx_cached():
        return
    print(f"fetching Prism {PRISM_VERSION} with npx, first use only…", file=sys.stderr, flush=True)
    try:
        done = subprocess.run(  # noqa: S603 - fixed command, no shell
            [_npx(), "--yes", PRISM_PACKAGE, "--version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_FETCH_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PrismUnavailableError(
            f"npx could not fetch {PRISM_PACKAGE} within {_FETCH_TIMEOUT:.0f} s"
        ) from None
    if done.returncode != 0:
        raise PrismUnavailableError(
            f"npx could not fetch {PRISM_PACKAGE}: {_last_npm_error(done.stderr + done.stdout)}"
        )


def _last_npm_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [
        line
        for line in lines
        if line.startswith(("npm error", "npm ERR!")) and "complete log" not in line
    ]
    return (errors or lines or ["no output"])[-1]


def group_alive(pgid: int) -> bool:
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
        if not group_alive(pgid):
            break
        time.sleep(0.05)
    else:
        _kill_group(pgid)
    process.wait()


def _kill_group(pgid: int, grace: float = 5.0) -> None:
    """SIGKILL the process group ``pgid`` and wait (up to ``grace``) until it is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + grace
    while group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)


class SupervisedPrism:
    """Prism serving ``spec`` on ``host:port``, started again whenever it exits on its own.

    ``on_failure`` is called (from the watcher thread) when a restart fails; the watcher
    then gives up.
    """

    def __init__(
        self,
        spec: Path,
        host: str,
        port: int,
        start_timeout: float,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.spec = spec
        self.url = f"http://{host}:{port}"
        self._command = prism_command(spec, host, port)
        self._start_timeout = start_timeout
        self._on_failure = on_failure
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None
        self._watcher: threading.Thread | None = None
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()

    @property
    def pid(self) -> int | None:
        """Prism's process id, which is also its process group id."""
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start Prism and return once it answers HTTP; raise if it cannot."""
        self._spawn()
        self._wait_ready()
        self._watcher = threading.Thread(target=self._watch, name="vbc-prism-watch", daemon=True)
        self._watcher.start()

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                raise PrismUnavailableError("the mock is stopping")
            self._process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
                self._command,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                # Its own process group, so that stopping ends npx and the node process under it.
                start_new_session=True,
            )

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._start_timeout
        with httpx.Client(timeout=1.0, verify=tls_context()) as probe:
            while time.monotonic() < deadline and not self._stopping.is_set():
                if not self.running:
                    raise PrismUnavailableError(
                        f"Prism exited before it was ready: {_why(self.output())}"
                    )
                with contextlib.suppress(httpx.TransportError):
                    # Any HTTP answer (Prism says 404 for "/") means it is serving.
                    probe.get(self.url + "/")
                    return
                time.sleep(0.2)
        if self._stopping.is_set():
            raise PrismUnavailableError("the mock is stopping")
        raise PrismUnavailableError(
            f"Prism did not answer on {self.url} within {self._start_timeout:.0f} s:\n"
            f"{self.output()}"
        )

    def _watch(self) -> None:
        while (process := self._process) is not None:
            code = process.wait()
            if self._stopping.is_set():
                return
            log.warning("Prism exited (code %s); the mock restarts it", code)
            _kill_group(process.pid)  # whatever is left of it holds the port
            try:
                self._spawn()
                self._wait_ready()
            except PrismUnavailableError as exc:
                if not self._stopping.is_set():
                    log.error("Prism could not be restarted: %s", str(exc).splitlines()[0])
                    if self._on_failure is not None:
                        self._on_failure(exc)
                return

    def output(self, limit: int = 4000) -> str:
        """The last ``limit`` characters Prism printed."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-limit:]

    def stop(self) -> None:
        """End Prism's whole process group and the watcher. Safe to call more than once."""
        self._stopping.set()
        with self._lock:
            process = self._process
        if process is not None:
            _end_group(process)
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join()
        self._log.close()


def _why(output: str) -> str:
    """What Prism said made it give up, or all it printed when it did not say."""
    fatal = _FATAL.search(output)
    return fatal["why"].strip() if fatal else "\n" + output
