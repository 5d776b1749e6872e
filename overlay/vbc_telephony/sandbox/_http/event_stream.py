"""``GET /_sandbox/events``: the sandbox's state as Server-Sent Events, for its page.

A ``state`` event carries the page's document (``snapshot``) on connecting, then after each
change (``changes``), unless the document is the one sent last. Changes that come together
(a test's burst of requests) are sent as one, ``_SETTLE`` seconds after the first. With no
change, a comment every ``_HEARTBEAT`` seconds shows the stream is alive; when a call is due
to change on its own (a ringing call answers itself or rings out, ``--answer-after``,
``--unanswered-after``; a call that ended busy or unanswered goes, ``--ended-visible-for``),
the stream renders again then.

At most ``SANDBOX_EVENT_STREAMS`` streams are open at once (503 beyond). When the server
stops, every stream sends a ``stopping`` event and ends at once, so that stopping does not
wait for them (uvicorn would wait ``GRACEFUL_SHUTDOWN`` seconds, then cut them).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..._local_servers import SANDBOX_EVENT_STREAMS
from ..._server.asgi import HTTPProblem, Receive, Scope, Send
from .._domain.state import SandboxState
from .changes import Changes, Wake
from .snapshot import snapshot

_HEARTBEAT = 15.0
_SETTLE = 0.1
# Asyncio timers may fire a little early: a call due to change (answer itself, go) is
# rendered once it has.
_DUE_MARGIN = 0.05
# How long a browser waits before it reconnects (a restarted sandbox, say).
_RETRY = b"retry: 2000\n\n"
_KEEP_ALIVE = b": keep-alive\n\n"
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _event(name: bytes, data: bytes) -> bytes:
    # The data is compact JSON: one line, as an SSE data field must be.
    return b"event: " + name + b"\ndata: " + data + b"\n\n"


class EventStream:
    """The event streams of ``state``, woken by ``changes``."""

    def __init__(
        self, state: SandboxState, changes: Changes, *, limit: int = SANDBOX_EVENT_STREAMS
    ) -> None:
        self._state = state
        self._changes = changes
        self._limit = limit
        self._open = 0

    async def respond(self, request: Request) -> Response:
        """The handler of ``GET /events``."""
        return _Events(self)

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """One of the open streams, while it is open; 503 when they are all taken."""
        if self._changes.stopped:
            raise HTTPProblem(503, "The sandbox is stopping")
        if self._open >= self._limit:
            raise HTTPProblem(
                503,
                f"The sandbox serves at most {self._limit} event streams at once:"
                " close a tab of its page",
            )
        self._open += 1
        try:
            yield
        finally:
            self._open -= 1

    async def events(self) -> AsyncIterator[bytes]:
        """The stream's bytes, until serving stops (or the client leaves)."""
        yield _RETRY
        changes = self._changes
        sent = b""
        render = True
        while True:
            seen = changes.version
            if render:
                document = snapshot(self._state)
                if document != sent:
                    sent = document
                    yield _event(b"state", document)
            due = self._state.calls.next_change_in()
            timeout = _HEARTBEAT if due is None else min(_HEARTBEAT, due + _DUE_MARGIN)
            wake = await changes.wait(seen, timeout)
            if wake is Wake.STOPPED:
                yield _event(b"stopping", b"{}")
                return
            if wake is Wake.CHANGED:
                await changes.settle(_SETTLE)
            render = wake is Wake.CHANGED or timeout < _HEARTBEAT
            if not render:
                yield _KEEP_ALIVE


class _Events(StreamingResponse):
    """The stream as an answer: it holds a slot from its first byte to its last."""

    def __init__(self, stream: EventStream) -> None:
        super().__init__(stream.events(), media_type="text/event-stream", headers=_HEADERS)
        self._stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with self._stream.slot():
            await super().__call__(scope, receive, send)
