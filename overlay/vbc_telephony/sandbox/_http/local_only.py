"""What every request under ``/_sandbox`` (the control API, the page, its event stream)
passes first: they are for this machine, and for no web page but the sandbox's own.

- loopback clients only (403 otherwise), so that a sandbox listening on a public address
  cannot be reset, faulted or watched from elsewhere;
- no request a web page elsewhere can make a browser send (``_origin``: 403 for a foreign
  ``Origin`` or ``Host``, DNS rebinding included);
- a request that changes anything must say ``Content-Type: application/json`` (415
  otherwise), which a page cannot send without a CORS preflight, and the sandbox answers
  none;
- the body is read within the API's bounds (413 past ``MAX_BODY_BYTES``, 408 when it stalls).
"""

from __future__ import annotations

from ..._server.asgi import ASGIApp, HTTPProblem, Receive, Scope, Send, read_body, replay_body
from ..._server.origin import foreign_request, is_loopback_client
from .responses import is_json

_READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


class LocalOnly:
    """``app`` behind the checks of the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_loopback_client(scope):
            raise HTTPProblem(
                403, "The sandbox's control API and page answer loopback clients only"
            )
        foreign = foreign_request(scope)
        if foreign is not None:
            raise HTTPProblem(
                403, f"The sandbox's control API and page refuse this request: {foreign}"
            )
        if scope["method"] not in _READ_ONLY:
            content_type = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1")
            if not is_json(content_type):
                raise HTTPProblem(
                    415, "A control request that changes the sandbox must be application/json"
                )
        body = await read_body(scope, receive)
        await self._app(scope, replay_body(body, receive), send)
