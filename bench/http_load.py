"""Requests per second a server answers, measured with wrk: one call per run.

    from http_load import Request, measure

    result = measure("http://127.0.0.1:4010", [Request("GET", "/cc/accounts/1/calls")],
                     concurrency=16)
    result.requests_per_second, result.errors

``measure`` runs wrk once (``-t1``, one open connection per unit of concurrency,
keep-alive) for ``seconds``; the requests are sent in turn, each connection cycling through
the list. A benchmark takes ``DEFAULT_RUNS`` of them per figure, alternating the servers it
compares, and keeps the best. Errors are wrk's: connections that failed
(connect, read, write, timeout) and answers with a status of 400 or more.

wrk is the Debian package ``wrk``. When it is missing, ``measure`` installs it with apt-get if
it runs as root, else it raises ``WrkUnavailableError`` with the one line to run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SECONDS = 2  # wrk takes whole seconds
DEFAULT_RUNS = 5
# wrk's own per-request timeout: an answer slower than this counts as an error.
WRK_TIMEOUT = "5s"


class WrkUnavailableError(RuntimeError):
    """wrk is not installed and cannot be installed here."""


@dataclass(frozen=True)
class Request:
    """One request to send: ``path`` is the target after the base URL's host and port."""

    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class LoadResult:
    """A run's rate, and what it counted."""

    requests_per_second: float
    requests: int
    errors: int  # connection_errors + status_errors
    connection_errors: int  # connect, read, write and timeout errors
    status_errors: int  # answers with a status of 400 or more


def wrk() -> str:
    """The wrk executable, installed from Debian's archive when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise WrkUnavailableError("the HTTP load benchmark needs wrk: apt-get install -y wrk")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, capture_output=True, check=False, timeout=600).returncode:
        # An empty or stale package list: fetch it once and try again.
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, check=False, timeout=600)
        subprocess.run(install, capture_output=True, check=False, timeout=600)
    found = shutil.which("wrk")
    if not found:
        raise WrkUnavailableError("could not install wrk: apt-get install -y wrk failed")
    return found


def _lua(data: bytes | str) -> str:
    """A Lua string literal holding exactly ``data``'s bytes."""
    raw = data.encode() if isinstance(data, str) else data
    return '"' + "".join(f"\\{byte}" for byte in raw) + '"'


def _script(requests: Sequence[Request]) -> str:
    """wrk's Lua: pre-formatted requests in turn; a JSON summary on stdout at the end."""
    formatted = ",\n".join(
        "wrk.format({}, {}, {{{}}}, {})".format(
            _lua(r.method),
            _lua(r.path),
            ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in r.headers.items()),
            _lua(r.body) if r.body else "nil",
        )
        for r in requests
    )
    return f"""
local requests, n = nil, 0
init = function(args) requests = {{ {formatted} }} end
request = function()
  n = n % #requests + 1
  return requests[n]
end
done = function(summary, latency, reqs)
  local e = summary.errors
  io.write(string.format(
    '{{"requests": %d, "microseconds": %d, "connect": %d, "read": %d, "write": %d,'
    .. ' "timeout": %d, "status": %d}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status))
end
"""


def _run_once(
    executable: str, url: str, script: Path, concurrency: int, seconds: int
) -> dict[str, int]:
    command = [
        executable,
        "-t1",
        f"-c{concurrency}",
        f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    summary: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return summary


def measure(
    base_url: str,
    requests: Sequence[Request],
    *,
    concurrency: int,
    seconds: int = DEFAULT_SECONDS,
) -> LoadResult:
    """One wrk run of ``requests`` against ``base_url`` (see the module doc)."""
    if not requests:
        raise ValueError("measure needs at least one request")
    executable = wrk()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "requests.lua")
        script.write_text(_script(requests))
        summary = _run_once(executable, base_url, script, concurrency, seconds)
    connection_errors = sum(summary[k] for k in ("connect", "read", "write", "timeout"))
    return LoadResult(
        requests_per_second=summary["requests"] / summary["microseconds"] * 1e6,
        requests=summary["requests"],
        errors=connection_errors + summary["status"],
        connection_errors=connection_errors,
        status_errors=summary["status"],
    )
