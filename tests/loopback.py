"""httpx for the suite's own loopback servers: the same calls, on the package's one TLS context.

httpx builds a new TLS context for every client and transport, loading the CA bundle each
time (29 ms of CPU here), even for a plain http:// URL: the suite made about 500 of them, 14 s
of CPU a run. These share the context the package's own clients share
(``vbc_telephony._transports.tls_context``). Each call is still a client of its own, so no
connection outlives it.
"""

from __future__ import annotations

from typing import Any

import httpx

from vbc_telephony._transports import tls_context


def Client(**kwargs: Any) -> httpx.Client:
    return httpx.Client(verify=tls_context(), **kwargs)


def AsyncClient(**kwargs: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=tls_context(), **kwargs)


def HTTPTransport(**kwargs: Any) -> httpx.HTTPTransport:
    return httpx.HTTPTransport(verify=tls_context(), **kwargs)


def AsyncHTTPTransport(**kwargs: Any) -> httpx.AsyncHTTPTransport:
    return httpx.AsyncHTTPTransport(verify=tls_context(), **kwargs)


def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, url, verify=tls_context(), **kwargs)


def get(url: str, **kwargs: Any) -> httpx.Response:
    return request("GET", url, **kwargs)


def post(url: str, **kwargs: Any) -> httpx.Response:
    return request("POST", url, **kwargs)


def put(url: str, **kwargs: Any) -> httpx.Response:
    return request("PUT", url, **kwargs)
