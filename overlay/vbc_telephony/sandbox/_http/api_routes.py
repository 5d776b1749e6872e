"""The API's routes, made from the spec: one per path, one handler per ``operationId``.

Each operation checks the bearer token (401 in the gateway's shape without a valid one, or
for an account other than the token's), validates the request against the spec (400,
``_validation``), runs its handler (``_operations``) and answers what it returns; ``Methods``
answers the domain's refusals with their status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .._domain.state import SandboxState
from .inflight import InFlight
from .openapi import OperationSpec, operations
from .operations import HANDLERS, Answer, Handler
from .responses import Methods, RequestHandler, json_response, unauthorized
from .validation import RequestValidator
from .views import Renderings

# Where the API writes whether a request carried a valid token, for the journal.
TOKEN_VALID = "vbc.sandbox.token_valid"


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _render(answer: Answer) -> Response:
    if answer.text is not None:
        return PlainTextResponse(answer.text, answer.status)
    if answer.body is None:
        return Response(status_code=answer.status)
    if isinstance(answer.body, bytes):
        return Response(answer.body, answer.status, media_type="application/json")
    return json_response(answer.body, answer.status)


def _operation(
    state: SandboxState,
    spec: OperationSpec,
    handler: Handler,
    inflight: InFlight,
    renderings: Renderings,
) -> RequestHandler:
    validator = RequestValidator(spec)

    async def handle(request: Request) -> Response:
        if spec.secured:
            token = bearer_token(request)
            valid = token is not None and state.tokens.is_valid(token)
            request.scope[TOKEN_VALID] = valid
            if not valid:
                return unauthorized()
        # Routed on the raw path: each parameter is decoded here, %2F and all.
        path = {name: unquote(value) for name, value in request.path_params.items()}
        account = state.account(path["account_id"])
        valid_request = validator.validate(
            path,
            request.query_params.multi_items(),
            await request.body(),
            request.headers.get("content-type"),
        )
        inflight.check(request.scope)  # the last await is behind: the state changes now
        return _render(handler(state, renderings, account, valid_request))

    return handle


def api_routes(state: SandboxState, document: Mapping[str, Any], inflight: InFlight) -> list[Route]:
    """A route per path of ``document``, its methods those the spec gives it."""
    by_path: dict[str, dict[str, RequestHandler]] = {}
    renderings = Renderings()
    for spec in operations(document):
        handler = HANDLERS[spec.operation_id]
        by_path.setdefault(spec.path, {})[spec.method] = _operation(
            state, spec, handler, inflight, renderings
        )
    return [Route(path, Methods(handlers)) for path, handlers in by_path.items()]
