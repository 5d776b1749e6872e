"""A thin loopback proxy in front of Prism that answers what Prism cannot.

The guard reads each JSON body first and answers 400, in the spec's error shape, for two
kinds that Prism 5.x cannot handle; everything else is passed to Prism unchanged.

- A body that does not parse: Prism's parser throws, then Prism waits for an ``end`` event
  that has already fired, and the connection hangs for good.
- A property name with a character above U+00FF: Prism echoes it into its
  ``sl-violations`` header, Node refuses the header, and the whole Prism process dies.
  Every request schema in openapi.yaml is closed (``additionalProperties: false``) with
  ASCII names, so such a body is invalid anyway and 400 is the answer the spec gives.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx

# Hop-by-hop headers, and the headers the guard's own server writes itself.
_NOT_RELAYED = frozenset(
    {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "content-length",
        "te",
        "upgrade",
        "date",
        "server",
    }
)


def _is_json_media_type(content_type: str | None) -> bool:
    # The same test Prism applies (type-is: application/json, application/*+json).
    if not content_type:
        return False
    message = Message()
    message["content-type"] = content_type
    kind = message.get_content_type()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def _reject_constant(name: str) -> float:
    # JavaScript's JSON.parse refuses NaN and Infinity, so Prism would hang on them too.
    raise ValueError(f"{name} is not JSON")


def _check_names(pairs: list[tuple[str, object]]) -> dict[str, object]:
    for name, _ in pairs:
        if any(ord(char) > 0xFF for char in name):
            raise _UnacceptableName(name)
    return dict(pairs)


class _UnacceptableName(Exception):
    pass


def body_problem(body: bytes) -> str | None:
    """Why Prism must not see ``body`` (see the module docstring), or None when it may."""
    try:
        json.loads(
            body.decode("utf-8"), parse_constant=_reject_constant, object_pairs_hook=_check_names
        )
    except UnicodeDecodeError:
        return "Request body is not valid JSON: the body is not UTF-8"
    except ValueError as exc:
        return f"Request body is not valid JSON: {exc}"
    except _UnacceptableName as exc:
        return f"Request body has a property this API does not accept: {exc.args[0]!r}"
    return None


class _GuardHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes; with Nagle on, each answer waits ~40 ms
    # for the client's delayed ACK.
    disable_nagle_algorithm = True
    upstream: ClassVar[str]
    client: ClassVar[httpx.Client]

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: Prism logs every request itself."""

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline().strip():
                pass  # trailers
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_error(self, status: int, message: str) -> None:
        """An answer in the spec's ``Error`` shape."""
        body = json.dumps({"code": str(status), "message": message}).encode()
        self._send(status, [("Content-Type", "application/json")], body)

    def _handle(self) -> None:
        body = self._read_body()
        if body and _is_json_media_type(self.headers.get("content-type")):
            problem = body_problem(body)
            if problem is not None:
                self._send_error(400, problem)
                return
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _NOT_RELAYED]
        try:
            answer = self.client.request(
                self.command, self.upstream + self.path, headers=headers, content=body
            )
        except httpx.HTTPError as exc:
            self._send_error(502, f"Prism did not answer: {type(exc).__name__}")
            return
        relayed = [(k, v) for k, v in answer.headers.multi_items() if k.lower() not in _NOT_RELAYED]
        self._send(answer.status_code, relayed, answer.content)

    def __getattr__(self, name: str) -> Callable[[], None]:
        # Every method (TRACE and unknown ones included) goes to Prism, which answers them.
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


class MockGuard:
    """The guard proxy serving ``host:port`` in a background thread, forwarding to ``upstream``."""

    def __init__(self, host: str, port: int, upstream: str) -> None:
        # Prism answers slowly only when it is broken; never let a request hang for good.
        client = httpx.Client(timeout=30.0, follow_redirects=False)
        handler = type(
            "_BoundGuardHandler", (_GuardHandler,), {"upstream": upstream, "client": client}
        )
        self._client = client
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="vbc-mock-guard", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._client.close()
