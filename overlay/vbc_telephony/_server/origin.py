"""Refusing what a web page elsewhere could make a browser send to a local server.

A page on any site can make the developer's browser send requests to ``127.0.0.1``: form
posts and "simple" ``fetch`` calls need no CORS preflight, and DNS rebinding (a name of the
attacker's that resolves to ``127.0.0.1``) makes even a preflighted request same-origin to
the browser. So what a local server exposes to such pages (the sandbox's control API, and
its page and event stream) answers only requests that are about this server and come from it:

- ``Host`` names this server: a loopback name (``localhost``, ``127.0.0.1``, ``[::1]``) or
  the address the request arrived on, with the port it arrived on (rebinding sends the
  attacker's name);
- ``Origin``, when sent, is ``http://`` and such a host (a foreign page's requests carry
  its own origin; ``null`` is refused);
- ``Sec-Fetch-Site``, when sent, is ``same-origin`` or ``none`` (browsers say
  ``cross-site`` for requests a foreign page causes, even where they send no ``Origin``).

Clients that are not browsers send no ``Origin`` and ``Sec-Fetch-Site`` and pass.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .asgi import Scope

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_SAME_SITE = frozenset({b"same-origin", b"none"})


def _host_and_port(authority: str) -> tuple[str, int | None] | None:
    """``host[:port]`` as (lower-case host without brackets, port or None); None if invalid."""
    try:
        parts = urlsplit("//" + authority)
        port = parts.port
    except ValueError:
        return None
    if parts.hostname is None or parts.username is not None or parts.path:
        return None
    return parts.hostname.lower(), port


def _own_names(scope: Scope) -> set[str]:
    names = set(_LOOPBACK_NAMES)
    server = scope.get("server")
    if server:
        address = str(server[0]).lower()
        names.add(address)
        try:
            mapped = ipaddress.ip_address(address)
        except ValueError:
            return names
        if isinstance(mapped, ipaddress.IPv6Address) and mapped.ipv4_mapped is not None:
            names.add(str(mapped.ipv4_mapped))
    return names


def _is_own(authority: str, scope: Scope) -> bool:
    parsed = _host_and_port(authority)
    server = scope.get("server")
    if parsed is None or not server:
        return False
    host, port = parsed
    return host in _own_names(scope) and (port or 80) == server[1]


def foreign_request(scope: Scope) -> str | None:
    """Why the request may come from a page elsewhere (see the module docstring), or None."""
    headers = dict(scope["headers"])
    host = headers.get(b"host", b"").decode("latin-1")
    if not _is_own(host, scope):
        return f"Host {host!r} is not this server's address"
    origin = headers.get(b"origin")
    if origin is not None:
        text = origin.decode("latin-1")
        scheme, _, authority = text.partition("://")
        if scheme != "http" or not _is_own(authority, scope):
            return f"requests from {text!r} are not served here"
    site = headers.get(b"sec-fetch-site")
    if site is not None and site.lower() not in _SAME_SITE:
        return f"{site.decode('latin-1')} requests are not served here"
    return None


def is_loopback_client(scope: Scope) -> bool:
    """Whether the request comes from this machine (an IPv4 client of an IPv6 socket too)."""
    client = scope.get("client")
    if not client:
        return False
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback
