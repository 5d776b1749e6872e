"""The control API under ``/_sandbox``: what a test does to the sandbox, from any language.

- ``POST /reset``: back to the seeded state (no calls, tokens, faults or journal);
- ``POST /calls`` ``{"from": Contact, "to": Contact}``: an inbound call rings; answers
  ``{"call_id"}`` (201);
- ``POST /calls/{call_id}/answer``, ``POST /calls/{call_id}/hangup``: the far end answers
  (409 unless it rings) or hangs up;
- ``POST /faults`` ``{"method", "path", "status", "retry_after", "count", "latency_ms",
  "drop"}``: the next ``count`` matching requests fail so (``_faults``); ``DELETE /faults``
  clears them;
- ``POST /clock`` ``{"advance": seconds}``: moves the sandbox's clock forward;
- ``GET /requests``: the journal, ``{"requests": [...]}`` oldest first.

It needs no token, and answers loopback clients only (403 for others), so that a sandbox
listening on a public address cannot be reset or faulted from elsewhere. Bodies are checked
against the JSON Schemas below, ``Contact`` being the spec's.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from .._asgi import HTTPProblem, Receive, Scope, Send
from ._calls import Party
from ._faults import Fault
from ._http import Methods, json_response, not_found
from ._spec import JSONSchema, component_schema
from ._state import SandboxState
from ._validation import check, compile_schema, json_body

_SECONDS = {"type": "integer", "minimum": 0}


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


def _is_loopback(scope: Scope) -> bool:
    client = scope.get("client")
    if not client:
        return False
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return False


class _LoopbackOnly:
    def __init__(self, app: Router) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_loopback(scope):
            raise HTTPProblem(403, "The sandbox's control API answers loopback clients only")
        await self._app(scope, receive, send)


def control_app(state: SandboxState, document: Mapping[str, Any]) -> _LoopbackOnly:
    """The control API over ``state``, its bodies checked with ``document``'s ``Contact``."""
    validators = {name: compile_schema(schema) for name, schema in _schemas(document).items()}

    async def body_of(request: Request, kind: str) -> Any:  # noqa: ANN401 - checked JSON
        value = json_body(await request.body())
        check(validators[kind], value, "request body")
        return value

    async def reset(request: Request) -> Response:
        state.reset()
        return Response(status_code=204)

    async def ring(request: Request) -> Response:
        body = await body_of(request, "ring")
        parties = [Party(body[side]["type"], body[side]["destination"]) for side in ("from", "to")]
        call = state.calls.ring(*parties)
        return json_response({"call_id": call.call_id}, 201)

    async def answer(request: Request) -> Response:
        state.calls.far_end_answers(request.path_params["call_id"])
        return Response(status_code=204)

    async def hang_up(request: Request) -> Response:
        state.calls.hang_up(request.path_params["call_id"])
        return Response(status_code=204)

    async def add_fault(request: Request) -> Response:
        body = await body_of(request, "fault")
        fault = Fault(**{key: value for key, value in body.items() if value is not None})
        state.faults.add(fault)
        return json_response(vars(fault), 201)

    async def clear_faults(request: Request) -> Response:
        state.faults.clear()
        return Response(status_code=204)

    async def advance(request: Request) -> Response:
        body = await body_of(request, "clock")
        state.clock.advance(body["advance"])
        return json_response({"now": state.clock.now()})

    async def requests(request: Request) -> Response:
        return json_response({"requests": [entry.as_json() for entry in state.journal.entries()]})

    routes = [
        Route("/reset", Methods({"POST": reset})),
        Route("/calls", Methods({"POST": ring})),
        Route("/calls/{call_id}/answer", Methods({"POST": answer})),
        Route("/calls/{call_id}/hangup", Methods({"POST": hang_up})),
        Route("/faults", Methods({"POST": add_fault, "DELETE": clear_faults})),
        Route("/clock", Methods({"POST": advance})),
        Route("/requests", Methods({"GET": requests})),
    ]
    return _LoopbackOnly(Router(routes, redirect_slashes=False, default=not_found))
