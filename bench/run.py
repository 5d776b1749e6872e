"""``make bench``: the client's performance figures, measured side by side in one run.

1. Iterating 10,000 typed calls (100 pages of 100) through ``client.calls.list`` against a
   raw ``httpx.Client`` + stdlib ``json`` loop over the same pages reading the same fields.
   The two alternate after a warm-up run each; each figure is the best of ``LIST_ROUNDS``
   (target ≤ 1.5x). For scale, the generated ``CallsPage.from_dict`` alone is timed over the
   same pages, already decoded.
2. 200 ``calls.get`` with 20 ms of server latency: ``AsyncTelephony`` under
   ``asyncio.gather`` against the same 200 one after another with ``Telephony``; best of
   ``GET_ROUNDS`` each, on warm connections. Two rows: over the default async transport
   (aiohttp, the ``aiohttp`` extra; target ≥ 30x faster) and over httpx's own (target ≥ 6x).
   For scale: a bare ``httpx.AsyncClient`` at several pool sizes, and bare asyncio sockets.
3. Peak resident memory while streaming 100,000 calls (1,000 pages) through
   ``client.calls.list``, in a fresh process so that nothing else measured here counts
   (target ≤ 10 MB above the resident set before the first request).
7. Start-up (``startup.py``): ``import vbc_telephony`` and ``vbc --version`` against
   ``import httpx`` (target ≤ 1.3x each).
9. Making ``CLIENTS`` clients, each closed at once: ``vbc.Telephony`` against a plain
   ``httpx.Client``, alternating, best of ``CLIENT_ROUNDS`` (target: no slower). Ours share one
   TLS context; httpx loads the CA bundle again for each.

Rows 4-6 (the guard and the sandbox against Prism) come from ``servers.py`` and
``sandbox_load.py``; row 8 (a 100,000-exchange recording judged offline) from
``recordings.py``.

The server (``server.py``) answers pre-rendered responses on 127.0.0.1 from a process of
its own; nothing is sent anywhere else.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import httpx
import server
import servers
from recordings import recording_row
from result import Result
from rich.console import Console
from rich.table import Table
from sandbox_load import sandbox_rows
from startup import startup_rows
from workload import (
    GET_COUNT,
    GET_LATENCY,
    LIST_ACCOUNT,
    LIST_PAGES,
    PAGE_SIZE,
    STREAM_PAGES,
    call_id,
    touch_raw,
    touch_typed,
)

import vbc_telephony as vbc
from vbc_telephony._transports import httpx_async_transport
from vbc_telephony_api.models import CallsPage

R = TypeVar("R")

LIST_ROUNDS = 7
GET_ROUNDS = 5
RSS_PROBE_TIMEOUT = 120.0
TOKEN = "bench"
# Pool sizes a bare httpx.AsyncClient is timed at, for the quadratic pool scan's cost.
HTTPX_POOLS = (10, 100, 200)

ITERATION_TARGET = 1.5
AIOHTTP_CONCURRENCY_TARGET = 30.0
HTTPX_CONCURRENCY_TARGET = 6.0
RSS_TARGET_MB = 10.0
MB = 1_000_000
CLIENTS = 100
CLIENT_ROUNDS = 5
CONSTRUCTION_TARGET = 1.0


def _timed(run: Callable[[], R]) -> tuple[float, R]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


async def _timed_async(run: Callable[[], Awaitable[R]]) -> tuple[float, R]:
    started = time.perf_counter()
    result = await run()
    return time.perf_counter() - started, result


def _same(results: list[R], what: str) -> R:
    """The result every run returned; the runs must agree, or the timings mean nothing."""
    if any(result != results[0] for result in results):
        raise RuntimeError(f"{what}: the runs disagree: {results}")
    return results[0]


def _first_page_url(base_url: str, account: int) -> str:
    return f"{base_url}/cc/accounts/{account}/calls?page_size={PAGE_SIZE}"


# 1. Typed iteration against raw httpx + json.


def _iterate_typed(client: vbc.Telephony) -> int:
    listing = client.calls.list(str(LIST_ACCOUNT), page_size=PAGE_SIZE)
    return sum(touch_typed(call) for call in listing)


def _raw_pages(http: httpx.Client, base_url: str) -> Iterator[dict[str, Any]]:
    """Every page, decoded, following ``next_page_uri`` as a user of bare httpx would."""
    url: str | None = _first_page_url(base_url, LIST_ACCOUNT)
    while url is not None:
        page = http.get(url).raise_for_status().json()
        yield page
        link = page.get("next_page_uri")
        url = base_url + link if link else None


def _iterate_raw(http: httpx.Client, base_url: str) -> int:
    return sum(touch_raw(call) for page in _raw_pages(http, base_url) for call in page["calls"])


def bench_iteration(base_url: str) -> list[Result]:
    with (
        vbc.Telephony(base_url=base_url, auth=vbc.BearerToken(TOKEN)) as client,
        httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}) as http,
    ):
        legs = [_iterate_typed(client), _iterate_raw(http, base_url)]  # warm-up
        typed_times, raw_times = [], []
        for _ in range(LIST_ROUNDS):
            seconds, count = _timed(lambda: _iterate_typed(client))
            typed_times.append(seconds)
            legs.append(count)
            seconds, count = _timed(lambda: _iterate_raw(http, base_url))
            raw_times.append(seconds)
            legs.append(count)
        decoded = list(_raw_pages(http, base_url))
    _same(legs, "typed and raw iteration (legs read)")
    parse_only = min(
        _timed(lambda: [CallsPage.from_dict(page) for page in decoded])[0]
        for _ in range(LIST_ROUNDS)
    )
    typed, raw = min(typed_times), min(raw_times)
    ratio = typed / raw
    return [
        Result(
            f"1. iterate {LIST_PAGES * PAGE_SIZE:,} typed calls vs raw httpx+json",
            f"{typed * 1000:.0f} ms",
            f"{raw * 1000:.0f} ms",
            f"{ratio:.2f}x the time",
            f"≤ {ITERATION_TARGET:.1f}x",
            ratio <= ITERATION_TARGET,
            f"1: best of {LIST_ROUNDS} alternating runs each, after a warm-up run; both read"
            " call_id, status, from, start_time and every leg_id. The generated"
            f" CallsPage.from_dict alone, over the same {LIST_PAGES} pages already decoded, takes"
            f" {parse_only * 1000:.0f} ms ({parse_only / raw:.2f}x the raw loop).",
        )
    ]


# 2. Concurrent against sequential calls.get.


def _ids() -> list[str]:
    return [call_id(LIST_ACCOUNT, n) for n in range(GET_COUNT)]


def _pool(size: int) -> httpx.Limits:
    return httpx.Limits(max_connections=size, max_keepalive_connections=size)


def _sequential_gets(base_url: str) -> float:
    account, ids = str(LIST_ACCOUNT), _ids()
    with vbc.Telephony(base_url=base_url, auth=vbc.BearerToken(TOKEN)) as client:

        def run() -> int:
            return sum(client.calls.get(account, cid).call_id == cid for cid in ids)

        client.calls.get(account, ids[0])  # warm-up: the connection
        runs = [_timed(run) for _ in range(GET_ROUNDS)]
    if _same([found for _, found in runs], "sequential gets") != GET_COUNT:
        raise RuntimeError("sequential gets returned other calls than asked for")
    return min(seconds for seconds, _ in runs)


async def _best_gather(run: Callable[[], Awaitable[int]], what: str) -> float:
    await run()  # warm-up: opens the pool's connections
    runs = [await _timed_async(run) for _ in range(GET_ROUNDS)]
    if _same([found for _, found in runs], what) != GET_COUNT:
        raise RuntimeError(f"{what} returned other calls than asked for")
    return min(seconds for seconds, _ in runs)


async def _concurrent_gets(base_url: str, transport: httpx.AsyncBaseTransport | None) -> float:
    """The gather through AsyncTelephony over ``transport`` (None: its default)."""
    account, ids = str(LIST_ACCOUNT), _ids()
    async with vbc.AsyncTelephony(
        base_url=base_url, auth=vbc.BearerToken(TOKEN), transport=transport
    ) as client:

        async def run() -> int:
            calls = await asyncio.gather(*(client.calls.get(account, cid) for cid in ids))
            return sum(call.call_id == cid for call, cid in zip(calls, ids, strict=True))

        return await _best_gather(run, "concurrent gets")


async def _concurrent_gets_raw(base_url: str, pool: int) -> float:
    urls = {cid: f"{base_url}/cc/accounts/{LIST_ACCOUNT}/calls/{cid}" for cid in _ids()}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(limits=_pool(pool), headers=headers) as http:

        async def run() -> int:
            responses = await asyncio.gather(*(http.get(url) for url in urls.values()))
            calls = [response.raise_for_status().json() for response in responses]
            return sum(call["call_id"] == cid for call, cid in zip(calls, urls, strict=True))

        return await _best_gather(run, "concurrent raw gets")


async def _server_floor(base_url: str) -> float:
    """The same gather over bare asyncio sockets: what the server and its latency allow."""
    url = httpx.URL(base_url)
    assert url.port is not None
    connections = [await asyncio.open_connection(url.host, url.port) for _ in range(GET_COUNT)]

    async def get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, cid: str) -> int:
        path = f"{url.path}/cc/accounts/{LIST_ACCOUNT}/calls/{cid}"
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {url.netloc.decode()}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        return int(json.loads(await reader.readexactly(length))["call_id"] == cid)

    async def run() -> int:
        pairs = zip(connections, _ids(), strict=True)
        return sum(await asyncio.gather(*(get(r, w, cid) for (r, w), cid in pairs)))

    try:
        return await _best_gather(run, "concurrent socket gets")
    finally:
        for _, writer in connections:
            writer.close()


def bench_concurrency(base_url: str) -> list[Result]:
    floor = asyncio.run(_server_floor(base_url))
    over_aiohttp = asyncio.run(_concurrent_gets(base_url, None))
    over_httpx = asyncio.run(_concurrent_gets(base_url, httpx_async_transport()))
    bare = {pool: asyncio.run(_concurrent_gets_raw(base_url, pool)) for pool in HTTPX_POOLS}
    sequential = _sequential_gets(base_url)
    name = f"{GET_COUNT} calls.get @{GET_LATENCY * 1000:.0f} ms: async gather vs sequential"
    rows = []
    for label, concurrent, target in (
        ("aiohttp transport (default)", over_aiohttp, AIOHTTP_CONCURRENCY_TARGET),
        ("httpx transport", over_httpx, HTTPX_CONCURRENCY_TARGET),
    ):
        speedup = sequential / concurrent
        rows.append(
            Result(
                f"2. {name}, {label}",
                f"{concurrent * 1000:.0f} ms",
                f"{sequential * 1000:.0f} ms",
                f"{speedup:.1f}x faster",
                f"≥ {target:.0f}x",
                speedup >= target,
                "",
            )
        )
    pools = ", ".join(
        f"pool {pool}: {seconds * 1000:.0f} ms ({sequential / seconds:.1f}x)"
        for pool, seconds in bare.items()
    )
    note = (
        f"2: best of {GET_ROUNDS} runs each after a warm-up run (warm connections). A bare"
        f" httpx.AsyncClient runs the same gather at {pools}; httpcore rescans its pool for"
        " every queued request, so no pool size gets httpx near aiohttp. Over bare asyncio"
        f" sockets (the server's floor) it takes {floor * 1000:.0f} ms"
        f" ({sequential / floor:.0f}x)."
    )
    return [replace(rows[0], note=note), rows[1]]


# 3. Peak RSS while streaming.


def bench_memory(base_url: str) -> list[Result]:
    probe = Path(__file__).with_name("stream_rss.py")
    finished = subprocess.run(
        [sys.executable, str(probe), base_url],
        capture_output=True,
        text=True,
        timeout=RSS_PROBE_TIMEOUT,
        check=True,
    )
    result = json.loads(finished.stdout)
    calls = STREAM_PAGES * PAGE_SIZE
    if result["calls"] != calls:
        raise RuntimeError(f"the RSS probe streamed {result['calls']} of {calls} calls")
    start, peak, sampled = (
        result[key] * 1024 / MB for key in ("start_kib", "peak_kib", "sampled_peak_kib")
    )
    delta = peak - start
    return [
        Result(
            f"3. stream {calls:,} calls: peak vs starting RSS",
            f"{peak:.1f} MB",
            f"{start:.1f} MB",
            f"+{delta:.1f} MB",
            f"≤ +{RSS_TARGET_MB:.0f} MB",
            delta <= RSS_TARGET_MB,
            f"3: {STREAM_PAGES:,} pages of {PAGE_SIZE}, in a fresh process; start = VmRSS after"
            " imports and client construction, peak = VmHWM after the last call (largest VmRSS"
            f" sampled after each page: {sampled:.1f} MB);"
            f" streamed in {result['seconds']:.1f} s ({calls / result['seconds']:,.0f} calls/s).",
        )
    ]


# 9. Making clients.


def bench_construction(base_url: str) -> list[Result]:
    def ours() -> None:
        for _ in range(CLIENTS):
            vbc.Telephony(base_url=base_url, auth=vbc.BearerToken(TOKEN)).close()

    def plain() -> None:
        for _ in range(CLIENTS):
            httpx.Client(base_url=base_url).close()

    timings: dict[Callable[[], None], list[float]] = {ours: [], plain: []}
    for _ in range(CLIENT_ROUNDS + 1):  # the first round is the warm-up
        for make in timings:
            timings[make].append(_timed(make)[0])
    ours_s, plain_s = (min(seconds[1:]) for seconds in timings.values())
    ratio = plain_s / ours_s
    return [
        Result(
            f"9. make {CLIENTS} clients: vbc.Telephony vs httpx.Client",
            f"{ours_s / CLIENTS * 1000:.2f} ms each",
            f"{plain_s / CLIENTS * 1000:.2f} ms each",
            f"{ratio:.1f}x faster",
            f"≥ {CONSTRUCTION_TARGET:.0f}x",
            ratio >= CONSTRUCTION_TARGET,
            f"9: best of {CLIENT_ROUNDS} alternating rounds after a warm-up; each client is"
            " closed at once and sends nothing.",
        )
    ]


def _machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable),"
        f" {platform.system()} {platform.release()}, Python {platform.python_version()},"
        f" httpx {httpx.__version__}"
    )


def _table(results: list[Result]) -> Table:
    table = Table(title="vbc_telephony benchmarks (local server on 127.0.0.1)")
    table.add_column("benchmark")
    table.add_column("vbc_telephony", justify="right")
    table.add_column("baseline", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("target", justify="right")
    table.add_column("result")
    for r in results:
        verdict = "[green]pass[/]" if r.passed else "[red]MISS[/]"
        table.add_row(r.name, r.ours, r.baseline, r.ratio, r.target, verdict)
    return table


def main() -> None:
    # Killed (a CI timeout, `kill`), still stop every server this run started.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    console = Console(width=max(Console().width, 120))
    progress = Console(stderr=True)
    benchmarks = (bench_iteration, bench_concurrency, bench_memory, bench_construction)
    started = time.perf_counter()
    with server.running() as base_url:
        results = []
        for number, bench in enumerate(benchmarks, start=1):
            progress.print(f"[dim]{number}/{len(benchmarks)} {bench.__name__}…[/]")
            results.extend(bench(base_url))
    results += servers.mock_rows()
    progress.print("[dim]sandbox vs Prism…[/]")
    results.extend(sandbox_rows())
    progress.print("[dim]start-up…[/]")
    results.extend(startup_rows())
    progress.print("[dim]a recording judged offline…[/]")
    results.append(recording_row())
    console.print(f"machine: {_machine()}")
    console.print(_table(results))
    for r in results:
        if r.note:
            console.print(r.note)
    console.print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
