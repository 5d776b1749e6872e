"""The sandbox as one ASGI application: the API at the live service's path prefix, the token
endpoint, and the control API, behind the gateway (journal, faults).

Every path the sandbox does not serve is 404 and every method a path lacks 405 (with
``Allow``), in the spec's ``Error`` shape; no path is redirected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from starlette.routing import Mount, Route, Router

from ..._constants import DEFAULT_TOKEN_URL
from .._asgi import ASGIApp
from .._constants import SANDBOX_CONTROL_PREFIX
from ._api import api_routes
from ._control import control_app
from ._gateway import Gateway
from ._http import Methods, not_found
from ._spec import api_prefix
from ._state import SandboxState
from ._token_endpoint import token_endpoint

# The live service's token endpoint path.
TOKEN_PATH = urlsplit(DEFAULT_TOKEN_URL).path


def build_app(state: SandboxState, document: Mapping[str, Any]) -> ASGIApp:
    """The sandbox over ``state``, serving the API ``document`` describes."""
    prefix = api_prefix(document)
    api = Router(api_routes(state, document), redirect_slashes=False, default=not_found)
    router = Router(
        [
            Mount(prefix, app=api),
            Route(TOKEN_PATH, Methods({"POST": token_endpoint(state)})),
            Mount(SANDBOX_CONTROL_PREFIX, app=control_app(state, document)),
        ],
        redirect_slashes=False,
        default=not_found,
    )
    return Gateway(router, state, api_prefix=prefix, token_path=TOKEN_PATH)
