"""``GET /_sandbox/ui``: the sandbox's page, a far-end phone and an operator's desk, and its
files under ``/_sandbox/ui/``.

Plain HTML, CSS and JavaScript shipped in the package (``sandbox/_page``): no build step,
nothing loaded from anywhere else. The page learns the state from the event stream
(``_event_stream``) and acts only through the control API and the API, with a token from
``POST /_sandbox/token``: it can do nothing a test cannot.

Its answers carry a strict Content-Security-Policy (this origin only, no inline script or
style) and may not be framed, so that a page elsewhere cannot steer clicks on it; like the
rest of ``/_sandbox``, they are for loopback clients and the sandbox's own origin only
(``_local_only``).
"""

from __future__ import annotations

import html
import importlib.resources
from string import Template

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..._local_servers import SANDBOX_CONTROL_PREFIX, SANDBOX_PAGE_PATH
from .responses import Methods, RequestHandler

_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # A sandbox upgraded in place serves its new page at once.
    "Cache-Control": "no-cache",
}
# The page's files beside it, with their media types.
_FILES = {
    "ui.css": "text/css; charset=utf-8",
    "ui.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}


def _read(name: str) -> bytes:
    return importlib.resources.files("vbc_telephony.sandbox").joinpath("_page", name).read_bytes()


def _serving(body: bytes, media_type: str) -> RequestHandler:
    async def serve(request: Request) -> Response:
        return Response(body, media_type=media_type, headers=_HEADERS)

    return serve


def page_routes(api_prefix: str) -> list[Route]:
    """The page (which acts on the API under ``api_prefix``) and its files, relative to the
    control API's prefix."""
    page = Template(_read("ui.html").decode()).substitute(
        api_prefix=html.escape(api_prefix), control_prefix=html.escape(SANDBOX_CONTROL_PREFIX)
    )
    path = SANDBOX_PAGE_PATH.removeprefix(SANDBOX_CONTROL_PREFIX)
    routes = [Route(path, Methods({"GET": _serving(page.encode(), "text/html; charset=utf-8")}))]
    for name, media_type in _FILES.items():
        routes.append(Route(f"{path}/{name}", Methods({"GET": _serving(_read(name), media_type)})))
    return routes
