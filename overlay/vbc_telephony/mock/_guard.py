"""The mock's guard: an ASGI app in front of Prism that lets through only what Prism survives.

It runs on the ``_server`` stack (uvicorn + httptools, on uvloop where installed; the kernel
queues up to ``BACKLOG`` (2,048) connections not yet accepted; one worker, one event loop,
since the guard only waits on sockets) and forwards each request it accepts (method,
target, headers and body bytes as received, less hop-by-hop headers) to Prism's own
loopback port with aiohttp's client (``_forwarding``, which says how the bytes stay as they
were checked). The answer is relayed as Prism sent it, less hop-by-hop headers; an answer
to ``HEAD`` keeps Prism's ``Content-Length`` (the length a GET would have).

Prism 5.16 dies (the whole Node process) or hangs on some requests. Found by experiment,
each is answered here instead, in the spec's ``Error`` shape unless said otherwise:

- a JSON property name, at any depth, with a character Node refuses in a header value
  (below U+0020 except tab, U+007F, above U+00FF): Prism echoes names into its
  ``sl-violations`` header and crashes. 400; every request schema is closed with ASCII
  names, so such a body is invalid anyway.
- a JSON body that does not parse (Prism never answers), is not UTF-8 (a ``charset`` other
  than UTF-8 makes Prism decode names we cannot check), or nests deeper than
  ``MAX_JSON_DEPTH``: 400.
- an ``Accept`` or ``Content-Type`` value that is not a list of media types (``foo``,
  ``application/xml,``): Prism's content negotiation throws outside its error handling and
  the process exits. 400.
- an ``Authorization`` value that is not printable ASCII, or a bearer scheme without a token:
  401 in the API gateway's shape (``{"code": "900901", "message", "description"}``).
- any other header value that is not UTF-8 (obsolete Latin-1 bytes): 400, since it could not
  be forwarded byte for byte.

Nothing else from a request reaches Prism's headers (tried: query and path values, other
headers' values, unknown query names), and header values with control characters never
reach the guard: the parser refuses them (400). The ``_server`` stack also answers malformed
framing (400), targets other than origin-form ``/path`` and ``CONNECT`` (400: the guard is
no proxy to anywhere but Prism), oversized bodies (413) and stalled ones (408). When Prism
does not answer, the request gets 502; ``PrismMock`` restarts a Prism that died.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from .._server.asgi import HTTPProblem, Receive, Scope, Send, log, parse_json, read_body
from .._server.limits import BODY_TIMEOUT, MAX_BODY_BYTES
from .._server.relaying import end_to_end
from ._defaults import (
    GUARD_UPSTREAM_CONNECT_TIMEOUT,
    GUARD_UPSTREAM_CONNECTIONS,
    GUARD_UPSTREAM_KEEP_ALIVE,
    GUARD_UPSTREAM_TIMEOUT,
)
from ._forwarding import Forwarder, UpstreamError

# What Node's http module accepts in a header value (its checkInvalidHeaderChar).
_NODE_HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
_PRINTABLE_ASCII = re.compile(rb"[\x20-\x7e]*")
_EMPTY_BEARER = re.compile(rb"[Bb]earer\s*")
# The media type grammar of the `content-type` package Prism parses Accept with (RFC 7231).
_TOKEN = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = rb'"(?:[\x0b\x20\x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\x0b\x20-\xff])*"'
_MEDIA_TYPE = re.compile(
    rb"\s*%s/%s\s*(?:; *%s *= *(?:%s|%s) *)*" % (_TOKEN, _TOKEN, _TOKEN, _QUOTED, _TOKEN)
)
_JSON_TYPE = re.compile(rb"\s*application/(?:json|[^;/\s]+\+json)\s*(?:;|$)", re.IGNORECASE)
_CHARSET = re.compile(rb';\s*charset\s*=\s*"?([^";\s]*)', re.IGNORECASE)


class Guard:
    """The ASGI app: check each request, forward it to ``upstream`` (Prism), relay the answer.

    ``aclose`` closes the connection pool; call it on the server's event loop at shutdown.
    """

    def __init__(
        self,
        upstream: str,
        *,
        body_limit: int = MAX_BODY_BYTES,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        url = urlsplit(upstream)
        if url.hostname is None or url.port is None:
            raise ValueError(f"the guard forwards to http://host:port, not {upstream!r}")
        self.body_limit = body_limit
        self.body_timeout = body_timeout
        self._prism = Forwarder(
            url.hostname,
            url.port,
            connections=GUARD_UPSTREAM_CONNECTIONS,
            keep_alive=GUARD_UPSTREAM_KEEP_ALIVE,
            connect_timeout=GUARD_UPSTREAM_CONNECT_TIMEOUT,
            timeout=GUARD_UPSTREAM_TIMEOUT,
        )

    async def aclose(self) -> None:
        await self._prism.aclose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        unauthorized = _check_headers(headers)
        if unauthorized is not None:
            await _send_unauthorized(send, unauthorized)
            return
        body = await read_body(scope, receive, limit=self.body_limit, timeout=self.body_timeout)
        if body:
            _check_body(headers, body)
        forwarded = _forwardable(headers)
        try:
            answer = await self._prism.forward(
                scope["method"], scope["raw_path"], scope["query_string"], forwarded, body
            )
        except UpstreamError as exc:
            # Said once by PrismMock when Prism died; per request, only when debugging.
            log.debug("Prism did not answer %s %s: %s", scope["method"], scope["path"], exc)
            raise HTTPProblem(502, "The mock did not answer; it is restarted if it died") from None
        relayed = end_to_end(answer.headers)
        if scope["method"] == "HEAD":  # no body, and the length a GET would have
            relayed += [(n, v) for n, v in answer.headers if n.lower() == b"content-length"]
        else:
            relayed.append((b"content-length", b"%d" % len(answer.body)))
        await send({"type": "http.response.start", "status": answer.status, "headers": relayed})
        await send({"type": "http.response.body", "body": answer.body})


def _forwardable(headers: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    """The headers to forward, as the text the client sends them as (UTF-8); 400 for a value
    that is not UTF-8, which could not go out byte for byte."""
    forwarded = []
    for name, value in end_to_end(headers):
        try:
            forwarded.append((name.decode("ascii"), value.decode("utf-8")))
        except UnicodeDecodeError:
            shown = name.decode("latin-1")
            raise HTTPProblem(400, f"Header {shown} is not UTF-8: it cannot be forwarded") from None
    return forwarded


def _check_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    """Raise 400 for a header Prism cannot take; return why a 401 is due, or None."""
    for name, value in headers:
        if name == b"accept" and value.strip():
            _check_media_types(name, value.split(b","))
        elif name == b"content-type" and value.strip():
            _check_media_types(name, [value])
        elif name == b"authorization":
            if not _PRINTABLE_ASCII.fullmatch(value):
                return "The Authorization header must be printable ASCII"
            if _EMPTY_BEARER.fullmatch(value):
                return "The bearer token is empty"
    return None


def _check_media_types(name: bytes, media_types: list[bytes]) -> None:
    for media_type in media_types:
        if not _MEDIA_TYPE.fullmatch(media_type):
            shown = media_type.decode("latin-1")
            raise HTTPProblem(400, f"Header {name.decode()} is not a media type: {shown!r}")


async def _send_unauthorized(send: Send, description: str) -> None:
    body = json.dumps(
        {"code": "900901", "message": "Invalid Credentials", "description": description}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
                (b"www-authenticate", b"Bearer"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _check_body(headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    """400 for a JSON body Prism would choke on; other media types Prism answers itself."""
    content_type = next((value for name, value in headers if name == b"content-type"), b"")
    if not _JSON_TYPE.match(content_type):
        return
    charset = _CHARSET.search(content_type)
    if charset is not None and charset.group(1).lower() not in (b"utf-8", b"utf8"):
        shown = charset.group(1).decode("latin-1")
        raise HTTPProblem(400, f"Request body must be UTF-8 JSON, not {shown!r}")
    for name in _property_names(parse_json(body)):
        if not _NODE_HEADER_VALUE.fullmatch(name):
            raise HTTPProblem(
                400, f"Request body has a property this API does not accept: {name!r}"
            )


def _property_names(value: object) -> Iterator[str]:
    """Every object key in ``value``, at any depth (iterative: depth is bounded but deep)."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            yield from node
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
