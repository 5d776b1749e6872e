"""The guard's way to Prism: aiohttp's client, over one pool of keep-alive connections.

The guard promises to send Prism exactly the bytes it checked, and aiohttp is told to leave
them alone:

- the target is the request's path and query as received (a ``yarl.URL`` built with
  ``encoded=True``): nothing is decoded, normalised or encoded again;
- the headers are the request's own, in their order, less the hop-by-hop ones (the guard
  drops those); aiohttp adds none of its defaults (``skip_auto_headers``: no User-Agent,
  Accept, Accept-Encoding or Content-Type of its own) and writes only ``Host`` and
  ``Content-Length`` for the body it sends. Header values go out as UTF-8, so a value that is
  not UTF-8 could not be sent as received: the guard refuses it (400) before;
- the body is the bytes the guard read and checked, sent as one ``bytes`` payload;
- the answer comes back as Prism sent it: no redirect followed, no decompression
  (``auto_decompress=False``), no cookie kept between requests (``DummyCookieJar``).

At most ``connections`` requests are in flight; an idle connection is dropped after
``keep_alive`` seconds, before Node's own keep-alive timeout can close it under a request.
Every failure (refused, closed, malformed answer, timeout) is one ``UpstreamError``.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from multidict import CIMultiDict
from yarl import URL


class UpstreamError(Exception):
    """Prism did not answer the request."""


@dataclass(frozen=True, slots=True)
class PrismAnswer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


_NO_DEFAULTS = ("User-Agent", "Accept", "Accept-Encoding", "Content-Type")


class Forwarder:
    """Requests to the server at ``host:port``; open and close it on the server's event loop."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        connections: int,
        keep_alive: float,
        connect_timeout: float,
        timeout: float,
    ) -> None:
        self._host = host
        self._port = port
        self._connections = connections
        self._keep_alive = keep_alive
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=connect_timeout)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self._connections, keepalive_timeout=self._keep_alive
                ),
                timeout=self._timeout,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=_NO_DEFAULTS,
            )
        return self._session

    async def forward(
        self,
        method: str,
        raw_path: bytes,
        query: bytes,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> PrismAnswer:
        """Send the request as received; the whole answer, or ``UpstreamError``."""
        url = URL.build(
            scheme="http",
            host=self._host,
            port=self._port,
            path=raw_path.decode("ascii"),
            query_string=query.decode("ascii"),
            encoded=True,
        )
        try:
            async with self._open().request(
                method,
                url,
                headers=CIMultiDict(headers),
                data=body or None,
                allow_redirects=False,
            ) as response:
                answer = await response.read()
                return PrismAnswer(response.status, list(response.raw_headers), answer)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UpstreamError(f"{type(exc).__name__}: {exc}") from None

    async def aclose(self) -> None:
        """Close every connection."""
        session, self._session = self._session, None
        if session is not None:
            await session.close()
