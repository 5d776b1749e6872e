"""The headers a relay passes on (the mock's guard, the recording proxy), either way.

Not the hop-by-hop ones (RFC 9110 §7.6.1) nor those the ``Connection`` header names, which
belong to one connection; nor those each side writes itself for the bytes it sends
(length, date, host).
"""

from __future__ import annotations

from collections.abc import Iterable

_NOT_RELAYED = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-connection",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"transfer-encoding",
        b"te",
        b"trailer",
        b"upgrade",
        b"expect",
        b"content-length",
        b"host",
        b"date",
    }
)


def end_to_end(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` as a relay passes them on."""
    pairs = list(headers)
    dropped = _NOT_RELAYED | {
        token.strip().lower()
        for name, value in pairs
        if name.lower() == b"connection"
        for token in value.split(b",")
    }
    return [(n, v) for n, v in pairs if n.lower() not in dropped]
