"""What the API gateway in front of the API does here: journal every request, and inject the
faults a test asked for.

It wraps the API and the token endpoint (the control API is neither journaled nor faulted).
Each request's body is read first (so that a dropped connection closes on a request that
arrived whole), then a pending fault that matches applies: its delay, then its status (429 in
the gateway's shape, others in the ``Error`` shape, ``Retry-After`` when given) or a closed
connection; without a status or a drop, the request goes on after the delay. A faulted
request does not reach the API: nothing is created, changed or read. A delay ends early when
the sandbox is reset or stopped, and the request then has no effect (``_inflight``).

A fault taken by a delayed request is gone from the pending faults before its answer: that
is said at once (``changed``), not when the delay ends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http.client import responses
from urllib.parse import parse_qsl

from ..._local_servers import SANDBOX_JOURNAL_BODY_BYTES
from ..._server.asgi import (
    ASGIApp,
    ErrorBoundary,
    HTTPProblem,
    Message,
    Receive,
    Scope,
    Send,
    drop_connection,
    read_body,
    replay_body,
)
from .._domain.faults import Fault
from .._domain.journal import Entry
from .._domain.refusals import GrantRefused, Refused
from .._domain.state import SandboxState
from .api_routes import TOKEN_VALID
from .inflight import InFlight
from .responses import error_response, throttled
from .token_endpoint import form_fields
from .validation import json_body


def _query(scope: Scope) -> dict[str, str | list[str]]:
    query: dict[str, str | list[str]] = {}
    for name, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
        held = query.get(name)
        if held is None:
            query[name] = value
        else:
            query[name] = [*([held] if isinstance(held, str) else held), value]
    return query


def _json_or_none(body: bytes) -> object:
    if not body or len(body) > SANDBOX_JOURNAL_BODY_BYTES:
        return None
    try:
        return json_body(body)
    except (HTTPProblem, Refused):
        return None


def _grant_type(body: bytes) -> dict[str, str | None]:
    """All a token request's journal entry shows of its form: the rest is credentials."""
    try:
        return {"grant_type": form_fields(body).get("grant_type")}
    except GrantRefused:
        return {"grant_type": None}


class Gateway:
    """``app`` behind the journal and the faults, for the paths under ``api_prefix`` and
    ``token_path``; ``changed`` is called when a delayed request has taken its fault."""

    def __init__(
        self,
        app: ASGIApp,
        state: SandboxState,
        inflight: InFlight,
        *,
        api_prefix: str,
        token_path: str,
        changed: Callable[[], None],
    ) -> None:
        self._app = ErrorBoundary(app)
        self._passthrough = app
        self._state = state
        self._inflight = inflight
        self._api_prefix = api_prefix
        self._token_path = token_path
        self._changed = changed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        is_token = path == self._token_path
        if not (is_token or path.startswith(self._api_prefix + "/")):
            await self._passthrough(scope, receive, send)
            return
        status: int | None = None
        body = b""
        recorded = False
        ticket = self._state.journal.ticket()
        arrived = self._state.clock.now()
        self._inflight.stamp(scope)

        def record() -> None:
            nonlocal recorded
            recorded = True
            self._state.journal.record(
                Entry(
                    method=scope["method"],
                    path=path,
                    query={} if is_token else _query(scope),
                    body=_grant_type(body) if is_token else _json_or_none(body),
                    status=status,
                    token_valid=scope.get(TOKEN_VALID),
                    time=arrived,
                ),
                ticket,
            )

        async def tracked(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # Journaled before the answer leaves: a client that has it, and asks the
                # journal next, finds its request there, in order.
                record()
            await send(message)

        try:
            body = await read_body(scope, receive)
            relative = path if is_token else path.removeprefix(self._api_prefix)
            fault = self._state.faults.take(scope["method"], relative)
            if fault is None:
                await self._app(scope, replay_body(body, receive), tracked)
                return
            if fault.latency_ms:
                self._changed()
                await self._inflight.wait(fault.latency_ms / 1000)
                self._inflight.check(scope)
            if fault.drop:
                # Journaled first: the client learns of the drop before the server does.
                record()
                await drop_connection(scope, receive)
            elif fault.status is None:
                await self._app(scope, replay_body(body, receive), tracked)
            else:
                await _answer_fault(fault, scope, receive, tracked)
        except HTTPProblem as problem:
            status = problem.status
            raise
        finally:
            if not recorded:
                record()


async def _answer_fault(fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
    assert fault.status is not None, "only faults with a status are answered"
    headers: Mapping[str, str] = (
        {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
    )
    if fault.status == 429:
        response = throttled(headers)
    else:
        phrase = responses.get(fault.status, "Error")
        response = error_response(fault.status, f"{phrase} (a fault the sandbox was asked for)")
        response.headers.update(headers)
    await response(scope, receive, send)
