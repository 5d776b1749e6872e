"""The control API under ``/_sandbox``: what a test does to the sandbox, from any language.

- ``POST /reset``: back to the seeded state (no calls, tokens, faults or journal);
- ``POST /calls`` ``{"from": Contact, "to": Contact}``: an inbound call rings; answers
  ``{"call_id"}`` (201);
- ``POST /calls/{call_id}/answer``, ``POST /calls/{call_id}/hangup``: the far end answers
  (409 unless it rings) or hangs up;
- ``POST /calls/{call_id}/reject`` ``{"state": "busy" | "unanswered"}``: the ringing call
  ends unconnected (409 unless it rings); it stays listed in that state for
  ``ended_visible_for`` seconds;
- ``POST /faults`` ``{"method", "path", "status", "retry_after", "count", "latency_ms",
  "drop"}``: the next ``count`` matching requests fail so (``_faults``); ``GET /faults``
  lists those still to happen (``{"faults": [...]}``, each with ``left``); ``DELETE /faults``
  clears them;
- ``POST /clock`` ``{"advance": seconds}``: moves the sandbox's clock forward;
- ``GET /requests``: the journal, ``{"requests": [...]}`` oldest first, each entry with the
  ``time`` it arrived on the sandbox's clock;
- ``POST /token`` (body ``{}``): an access token for the API, as the password grant issues
  one (``{"access_token", "token_type", "expires_in"}``), for a caller that can drive the
  sandbox already: its page acts on legs through the API with it.

Beside it, under the same prefix and behind the same gate: the sandbox's page (``GET /ui``
and its files, ``_page``) and the page's event stream (``GET /events``, ``_event_stream``).

It needs no token. Every request passes ``_local_only`` first: loopback clients only, no
foreign ``Origin`` or ``Host``, ``Content-Type: application/json`` for any change, bodies
within the API's bounds. Bodies are checked against the JSON Schemas below, ``Contact`` being
the spec's; a fault's integers must be integers (not ``500.0``) and its path must be one the
sandbox serves, or ``/token``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._domain.call_records import ENDINGS, Party
from .._domain.faults import Fault, reachable
from .._domain.refusals import Refused
from .._domain.state import SandboxState
from .inflight import InFlight
from .openapi import JSONSchema, component_schema
from .responses import Methods, json_response
from .token_endpoint import NO_STORE
from .validation import check, compile_schema, json_body

_INTEGERS = ("status", "retry_after", "count", "latency_ms")


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
        "reject": {
            "type": "object",
            "required": ["state"],
            "additionalProperties": False,
            "properties": {"state": {"enum": list(ENDINGS)}},
        },
        "clock": {
            "type": "object",
            "required": ["advance"],
            "additionalProperties": False,
            "properties": {"advance": {"type": "number", "minimum": 0}},
        },
        "token": {"type": "object", "additionalProperties": False},
    }


def _strict_integers(body: Mapping[str, Any]) -> None:
    for name in _INTEGERS:
        value = body.get(name)
        if value is not None and not isinstance(value, int):
            raise Refused(f"Invalid request body field {name!r}: {value!r} is not an integer")


def control_routes(
    state: SandboxState,
    document: Mapping[str, Any],
    inflight: InFlight,
    fault_paths: Iterable[str],
) -> list[Route]:
    """The control API's routes over ``state``, its bodies checked with ``document``'s
    ``Contact``; a fault's path must match one of ``fault_paths`` (``{name}``: any one
    segment)."""
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

    async def reject(request: Request) -> Response:
        body = await body_of(request, "reject")
        state.calls.far_end_ends(call_id(request), body["state"])
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

    async def token(request: Request) -> Response:
        await body_of(request, "token")  # ``{}``: checked, with nothing in it to use
        issued = state.tokens.issue()
        answer = {
            "access_token": issued.access_token,
            "token_type": issued.token_type,
            "expires_in": issued.expires_in,
        }
        return json_response(answer, 201, NO_STORE)

    return [
        Route("/reset", Methods({"POST": reset})),
        Route("/calls", Methods({"POST": ring})),
        Route("/calls/{call_id}/answer", Methods({"POST": answer})),
        Route("/calls/{call_id}/reject", Methods({"POST": reject})),
        Route("/calls/{call_id}/hangup", Methods({"POST": hang_up})),
        Route(
            "/faults", Methods({"GET": pending_faults, "POST": add_fault, "DELETE": clear_faults})
        ),
        Route("/clock", Methods({"POST": advance})),
        Route("/requests", Methods({"GET": requests})),
        Route("/token", Methods({"POST": token})),
    ]
