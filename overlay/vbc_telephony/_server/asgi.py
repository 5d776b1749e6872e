"""What our servers' applications share below the framework: the ASGI types, the ``Error``
answer, and reading a request's body and JSON with bounds.

- ``read_body``: the whole body, 413 past ``MAX_BODY_BYTES``, 408 when it stalls for
  ``BODY_TIMEOUT`` (uvicorn waits for a truncated body forever);
- ``parse_json``: strict JSON (UTF-8, no NaN), 400 when it nests deeper than
  ``MAX_JSON_DEPTH``;
- ``HTTPProblem``: raised anywhere, it becomes its own answer in the spec's ``Error`` shape
  (``{"code", "message"}``), through ``ErrorBoundary``, which also makes any other exception a
  500 and one log line, never a traceback;
- ``drop_connection``: the one way to leave a request unanswered, as a network failure
  would (the sandbox's ``drop`` fault); ``protocol`` gives each request the closer of its
  connection through the scope extension ``DROP_EXTENSION``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from .limits import BODY_TIMEOUT, MAX_BODY_BYTES, MAX_JSON_DEPTH

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Shutdown = Callable[[], Awaitable[None]]

log = logging.getLogger("vbc_telephony.server")

_JSON = (b"content-type", b"application/json")

# The ASGI scope extension (``scope["extensions"]``) whose ``close`` closes the request's
# connection.
DROP_EXTENSION = "vbc.drop_connection"


class HTTPProblem(Exception):
    """An answer in the spec's ``Error`` shape, raised from anywhere in handling a request."""

    def __init__(
        self, status: int, message: str, *, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = tuple(headers)


class ClientGone(Exception):
    """The client closed the connection before its request was read."""


def error_body(status: int, message: str) -> bytes:
    """The spec's ``Error`` object, ``code`` as the status in text."""
    return json.dumps({"code": str(status), "message": message}).encode()


async def send_error(
    send: Send, status: int, message: str, headers: Iterable[tuple[str, str]] = ()
) -> None:
    """Answer ``status`` with an ``Error`` body over a raw ASGI ``send``."""
    body = error_body(status, message)
    raw_headers = [_JSON, (b"content-length", str(len(body)).encode())]
    raw_headers += [(name.lower().encode(), value.encode()) for name, value in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


# A problem with the body ends the connection: what is left of the body cannot be told apart
# from the next request.
_CLOSE = (("Connection", "close"),)
_DRAIN_FACTOR = 4


async def read_body(
    scope: Scope,
    receive: Receive,
    *,
    limit: int = MAX_BODY_BYTES,
    timeout: float | None = None,
) -> bytes:
    """The whole request body: 413 past ``limit`` bytes, 408 when it stalls for ``timeout`` s
    (default ``BODY_TIMEOUT``).

    ``ClientGone`` when the client hangs up before it is read. A body that turns out too large
    is read to its end (up to ``_DRAIN_FACTOR`` times ``limit``) before the 413: closing a
    connection on unread data resets it, and the client could lose the answer on the way.
    """
    timeout = BODY_TIMEOUT if timeout is None else timeout
    too_large = f"Request body is larger than {limit} bytes"
    declared, chunked = _framing(scope)
    if declared is not None and declared > limit:
        raise HTTPProblem(413, too_large, headers=_CLOSE)
    if not declared and not chunked:  # no body (most requests): nothing to wait for
        return b""
    chunks: list[bytes] = []
    size = 0
    more = True
    try:
        async with asyncio.timeout(timeout):
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientGone
                chunk = message.get("body", b"")
                size += len(chunk)
                more = message.get("more_body", False)
                if size <= limit:
                    chunks.append(chunk)
                elif not more or size > limit * _DRAIN_FACTOR:
                    raise HTTPProblem(413, too_large, headers=_CLOSE)
    except TimeoutError:
        if size > limit:
            raise HTTPProblem(413, too_large, headers=_CLOSE) from None
        raise HTTPProblem(
            408, f"Request body did not arrive within {timeout:g} s", headers=_CLOSE
        ) from None
    return b"".join(chunks)


def _framing(scope: Scope) -> tuple[int | None, bool]:
    """The declared Content-Length, and whether the body is chunked."""
    declared, chunked = None, False
    for name, value in scope["headers"]:
        if name == b"content-length":  # uvicorn's parser has refused a malformed one already
            declared = int(value)
        elif name == b"transfer-encoding":
            chunked = True
    return declared, chunked


def replay_body(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` (already read) once, then what the server says."""
    pending = True

    async def replayed() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def drop_connection(scope: Scope, receive: Receive) -> None:
    """Close the request's connection without an answer: the client sees it drop.

    Returns once the server has seen the connection go, so that it neither sends a 500 for
    the missing answer nor logs one. Only for failures a user asked for: every other
    request gets an answer.
    """
    scope["extensions"][DROP_EXTENSION]["close"]()
    while (await receive())["type"] != "http.disconnect":
        pass  # what is left of the body, until the server notices the close


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def parse_json(body: bytes, *, max_depth: int = MAX_JSON_DEPTH) -> object:
    """``body`` decoded as strict JSON (UTF-8, no NaN/Infinity), at most ``max_depth`` deep.

    400 ``HTTPProblem`` naming what is wrong otherwise.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "Request body is not valid JSON: it is not UTF-8") from None
    try:
        value: object = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise HTTPProblem(400, f"Request body is nested deeper than {max_depth} levels") from None
    except ValueError as exc:
        raise HTTPProblem(400, f"Request body is not valid JSON: {exc}") from None
    if depth(value) > max_depth:
        raise HTTPProblem(400, f"Request body is nested deeper than {max_depth} levels")
    return value


def depth(value: object) -> int:
    """How deeply objects and arrays nest in ``value`` (a scalar is 0); iterative, no recursion."""
    deepest = 0
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, dict):
            children: Iterable[object] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level + 1)
        pending.extend((child, level + 1) for child in children)
    return deepest


class ErrorBoundary:
    """ASGI middleware: whatever ``app`` raises becomes an ``Error`` answer, never a traceback.

    ``HTTPProblem`` is answered as itself; any other exception is a 500 and one log line. A
    client that left gets nothing. A request cancelled because the server is stopping (it
    outlasted ``GRACEFUL_SHUTDOWN``) gets 503 and ends there, not uvicorn's traceback.
    ``on_shutdown`` runs when the server stops, after its last request (an app's connection
    pool closes there, on the server's event loop).
    """

    def __init__(self, app: ASGIApp, on_shutdown: Shutdown | None = None) -> None:
        self._app = app
        self._on_shutdown = on_shutdown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets are not served
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, tracked)
        except ClientGone:
            return
        except asyncio.CancelledError:
            if not started:
                await send_error(send, 503, "The server is stopping", _CLOSE)
        except HTTPProblem as problem:
            if not started:
                await send_error(send, problem.status, problem.message, problem.headers)
        except Exception as exc:  # the boundary: nothing may reach uvicorn's traceback
            log.warning(
                "%s %s failed: %s: %s", scope["method"], scope["path"], type(exc).__name__, exc
            )
            if not started:
                message = f"The server failed: {type(exc).__name__}"
                await send_error(send, 500, message, _CLOSE)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._on_shutdown is not None:
                    try:
                        await self._on_shutdown()
                    except Exception as exc:  # shutting down: say so, and finish stopping
                        log.warning("shutdown failed: %s: %s", type(exc).__name__, exc)
                await send({"type": "lifespan.shutdown.complete"})
                return
