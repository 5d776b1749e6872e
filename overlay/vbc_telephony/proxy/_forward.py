"""The recording proxy's ASGI app: each request forwarded to the one upstream origin, each answer
relayed as the upstream sent it, each exchange handed to the observer.

What reaches it has been through the servers' stack (``_server``): malformed framing, targets
that are not origin-form ``/path`` and ``CONNECT`` got 400 there, so the only place a request
can go is the upstream origin with the path and query it came with, byte for byte
(``raw_path``: ``%2F`` stays ``%2F``). The Host header is the upstream's; hop-by-hop headers
(RFC 9110 7.6.1, and any the ``Connection`` header lists) are dropped both ways, and those
the server writes for the bytes it sends (``Content-Length``, ``Date``). Bodies travel as
bytes: a compressed answer is relayed compressed, and decoded only to be recorded and
checked. A body over ``MAX_BODY_BYTES`` gets 413, one that stalls 408 (``read_body``). When
the upstream cannot be reached, does not answer within ``UPSTREAM_READ_TIMEOUT`` or answers
more than ``MAX_UPSTREAM_BODY_BYTES``, the app gets 502 in the ``Error`` shape, and the
recording says so in the entry's comment.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urlsplit

import httpx

from .._server.asgi import HTTPProblem, Receive, Scope, Send, read_body
from .._server.relaying import end_to_end
from .._traffic._constants import (
    MAX_UPSTREAM_BODY_BYTES,
    UPSTREAM_CONNECT_TIMEOUT,
    UPSTREAM_CONNECTIONS,
    UPSTREAM_IDLE_CONNECTIONS,
    UPSTREAM_KEEP_ALIVE,
    UPSTREAM_READ_TIMEOUT,
)
from .._traffic._exchange import Exchange, body_text
from .._traffic._judge import PROXY_ANSWER
from .._transports import tls_context
from ._observer import TrafficObserver

RawHeaders = list[tuple[bytes, bytes]]


class UpstreamTooLarge(Exception):
    pass


def origin(upstream: str) -> httpx.URL:
    """``upstream`` as an origin (scheme, host, port); ValueError for anything else."""
    parts = urlsplit(upstream)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"the upstream is an origin such as https://api.vonage.com, not {upstream!r}"
        )
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise ValueError(
            f"the upstream is an origin (scheme, host and port only), not {upstream!r}:"
            " paths are forwarded as they come"
        )
    return httpx.URL(f"{parts.scheme}://{parts.netloc}/")


def _text_headers(headers: Iterable[tuple[bytes, bytes]]) -> tuple[tuple[str, str], ...]:
    return tuple((n.decode("latin-1"), v.decode("latin-1")) for n, v in headers)


def upstream_client() -> httpx.AsyncClient:
    """The client the proxy forwards with: TLS verified, ``HTTPS_PROXY`` & co. honoured, no
    redirects followed (the app sees them), and no cookie kept (the app keeps its own)."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(UPSTREAM_READ_TIMEOUT, connect=UPSTREAM_CONNECT_TIMEOUT),
        limits=httpx.Limits(
            max_connections=UPSTREAM_CONNECTIONS,
            max_keepalive_connections=UPSTREAM_IDLE_CONNECTIONS,
            keepalive_expiry=UPSTREAM_KEEP_ALIVE,
        ),
        follow_redirects=False,
        verify=tls_context(),
        trust_env=True,
        cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),
    )


async def _read_capped(response: httpx.Response) -> bytes:
    chunks, size = [], 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > MAX_UPSTREAM_BODY_BYTES:
            raise UpstreamTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded(status: int, headers: httpx.Headers, raw: bytes) -> bytes:
    """The answer's content, ``Content-Encoding`` undone (as is, if it cannot be)."""
    if not headers.get("content-encoding"):
        return raw
    try:
        return httpx.Response(status, headers=headers, content=raw).read()
    except httpx.DecodingError:
        return raw


class ProxyApp:
    """Forwards to ``upstream`` (an origin) and hands each exchange to ``observer``."""

    def __init__(
        self,
        upstream: str,
        observer: TrafficObserver,
        *,
        client: httpx.AsyncClient | None = None,
        body_timeout: float | None = None,
    ) -> None:
        self._origin = origin(upstream)
        self._body_timeout = body_timeout
        self._observer = observer
        self._client = client or upstream_client()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = datetime.now(UTC).isoformat()
        clock = time.perf_counter()
        body = await read_body(scope, receive, timeout=self._body_timeout)
        target = scope["raw_path"] + (
            b"?" + scope["query_string"] if scope["query_string"] else b""
        )
        url = self._origin.copy_with(raw_path=target)
        headers = end_to_end(scope["headers"])
        request = httpx.Request(scope["method"], url, headers=headers, content=body)

        def observe(
            status: int, answer_headers: RawHeaders, content: bytes, comment: str = ""
        ) -> None:
            text, is_base64 = body_text(content)
            self._observer.observe(
                Exchange(
                    method=scope["method"],
                    url=str(url),
                    request_headers=_text_headers(scope["headers"]),
                    request_body=body.decode("utf-8", "replace"),
                    status=status,
                    response_headers=_text_headers(answer_headers),
                    response_body=text,
                    response_base64=is_base64,
                    started=started,
                    time_ms=(time.perf_counter() - clock) * 1000,
                    comment=comment,
                )
            )

        try:
            response = await self._client.send(request, stream=True)
            try:
                raw = await _read_capped(response)
            finally:
                await response.aclose()
        except (httpx.HTTPError, UpstreamTooLarge) as exc:
            why = "its answer is too large" if isinstance(exc, UpstreamTooLarge) else _why(exc)
            message = f"The upstream did not answer: {why}"
            observe(502, [(b"content-type", b"application/json")], b"", PROXY_ANSWER + message)
            self._observer.note(f"vbc: proxy: {scope['method']} {scope['path']}: {message}")
            raise HTTPProblem(502, message) from None
        relayed = end_to_end(response.headers.raw)
        relayed.append((b"content-length", b"%d" % len(raw)))
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": relayed}
        )
        await send({"type": "http.response.body", "body": raw})
        observe(
            response.status_code,
            response.headers.raw,
            _decoded(response.status_code, response.headers, raw),
        )


def _why(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within the timeout ({type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
