"""``POST /token``: the OAuth token endpoint, form-encoded as RFC 6749 has it.

The client authenticates with ``client_id``/``client_secret`` in the form or with HTTP Basic;
the grant itself is ``_tokens``'s. A refusal is answered with its status and the OAuth error
body ``{"error", "error_description"}``.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from .._domain.refusals import GrantRefused
from .._domain.state import SandboxState
from .inflight import InFlight
from .responses import RequestHandler, json_response, media_type

_FORM = "application/x-www-form-urlencoded"
# RFC 6749 5.1: token answers must not be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _refusal(refusal: GrantRefused) -> Response:
    """RFC 6749 5.2: 401 for a client that failed to authenticate, 400 for the rest."""
    body = {"error": refusal.error, "error_description": refusal.description}
    status = 401 if refusal.error == "invalid_client" else 400
    return json_response(body, status, NO_STORE)


def form_fields(body: bytes) -> dict[str, str]:
    """The fields of a form-encoded body (a field given twice: its last value)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise GrantRefused("invalid_request", "the form is not UTF-8") from None
    return dict(parse_qsl(text, keep_blank_values=True))


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise GrantRefused("invalid_client", "malformed Basic credentials") from None
    client_id, separator, client_secret = decoded.partition(":")
    if not separator:
        raise GrantRefused("invalid_client", "malformed Basic credentials")
    return client_id, client_secret


def token_endpoint(state: SandboxState, inflight: InFlight) -> RequestHandler:
    """The handler of ``POST /token`` over ``state``'s tokens."""

    async def issue(request: Request) -> Response:
        body = await request.body()
        inflight.check(request.scope)
        try:
            if media_type(request.headers.get("content-type")) != _FORM:
                raise GrantRefused("invalid_request", f"Content-Type must be {_FORM}")
            client = _basic_credentials(request.headers.get("authorization"))
            issued = state.tokens.grant(form_fields(body), client)
        except GrantRefused as refusal:
            return _refusal(refusal)
        answer = {
            "access_token": issued.access_token,
            "refresh_token": issued.refresh_token,
            "scope": issued.scope,
            "token_type": issued.token_type,
            "expires_in": issued.expires_in,
        }
        return json_response(answer, 200, NO_STORE)

    return issue
