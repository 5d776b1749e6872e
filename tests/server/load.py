"""A burst of concurrent requests from an asyncio client, counting what went wrong.

    result = burst(base_url + "/path", total=2000, concurrency=200, headers=...)
    assert result.errors == [], result.errors[:5]

``concurrency`` keep-alive connections are opened at once, each sending one request after
another until ``total`` have been sent, so ``concurrency`` requests are in flight at any
time. Each connection speaks HTTP/1.1 through h11 over asyncio streams: httpx's pool takes
milliseconds per request at this width (it rescans every connection for every request), so
it would measure itself, not the server. An error is a failed connection or exchange, or an
answer whose status is not ``expect``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import h11
import httpx

TIMEOUT = 30.0


@dataclass
class BurstResult:
    seconds: float = 0.0
    answered: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def requests_per_second(self) -> float:
        return self.answered / self.seconds


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: h11.Request
) -> int:
    """Send ``request`` on a fresh h11 cycle; the answer's status once it is read whole."""
    connection = h11.Connection(h11.CLIENT)
    writer.write(connection.send(request) + connection.send(h11.EndOfMessage()))
    status = 0
    while True:
        event = connection.next_event()
        if event is h11.NEED_DATA:
            data = await reader.read(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            connection.receive_data(data)
        elif isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.EndOfMessage):
            return status


async def _burst(
    url: httpx.URL, total: int, concurrency: int, headers: Mapping[str, str], expect: int
) -> BurstResult:
    assert url.port is not None
    target = url.raw_path
    request = h11.Request(
        method="GET", target=target, headers=[("Host", url.netloc.decode()), *headers.items()]
    )
    result = BurstResult()
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        try:
            reader, writer = await asyncio.open_connection(url.host, url.port)
        except OSError as exc:
            result.errors.append(f"connect: {exc!r}")
            return
        try:
            while remaining > 0:
                remaining -= 1
                status = await _exchange(reader, writer, request)
                result.answered += 1
                if status != expect:
                    result.errors.append(f"status {status}")
        except (OSError, h11.ProtocolError) as exc:
            result.errors.append(f"exchange: {exc!r}")
        finally:
            writer.close()

    started = time.perf_counter()
    async with asyncio.timeout(TIMEOUT):
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result


def burst(
    url: str,
    *,
    total: int,
    concurrency: int,
    headers: Mapping[str, str] | None = None,
    expect: int = 200,
) -> BurstResult:
    """GET ``url`` ``total`` times, ``concurrency`` at once (see the module docstring)."""
    return asyncio.run(_burst(httpx.URL(url), total, concurrency, headers or {}, expect))
