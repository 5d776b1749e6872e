"""How our servers speak HTTP/1.1: uvicorn's httptools protocol, answering in the spec's
``Error`` shape what its parser refuses.

Malformed framing (bad ``Content-Length``, bad chunk sizes, a target that is not origin-form
``/path``, ``CONNECT``, bytes that are not HTTP) gets 400 instead of uvicorn's plain-text
default, and a request head that does not arrive within ``HEAD_TIMEOUT`` 408. An error
answer to a client that is still sending is followed by a lingering close, so that it
arrives instead of a TCP reset. Each request's scope carries the closer of its own
connection (``DROP_EXTENSION``): uvicorn offers no way to leave a request unanswered from
ASGI (an application that returns without answering gets a 500 sent for it).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from .asgi import DROP_EXTENSION, error_body
from .limits import HEAD_TIMEOUT, LINGER_TIMEOUT

if TYPE_CHECKING:
    from uvicorn._types import HTTPScope


class _LingeringTransport:
    """A transport that, closed while the client may still be sending, lets the answer land.

    Closing a socket with unread bytes makes the kernel send a reset, which can destroy an
    answer (413, 400) before the client has read it, as when a client is still sending the
    rest of an oversized body. So such a close sends the answer and a FIN, drops whatever
    the client still sends, and closes for good once the client does, or after
    ``LINGER_TIMEOUT``. Any other close is immediate.
    """

    def __init__(self, transport: asyncio.BaseTransport, protocol: Protocol) -> None:
        self._transport = cast(asyncio.Transport, transport)
        self._protocol = protocol
        self._lingering = False

    def close(self) -> None:
        if self._lingering:  # closed already: it ends with the client, or the timer
            return
        if not self._protocol.input_pending():
            self._transport.close()
            return
        self._lingering = True
        self._protocol.drop_input()
        # uvicorn pauses reading while a body waits to be read: the rest must still drain.
        self._transport.resume_reading()
        if self._transport.can_write_eof():
            self._transport.write_eof()
        asyncio.get_running_loop().call_later(LINGER_TIMEOUT, self._transport.close)

    def is_closing(self) -> bool:
        return self._lingering or self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - whatever the transport has
        return getattr(self._transport, name)


class _NotOriginForm(Exception):
    pass


class Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering malformed requests in the ``Error`` shape.

    Its parser calls ``send_400_response`` for anything it cannot parse; a callback that
    raises is such a failure too, which is how a target other than ``/path`` is refused
    (``GET http://elsewhere/`` and ``GET @host:port/`` must not look like a path here), and
    ``CONNECT``.
    A connection that sends nothing is closed after the keep-alive timeout, as between
    requests; a request head must arrive whole within ``HEAD_TIMEOUT`` once it has begun.
    Each request's scope carries the closer of its connection (``drop_connection``).
    """

    _head_timer: asyncio.TimerHandle | None = None
    _problem = "Malformed HTTP request"
    _dropping = False
    _malformed = False
    _answering: asyncio.Task[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(_LingeringTransport(transport, self))  # type: ignore[arg-type]
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def input_pending(self) -> bool:
        """Whether the client may still be sending: a body not read to its end, or bytes
        after a request we could not parse."""
        return self._malformed or (self.cycle is not None and self.cycle.more_body)

    def drop_input(self) -> None:
        self._dropping = True

    def data_received(self, data: bytes) -> None:
        if not self._dropping:
            super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timed_out)

    def on_headers_complete(self) -> None:
        self._cancel_head_timer()
        if not self.url.startswith(b"/"):
            self._problem = "Malformed HTTP request: only origin-form targets (/path) are served"
            raise _NotOriginForm
        if self.parser.get_method() == b"CONNECT":
            self._problem = "Malformed HTTP request: CONNECT is not served (this is no proxy)"
            raise _NotOriginForm
        self.scope["extensions"] = {DROP_EXTENSION: {"close": self.transport.close}}
        super().on_headers_complete()

    def _unsupported_upgrade_warning(self) -> None:
        """Quiet: a request asking to upgrade (to h2c, websocket) is served as plain HTTP."""

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        self._write_error(408, f"Request head did not arrive within {HEAD_TIMEOUT:g} s")

    def send_400_response(self, msg: str) -> None:
        self._cancel_head_timer()
        self._write_error(400, self._problem)

    def _write_error(self, status: int, message: str) -> None:
        if self._malformed or self.transport.is_closing():
            return
        # Nothing more is parsed: the parser has failed, or the head is late.
        self._malformed = self._dropping = True
        current = self.cycle
        if current is not None and not current.response_complete:
            if current.response_started:  # too late for a status: the connection ends
                self.transport.close()
                return
            # The request's application answers no one now (it reads a disconnect): this
            # answer is the connection's last.
            current.disconnected = True
            current.message_event.set()
        # uvicorn's own response writer puts the answer on the wire (not a head of ours):
        # a cycle of no request, which closes the connection once the body is written.
        cycle = RequestResponseCycle(
            scope=cast("HTTPScope", {"type": "http", "method": "", "http_version": "1.1"}),
            transport=self.transport,
            flow=self.flow,
            logger=self.logger,
            access_logger=self.access_logger,
            access_log=False,
            default_headers=self.server_state.default_headers,
            message_event=asyncio.Event(),
            expect_100_continue=False,
            keep_alive=False,
            on_response=lambda: None,
        )
        # Kept, so that the loop's weak reference is not the task's only one.
        self._answering = self.loop.create_task(_answer(cycle, status, message))


async def _answer(cycle: RequestResponseCycle, status: int, message: str) -> None:
    body = error_body(status, message)
    await cycle.send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
            ],
        }
    )
    await cycle.send({"type": "http.response.body", "body": body})
