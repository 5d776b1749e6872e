"""``make bench`` rows for the servers we ship: the mock's guard against Prism alone.

For each request (GET one call, GET the call list, PUT a leg action) and each concurrency
(1 and 16 connections), wrk (``http_load``) measures requests per second against Prism's own
port and through the guard in front of it, alternating, ``RUNS`` runs of ``SECONDS`` each,
best run of each kept. The guard runs as ``PrismMock`` runs it for tests: uvicorn in a thread
of this process, which does nothing else meanwhile, forwarding with aiohttp's client.
Targets: the guard keeps at least 60 % of Prism's rate at one connection (every answer pays
a second loopback round trip and the guard's CPU on top of Prism's) and 90 % at 16 (where
Node is the bottleneck). Nothing is sent anywhere but 127.0.0.1.

For scale, each row's note also gives the rate of the guard's client alone: aiohttp's
``ClientSession`` (the guard's ``Forwarder``) sending the same request to Prism one at a
time, on uvloop, taking its turn after Prism's and the guard's c=1 runs, best kept. It is
what a guard that did nothing but forward could reach at c=1, before the server side
(uvicorn) and the checks.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

from http_load import (
    DEFAULT_RUNS,
    DEFAULT_SECONDS,
    LoadResult,
    Request,
    WrkUnavailableError,
    measure,
)
from result import Result

from vbc_telephony.mock import PrismMock, PrismUnavailableError
from vbc_telephony.mock._forwarding import Forwarder

try:
    import uvloop
except ImportError:  # the guard runs on asyncio's own loop then, and so does this
    uvloop = None  # type: ignore[assignment]

RUNS = DEFAULT_RUNS
SECONDS = DEFAULT_SECONDS
# The share of Prism's rate the guard must keep, by concurrency.
TARGETS = {1: 0.6, 16: 0.9}
CONCURRENCY = tuple(TARGETS)
_CONCURRENCIES = " / ".join(f"c={c}" for c in CONCURRENCY)
_TARGET = " / ".join(f"≥ {share:.0%}" for share in TARGETS.values())

_AUTH = {"Authorization": "Bearer bench"}
_CALL = "/cc/accounts/1234/calls/3fa85f64-5717-4562-b3fc-2c963f66afa6"
REQUESTS = {
    "GET one call": Request("GET", _CALL, _AUTH),
    "GET call list": Request("GET", "/cc/accounts/1234/calls", _AUTH),
    "PUT leg (hold)": Request(
        "PUT",
        _CALL + "/legs/0d0a16ab-a508-4d58-bf24-5dc3cb248f3e",
        {**_AUTH, "Content-Type": "application/json"},
        b'{"state": "held"}',
    ),
}


def _best_of_alternating(
    prism_url: str, guard_url: str, request: Request, concurrency: int
) -> tuple[LoadResult, LoadResult, float | None, int]:
    """The best run of Prism and of the guard and, at c=1, of aiohttp's client alone (req/s),
    the three taking turns; and the errors of every run."""
    prism: list[LoadResult] = []
    guard: list[LoadResult] = []
    alone: list[float] = []
    for _ in range(RUNS):
        prism.append(measure(prism_url, [request], concurrency=concurrency, seconds=SECONDS))
        guard.append(measure(guard_url, [request], concurrency=concurrency, seconds=SECONDS))
        if concurrency == 1:
            alone.append(_client_alone(prism_url, request))
    return (
        max(prism, key=lambda r: r.requests_per_second),
        max(guard, key=lambda r: r.requests_per_second),
        max(alone, default=None),
        sum(run.errors for run in prism + guard),
    )


def _client_alone(prism_url: str, request: Request) -> float:
    """Requests per second aiohttp's client alone gets from Prism, one request at a time, over
    ``SECONDS`` (one connection, opened first)."""
    url = urlsplit(prism_url)
    host, port = url.hostname, url.port
    assert host is not None
    assert port is not None
    path, _, query = request.path.partition("?")
    headers = list(request.headers.items())

    async def run() -> float:
        forwarder = Forwarder(
            host, port, connections=1, keep_alive=4, connect_timeout=2, timeout=15
        )
        try:
            done, started = 0, time.perf_counter()
            while (elapsed := time.perf_counter() - started) < SECONDS:
                answer = await forwarder.forward(
                    request.method, path.encode(), query.encode(), headers, request.body
                )
                assert answer.status < 400, answer.status
                done += 1
        finally:
            await forwarder.aclose()
        return done / elapsed

    return uvloop.run(run()) if uvloop is not None else asyncio.run(run())


def mock_rows() -> list[Result]:
    """One row per request: the guard's and Prism's req/s at each concurrency, and the ratio."""
    try:
        with PrismMock() as mock:
            assert mock.prism_url is not None
            for request in REQUESTS.values():  # warm-up: Node's JIT, both pools
                measure(mock.base_url, [request], concurrency=16, seconds=1)
            return [
                _row(name, request, mock.prism_url, mock.base_url)
                for name, request in REQUESTS.items()
            ]
    except (WrkUnavailableError, PrismUnavailableError) as exc:
        return [
            Result(
                "4. mock guard vs Prism alone",
                "-",
                "-",
                "-",
                _TARGET,
                False,
                f"4: not measured: {exc}",
            )
        ]


def _row(name: str, request: Request, prism_url: str, guard_url: str) -> Result:
    measured = {c: _best_of_alternating(prism_url, guard_url, request, c) for c in CONCURRENCY}
    cells = [(c, prism, guard) for c, (prism, guard, _, _) in measured.items()]
    alone = measured[1][2]
    assert alone is not None
    ratios = [guard.requests_per_second / prism.requests_per_second for _, prism, guard in cells]
    errors = sum(errors for *_, errors in measured.values())
    return Result(
        name=f"4. mock guard vs Prism alone: {name} ({_CONCURRENCIES})",
        ours=" / ".join(f"{guard.requests_per_second:,.0f}" for _, _, guard in cells) + " req/s",
        baseline=" / ".join(f"{prism.requests_per_second:,.0f}" for _, prism, _ in cells)
        + " req/s",
        ratio=" / ".join(f"{ratio:.0%}" for ratio in ratios),
        target=_TARGET,
        passed=all(ratio >= TARGETS[c] for (c, _, _), ratio in zip(cells, ratios, strict=True))
        and errors == 0,
        note=(
            f"4 ({name}): wrk, {RUNS} alternating runs of {SECONDS} s per cell, best kept;"
            f" errors in any run (failed connections, status ≥ 400): {errors}. For scale, aiohttp's"
            f" client alone, one request at a time: {alone:,.0f} req/s,"
            f" {alone / measured[1][0].requests_per_second:.0%} of Prism's c=1 rate."
        ),
    )
