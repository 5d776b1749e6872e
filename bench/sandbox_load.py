"""``make bench``'s sandbox rows: the sandbox against the Prism mock, side by side in one run.

- Requests per second (wrk, ``http_load``) on GET one call and GET the list of calls, at
  concurrency 1 and 16 (target: the sandbox ≥ 2x Prism, measured on Prism's own port, not
  through the guard), the two taking turns run by run after a warm-up. The sandbox holds
  100 active calls, so its list answers all 100 (about 57 kB); Prism answers its one example
  call, so the list row favours Prism.
- Start-up: from launching the server's process to its first HTTP answer (target: the sandbox
  ≤ 0.5 s), the sandbox as ``vbc sandbox`` (what ``make sandbox`` runs; the CLI's
  imports included), Prism as ``PrismMock`` starts it (npx, node, and the guard in front).

Both listen on 127.0.0.1 and are stopped at the end, whatever happens.
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
from http_load import DEFAULT_RUNS, Request, WrkUnavailableError, measure
from result import Result

from vbc_telephony._server.serving import free_port
from vbc_telephony.mock import PrismMock, PrismUnavailableError

PREFIX = "/t/vbc.prod/telephony/v3"
CALLS = "/cc/accounts/self/calls"
TOKEN = {"Authorization": "Bearer sandbox-token"}
LISTED_CALLS = 100
CONCURRENCY = (1, 16)
STARTS = 3
SPEEDUP_TARGET = 2.0
START_TARGET = 0.5
START_TIMEOUT = 30.0


@contextlib.contextmanager
def _sandbox_process() -> Iterator[tuple[str, float]]:
    """A sandbox in its own process: its URL, and the seconds to its first answer."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vbc_telephony.cli",
            "sandbox",
            "--port",
            str(port),
            "--seed",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                httpx.get(url + "/", timeout=1.0)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.perf_counter() - started > START_TIMEOUT:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.005)
        yield url, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)


def _prism_start() -> float:
    started = time.perf_counter()
    with PrismMock():
        return time.perf_counter() - started


def _rate(base_url: str, path: str, concurrency: int, seconds: int = 2) -> float:
    """One wrk run's rate; an error in it fails the benchmark."""
    request = [Request("GET", path, TOKEN)]
    result = measure(base_url, request, concurrency=concurrency, seconds=seconds)
    if result.errors:
        raise RuntimeError(f"{result.errors} errors on GET {path} at c={concurrency}")
    return result.requests_per_second


def _taking_turns(sandbox_url: str, prism_url: str, path: str, concurrency: int) -> list[float]:
    """The best rate of the sandbox and of Prism over ``DEFAULT_RUNS`` runs each, the two
    taking turns: a slow spell of the machine (another VM's load) falls on both."""
    ours, theirs = [], []
    for _ in range(DEFAULT_RUNS):
        ours.append(_rate(sandbox_url + PREFIX, PREFIX + path, concurrency))
        theirs.append(_rate(prism_url, path, concurrency))
    return [max(ours), max(theirs)]


def sandbox_rows() -> list[Result]:
    """The rows, or one saying why they could not be measured (no wrk, no Node.js)."""
    try:
        return _measured_rows()
    except (WrkUnavailableError, PrismUnavailableError) as exc:
        target = f"≥ {SPEEDUP_TARGET:.0f}x"
        return [Result("5. sandbox vs Prism", "-", "-", "-", target, False, f"5: {exc}")]


def _measured_rows() -> list[Result]:
    sandbox_starts: list[float] = []
    for _ in range(STARTS - 1):
        with _sandbox_process() as (_, seconds):
            sandbox_starts.append(seconds)
    prism_starts = [_prism_start() for _ in range(STARTS)]
    rows = []
    with _sandbox_process() as (sandbox_url, seconds), PrismMock() as prism:
        sandbox_starts.append(seconds)
        contact = {"type": "extension", "destination": "1001"}
        ids = [
            httpx.post(f"{sandbox_url}/_sandbox/calls", json={"from": contact, "to": contact})
            .raise_for_status()
            .json()["call_id"]
            for _ in range(LISTED_CALLS)
        ]
        # Prism on its own port: the rows compare the two servers, not the guard in between.
        prism_url = prism.prism_url
        assert prism_url is not None, "a started PrismMock knows Prism's port"
        listed = httpx.get(sandbox_url + PREFIX + CALLS, headers=TOKEN).json()["calls"]
        assert len(listed) == LISTED_CALLS, "the sandbox lists every call on one page"
        targets = {"GET one call": f"{CALLS}/{ids[0]}", f"GET list ({LISTED_CALLS} calls)": CALLS}
        for path in targets.values():  # warm-up: Node's JIT, both servers' caches
            _rate(sandbox_url + PREFIX, PREFIX + path, CONCURRENCY[-1], seconds=1)
            _rate(prism_url, path, CONCURRENCY[-1], seconds=1)
        for what, path in targets.items():
            for concurrency in CONCURRENCY:
                ours, theirs = _taking_turns(sandbox_url, prism_url, path, concurrency)
                rows.append(
                    Result(
                        f"5. sandbox vs Prism: {what}, concurrency {concurrency}",
                        f"{ours:,.0f} req/s",
                        f"{theirs:,.0f} req/s",
                        f"{ours / theirs:.1f}x",
                        f"≥ {SPEEDUP_TARGET:.0f}x",
                        ours / theirs >= SPEEDUP_TARGET,
                        "",
                    )
                )
        # For scale: the same list cut to Prism's size (one call on the page).
        one_per_page = max(
            _rate(sandbox_url + PREFIX, PREFIX + CALLS + "?page_size=1", CONCURRENCY[-1])
            for _ in range(DEFAULT_RUNS)
        )
        list_bytes = len(httpx.get(sandbox_url + PREFIX + CALLS, headers=TOKEN).content)
        prism_bytes = len(httpx.get(prism_url + CALLS, headers=TOKEN).content)
    ours_start, theirs_start = statistics.median(sandbox_starts), statistics.median(prism_starts)
    rows.append(
        Result(
            "6. sandbox vs Prism: start-up to first answer",
            f"{ours_start:.2f} s",
            f"{theirs_start:.2f} s",
            f"{theirs_start / ours_start:.1f}x faster",
            f"≤ {START_TARGET} s",
            ours_start <= START_TARGET,
            f"5-6: wrk, one thread, keep-alive, after a warm-up; the sandbox and Prism take"
            f" turns, best of {DEFAULT_RUNS} runs of 2 s each, 0 errors in any run."
            f" The sandbox lists its {LISTED_CALLS} calls ({list_bytes:,} bytes a"
            f" page), Prism its one example ({prism_bytes:,} bytes); a page of one call from"
            f" the sandbox: {one_per_page:,.0f} req/s at concurrency {CONCURRENCY[-1]}."
            f" Start-up: median of {STARTS} launches each, from starting the process to the"
            " first HTTP answer (Prism: npx, node and the guard in front of it).",
        )
    )
    return rows
