"""``make bench`` rows for the servers we ship: the mock's guard against Prism alone.

For each request (GET one call, GET the call list, PUT a leg action) and each concurrency
(1 and 16 connections), wrk (``http_load``) measures requests per second against Prism's own
port and through the guard in front of it, alternating, ``RUNS`` runs of ``SECONDS`` each,
best run of each kept. The guard runs as ``PrismMock`` runs it for tests: uvicorn in a thread
of this process, which does nothing else meanwhile, forwarding with aiohttp's client.
Targets: the guard keeps at least 60 % of Prism's rate at one connection (every answer pays
a second loopback round trip and the guard's CPU on top of Prism's) and 90 % at 16 (where
Node is the bottleneck). Nothing is sent anywhere but 127.0.0.1.
"""

from __future__ import annotations

from http_load import LoadResult, Request, WrkUnavailableError, measure

from vbc_telephony.mock import PrismMock, PrismUnavailableError

RUNS = 5
SECONDS = 2
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
) -> tuple[LoadResult, LoadResult]:
    prism: list[LoadResult] = []
    guard: list[LoadResult] = []
    for _ in range(RUNS):
        prism.append(
            measure(prism_url, [request], concurrency=concurrency, seconds=SECONDS, runs=1)
        )
        guard.append(
            measure(guard_url, [request], concurrency=concurrency, seconds=SECONDS, runs=1)
        )
    best = (
        max(prism, key=lambda r: r.requests_per_second),
        max(guard, key=lambda r: r.requests_per_second),
    )
    return best


def mock_rows() -> list[dict[str, object]]:
    """One row per request: the guard's and Prism's req/s at each concurrency, and the ratio.

    The fields are ``run.Result``'s.
    """
    try:
        with PrismMock() as mock:
            assert mock.prism_url is not None
            for request in REQUESTS.values():  # warm-up: Node's JIT, both pools
                measure(mock.base_url, [request], concurrency=16, seconds=1, runs=1)
            return [
                _row(name, request, mock.prism_url, mock.base_url)
                for name, request in REQUESTS.items()
            ]
    except (WrkUnavailableError, PrismUnavailableError) as exc:
        return [
            {
                "name": "4. mock guard vs Prism alone",
                "ours": "-",
                "baseline": "-",
                "ratio": "-",
                "target": _TARGET,
                "passed": False,
                "note": f"4: not measured: {exc}",
            }
        ]


def _row(name: str, request: Request, prism_url: str, guard_url: str) -> dict[str, object]:
    cells = [(c, *_best_of_alternating(prism_url, guard_url, request, c)) for c in CONCURRENCY]
    ratios = [guard.requests_per_second / prism.requests_per_second for _, prism, guard in cells]
    errors = sum(prism.errors + guard.errors for _, prism, guard in cells)
    return {
        "name": f"4. mock guard vs Prism alone: {name} ({_CONCURRENCIES})",
        "ours": " / ".join(f"{guard.requests_per_second:,.0f}" for _, _, guard in cells) + " req/s",
        "baseline": " / ".join(f"{prism.requests_per_second:,.0f}" for _, prism, _ in cells)
        + " req/s",
        "ratio": " / ".join(f"{ratio:.0%}" for ratio in ratios),
        "target": _TARGET,
        "passed": all(ratio >= TARGETS[c] for (c, _, _), ratio in zip(cells, ratios, strict=True))
        and errors == 0,
        "note": (
            f"4 ({name}): wrk, {RUNS} alternating runs of {SECONDS} s per cell, best kept;"
            f" errors (failed connections, status ≥ 400): {errors}."
        ),
    }
