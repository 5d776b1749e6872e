"""The transports that send when the user passes none, and the TLS context they share.

One TLS context serves every connection the package opens itself: httpx's defaults
(certifi's CAs, or ``SSL_CERT_FILE``/``SSL_CERT_DIR`` as they are when it is first needed),
built once. httpx builds a new one for every transport and loads the CA bundle again each
time (29 ms of CPU here), which a program that makes many clients pays for every one.

``AsyncTelephony`` sends through aiohttp when the ``aiohttp`` extra is installed
(``pip install 'vbc-telephony[aiohttp]'``, which brings ``httpx-aiohttp``): installing it is
the ask. httpcore's async pool rescans every connection for every queued request, so a
gather of a few hundred requests spends most of its time there; aiohttp's connector does
not (``make bench`` measures both). Pass ``transport=httpx.AsyncHTTPTransport()`` to keep
httpx's own; the aiohttp transport needs asyncio (not trio). aiohttp is imported on first
use: it takes a third of a second, which a sync user should not pay.

Retries, timeouts, auth and error mapping are the same over both, because httpx-aiohttp
raises httpx's exceptions. It picks them by class, though, too coarsely for the retry
policy: a refused connection comes out as ``ConnectTimeout``, and so does a connection the
server dropped after the request went out, which would make a POST look unsent and be
replayed. ``_remapped`` gives each aiohttp error the httpx exception that says what
happened: refused or unresolvable (``ConnectError``: not sent), TLS (``ConnectError``, the
TLS error its cause: not retried), connect or pool timeout (``ConnectTimeout``: not sent),
read timeout (``ReadTimeout``), dropped or reset once sent (``RemoteProtocolError`` or
``ReadError``: maybe acted on), for the response and for its body.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import AsyncIterator
from typing import Any

import httpx

# Every request of a gather gets a connection at once, up to this many (httpx's default is 100).
_ASYNC_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The TLS context of every client and transport the package makes (``verify=``)."""
    return httpx.create_ssl_context()


def default_sync_transport() -> httpx.HTTPTransport:
    """httpx's own transport, on the shared TLS context."""
    return httpx.HTTPTransport(verify=tls_context())


def default_async_transport() -> httpx.AsyncBaseTransport:
    """aiohttp when its extra is installed, else httpx's own transport."""
    try:
        transport_class = _aiohttp_transport_class()
    except ImportError:
        return httpx_async_transport()
    transport: httpx.AsyncBaseTransport = transport_class(
        limits=_ASYNC_LIMITS, verify=tls_context()
    )
    return transport


def httpx_async_transport() -> httpx.AsyncHTTPTransport:
    """httpx's own async transport, with the pool size that suits it best (``make bench``)."""
    return httpx.AsyncHTTPTransport(limits=_ASYNC_LIMITS, verify=tls_context())


@functools.cache
def _error_map() -> tuple[tuple[type[BaseException], type[httpx.TransportError]], ...]:
    import aiohttp

    # Most specific first: an aiohttp error takes the first line it matches.
    return (
        (aiohttp.ClientSSLError, httpx.ConnectError),
        (aiohttp.ClientConnectorError, httpx.ConnectError),
        (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
        (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
        (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
        (aiohttp.ClientPayloadError, httpx.ReadError),
        (aiohttp.ClientConnectionError, httpx.ReadError),
    )


def _remapped(exc: httpx.TransportError, request: httpx.Request) -> httpx.TransportError:
    cause = exc.__cause__
    for aiohttp_error, httpx_error in _error_map():
        if isinstance(cause, aiohttp_error):
            remapped = httpx_error(str(exc) or type(cause).__name__, request=request)
            remapped.__cause__ = cause
            return remapped
    return exc


class _RemappedStream(httpx.AsyncByteStream):
    """A response body whose read errors are remapped like the response's."""

    def __init__(self, stream: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except httpx.TransportError as exc:
            raise _remapped(exc, self._request) from exc.__cause__

    async def aclose(self) -> None:
        await self._stream.aclose()


@functools.cache
def _aiohttp_transport_class() -> type[Any]:
    from httpx_aiohttp import AiohttpTransport

    class _AiohttpTransport(AiohttpTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            try:
                response = await super().handle_async_request(request)
            except httpx.TransportError as exc:
                raise _remapped(exc, request) from exc.__cause__
            assert isinstance(response.stream, httpx.AsyncByteStream)
            response.stream = _RemappedStream(response.stream, request)
            return response

    return _AiohttpTransport
