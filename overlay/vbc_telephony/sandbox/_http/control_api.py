"""The control API under ``/_sandbox``: what a test does to the sandbox, from any language.

- ``POST /reset``: back to the seeded state (no calls, tokens, faults or journal);
- ``POST /calls`` ``{"from": Contact, "to": Contact}``: an inbound call rings; answers
  ``{"call_id"}`` (201);
- ``POST /calls/{call_id}/answer``, ``POST /calls/{call_id}/hangup``: the far end answers
  (409 unless it rings) or hangs up;
- ``POST /faults`` ``{"method", "path", "status", "retry_after", "count", "latency_ms",
  "drop"}``: the next ``count`` matching requests fail so (``_faults``); ``GET /faults``
  lists those still to happen (``{"faults": [...]}``, each with ``left``); ``DELETE /faults``
  clears them;
- ``POST /clock`` ``{"advance": seconds}``: moves the sandbox's clock forward;
- ``GET /requests``: the journal, ``{"requests": [...]}`` oldest first.

It needs no token. It answers loopback clients only (403 for others), so that a sandbox
listening on a public address cannot be reset or faulted from elsewhere, and only requests
that no web page elsewhere can make a browser send (``_origin``: 403 for a foreign
``Origin`` or ``Host``); a request that changes anything must say ``Content-Type:
application/json`` (415 otherwise), which a page cannot send without a CORS preflight, and
the sandbox answers none. Bodies have the API's bounds (413 past ``MAX_BODY_BYTES``, 408 when
one stalls) and are checked against the JSON Schemas below, ``Contact`` being the spec's; a
fault's integers must be integers (not ``500.0``) and its path must be one the sandbox
serves, or ``/token``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from ..._server.asgi import HTTPProblem, Receive, Scope, Send, read_body, replay_body
from ..._server.origin import foreign_request, is_loopback_client
from .._domain.active_calls import Party
from .._domain.faults import Fault, reachable
from .._domain.refusals import Refused
from .._domain.state import SandboxState
from .inflight import InFlight
from .openapi import JSONSchema, component_schema
from .responses import Methods, is_json, json_response, not_found
from .validation import check, compile_schema, json_body

_INTEGERS = ("status", "retry_after", "count", "latency_ms")
_READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


def _schemas(document: Mapping[str, Any]) -> dict[str, JSONSchema]:
    contact = component_schema("Contact", document)
    return {
        "ring": {
            "type": "object",
            "required": ["from", "to"],
            "additionalProperties": False,
            "properties": {"from": contact, "to": contact},
        },
        "fault": {
            "type": "object",
            "required": ["method", "path"],
            "additionalProperties": False,
            "properties": {
                "method": {"type": "string", "pattern": "^([A-Za-z]+|\\*)$"},
                "path": {"type": "string", "pattern": "^/"},
                "status": {"type": ["integer", "null"], "minimum": 400, "maximum": 599},
                "retry_after": {"type": ["integer", "null"], "minimum": 0},
                "count": {"type": "integer", "minimum": 1},
                "latency_ms": {"type": "integer", "minimum": 0, "maximum": 600_000},
                "drop": {"type": "boolean"},
            },
            # A fault must do something: answer a status, delay, or drop.
            "anyOf": [
                {"required": ["status"], "properties": {"status": {"type": "integer"}}},
                {"required": ["latency_ms"], "properties": {"latency_ms": {"minimum": 1}}},
                {"required": ["drop"], "properties": {"drop": {"const": True}}},
            ],
        },
        "clock": {
            "type": "object",
            "required": ["advance"],
            "additionalProperties": False,
            "properties": {"advance": {"type": "number", "minimum": 0}},
        },
    }


class _Gate:
    """What every control request passes first (see the module docstring); then its body is
    read within the API's bounds."""

    def __init__(self, app: Router) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_loopback_client(scope):
            raise HTTPProblem(403, "The sandbox's control API answers loopback clients only")
        foreign = foreign_request(scope)
        if foreign is not None:
            raise HTTPProblem(403, f"The sandbox's control API refuses this request: {foreign}")
        if scope["method"] not in _READ_ONLY:
            content_type = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1")
            if not is_json(content_type):
                raise HTTPProblem(
                    415, "A control request that changes the sandbox must be application/json"
                )
        body = await read_body(scope, receive)
        await self._app(scope, replay_body(body, receive), send)


