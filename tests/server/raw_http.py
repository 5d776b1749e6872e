"""Talking to our servers the way an attacker would: raw bytes over a socket."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class RawAnswer:
    status: int | None  # None: the connection closed (or stalled) without an answer
    headers: dict[str, str]
    body: bytes
    timed_out: bool

    def json(self) -> object:
        return json.loads(self.body)


def exchange(port: int, data: bytes, *, wait: float = 5.0, host: str = "127.0.0.1") -> RawAnswer:
    """Send ``data`` and read until the server closes the connection (or ``wait`` passes)."""
    received = b""
    timed_out = False
    with socket.create_connection((host, port), timeout=wait) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            timed_out = True
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/1.1 "):
        return RawAnswer(None, {}, received, timed_out)
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return RawAnswer(
        int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body, timed_out
    )


def is_error_shape(body: object, status: int) -> bool:
    """Whether ``body`` is the spec's ``Error`` for ``status``: ``{"code": "<status>", …}``."""
    return isinstance(body, dict) and body.get("code") == str(status) and bool(body.get("message"))


# Requests whose framing no HTTP server may accept, by what is wrong with them.
MALFORMED = {
    "content-length not a number": b"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n",
    "negative content-length": b"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n",
    "bad chunk size": (
        b"POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
    ),
    "absolute-form target": b"GET http://127.0.0.1:9/x HTTP/1.1\r\nHost: t\r\n\r\n",
    "userinfo target": b"GET @127.0.0.1:9/x HTTP/1.1\r\nHost: t\r\n\r\n",
    "asterisk target": b"OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n",
    "non-ASCII target": b"GET /\xff\xfe HTTP/1.1\r\nHost: t\r\n\r\n",
    "not HTTP at all": b"\x00\x01\x02 hello\r\n\r\n",
    "header without a colon": b"GET /x HTTP/1.1\r\nHost: t\r\nNoColonHere\r\n\r\n",
}
