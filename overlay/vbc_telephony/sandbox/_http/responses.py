"""What the sandbox's routes share: dispatch by method (405 with ``Allow`` for the others),
the 404 for paths it does not serve, and its JSON answers: the spec's ``Error`` shape, and the
API gateway's shape for 401 and 429 (``{"code": "9009xx", "message", "description"}``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from email.message import Message

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..._server.asgi import HTTPProblem, Receive, Scope, Send, error_body
from .._domain.refusals import Conflict, NotAllowed, NotFound, Refused

RequestHandler = Callable[[Request], Awaitable[Response]]

# The live gateway's words for a missing, invalid or expired token, and for throttling.
UNAUTHORIZED_CODE = "900901"
UNAUTHORIZED_MESSAGE = "Invalid Credentials"
UNAUTHORIZED_DESCRIPTION = (
    "Invalid Credentials. Make sure you have provided the correct security credentials"
)
THROTTLED_CODE = "900802"
THROTTLED_MESSAGE = "Message throttled out"
THROTTLED_DESCRIPTION = "You have exceeded your quota"
NOT_FOUND_MESSAGE = "No matching resource found for given API Request"
# How the domain's refusals are answered (any other ``Refused``: 400; ``NotAllowed``: 401 in
# the gateway's shape).
_STATUS: dict[type[Refused], int] = {NotFound: 404, Conflict: 409}


class Methods:
    """One path's ASGI app: a handler per method; any other method gets 405 with ``Allow``.

    A domain refusal a handler raises is answered with its status (``_STATUS``): in the
    gateway's shape for an account the token may not use, in the ``Error`` shape otherwise.
    """

    def __init__(self, handlers: Mapping[str, RequestHandler]) -> None:
        self._handlers = dict(handlers)
        self._allow = ", ".join(self._handlers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self._handlers.get(scope["method"])
        if handler is None:
            raise HTTPProblem(
                405,
                f"Method {scope['method']} is not allowed here; allowed: {self._allow}",
                headers=[("Allow", self._allow)],
            )
        try:
            response = await handler(Request(scope, receive))
        except NotAllowed as refusal:
            response = unauthorized(refusal.message)
        except Refused as refusal:
            response = error_response(_STATUS.get(type(refusal), 400), refusal.message)
        await response(scope, receive, send)


def media_type(content_type: str | None) -> str | None:
    """The media type a Content-Type header names, lower-case, without its parameters."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    return message.get_content_type()


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type is JSON (``application/json``, ``application/*+json``)."""
    kind = media_type(content_type) or ""
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


async def not_found(scope: Scope, receive: Receive, send: Send) -> None:
    raise HTTPProblem(404, NOT_FOUND_MESSAGE)


def json_response(
    body: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


def error_response(status: int, message: str) -> Response:
    """The spec's ``Error`` object."""
    return Response(error_body(status, message), status, media_type="application/json")


def gateway_error(
    status: int,
    code: str,
    message: str,
    description: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An error in the API gateway's shape."""
    body = {"code": code, "message": message, "description": description}
    return json_response(body, status, headers)


def unauthorized(description: str = UNAUTHORIZED_DESCRIPTION) -> Response:
    return gateway_error(
        401,
        UNAUTHORIZED_CODE,
        UNAUTHORIZED_MESSAGE,
        description,
        {"WWW-Authenticate": "Bearer"},
    )


def throttled(headers: Mapping[str, str]) -> Response:
    return gateway_error(429, THROTTLED_CODE, THROTTLED_MESSAGE, THROTTLED_DESCRIPTION, headers)