def _strict_integers(body: Mapping[str, Any]) -> None:
    for name in _INTEGERS:
        value = body.get(name)
        if value is not None and not isinstance(value, int):
            raise Refused(f"Invalid request body field {name!r}: {value!r} is not an integer")


def control_app(
    state: SandboxState,
    document: Mapping[str, Any],
    inflight: InFlight,
    fault_paths: Iterable[str],
) -> _Gate:
    """The control API over ``state``, its bodies checked with ``document``'s ``Contact``;
    a fault's path must match one of ``fault_paths`` (``{name}``: any one segment)."""
    validators = {name: compile_schema(schema) for name, schema in _schemas(document).items()}
    templates = tuple(fault_paths)

    async def body_of(request: Request, kind: str) -> Any:  # noqa: ANN401 - checked JSON
        value = json_body(await request.body())
        check(validators[kind], value, "request body")
        return value

    def call_id(request: Request) -> str:
        return unquote(request.path_params["call_id"])

    async def reset(request: Request) -> Response:
        state.reset()
        inflight.new_generation()
        return Response(status_code=204)

    async def ring(request: Request) -> Response:
        body = await body_of(request, "ring")
        parties = [Party(body[side]["type"], body[side]["destination"]) for side in ("from", "to")]
        call = state.calls.ring(*parties)
        return json_response({"call_id": call.call_id}, 201)

    async def answer(request: Request) -> Response:
        state.calls.far_end_answers(call_id(request))
        return Response(status_code=204)

    async def hang_up(request: Request) -> Response:
        state.calls.hang_up(call_id(request))
        return Response(status_code=204)

    async def add_fault(request: Request) -> Response:
        body = await body_of(request, "fault")
        _strict_integers(body)
        if not reachable(body["path"], templates):
            raise Refused(
                f"Invalid request body field 'path': {body['path']!r} matches no path the sandbox"
                " serves (relative to the API's prefix, like /cc/accounts/*/calls, or /token)"
            )
        fault = Fault(**{key: value for key, value in body.items() if value is not None})
        state.faults.add(fault)
        return json_response(vars(fault), 201)

    async def pending_faults(request: Request) -> Response:
        pending = [{**vars(fault), "left": left} for fault, left in state.faults.pending()]
        return json_response({"faults": pending})

    async def clear_faults(request: Request) -> Response:
        state.faults.clear()
        return Response(status_code=204)

    async def advance(request: Request) -> Response:
        body = await body_of(request, "clock")
        try:
            state.clock.advance(body["advance"])
        except Refused as refusal:
            raise Refused(f"Invalid request body field 'advance': {refusal.message}") from None
        return json_response({"now": state.clock.now()})

    async def requests(request: Request) -> Response:
        return json_response({"requests": [entry.as_json() for entry in state.journal.entries()]})

    routes = [
        Route("/reset", Methods({"POST": reset})),
        Route("/calls", Methods({"POST": ring})),
        Route("/calls/{call_id}/answer", Methods({"POST": answer})),
        Route("/calls/{call_id}/hangup", Methods({"POST": hang_up})),
        Route(
            "/faults", Methods({"GET": pending_faults, "POST": add_fault, "DELETE": clear_faults})
        ),
        Route("/clock", Methods({"POST": advance})),
        Route("/requests", Methods({"GET": requests})),
    ]
    return _Gate(Router(routes, redirect_slashes=False, default=not_found))
