"""The sandbox as one ASGI application: the API at the live service's path prefix, the token
endpoint, and under ``/_sandbox`` (for this machine only) the control API, the page and its
event stream; behind the gateway (journal, faults), with every change counted for the
event stream (``changes``).

Every path the sandbox does not serve is 404 and every method a path lacks 405 (with
``Allow``), in the spec's ``Error`` shape; no path is redirected. Routing is on the path as
sent (``raw_path``), not on its decoding: ``%2F`` in an id is part of the id (the handlers
decode each parameter), so no id reaches another operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from starlette.routing import Mount, Route, Router

from ..._constants import DEFAULT_TOKEN_URL
from ..._local_servers import SANDBOX_CONTROL_PREFIX, SANDBOX_EVENTS_PATH, SANDBOX_PAGE_PATH
from ..._server.asgi import Receive, Scope, Send
from .._domain.clock import Clock
from .._domain.state import SandboxState
from .._sandbox_config import SandboxConfig
from .api_routes import api_routes
from .changes import Changes, Notifying
from .control_api import control_routes
from .event_stream import EventStream
from .gateway import Gateway
from .inflight import InFlight
from .local_only import LocalOnly
from .openapi import api_prefix, latest_time, load, operations
from .page import page_routes
from .responses import Methods, not_found
from .token_endpoint import token_endpoint

# The live service's token endpoint path.
TOKEN_PATH = urlsplit(DEFAULT_TOKEN_URL).path


class SandboxApp:
    """The ASGI app; ``stopping`` ends the waits of the requests in flight (``_inflight``)
    and the event streams."""

    def __init__(self, state: SandboxState, document: Mapping[str, Any]) -> None:
        self.api_prefix = prefix = api_prefix(document)
        self._inflight = inflight = InFlight()
        self._changes = changes = Changes()
        api = Router(
            api_routes(state, document, inflight), redirect_slashes=False, default=not_found
        )
        fault_paths = [spec.path for spec in operations(document)] + [TOKEN_PATH]
        events = EventStream(state, changes)
        local = Router(
            [
                *control_routes(state, document, inflight, fault_paths),
                *page_routes(prefix),
                Route(
                    SANDBOX_EVENTS_PATH.removeprefix(SANDBOX_CONTROL_PREFIX),
                    Methods({"GET": events.respond}),
                ),
            ],
            redirect_slashes=False,
            default=not_found,
        )
        router = Router(
            [
                Mount(prefix, app=api),
                Route(TOKEN_PATH, Methods({"POST": token_endpoint(state, inflight)})),
                Mount(SANDBOX_CONTROL_PREFIX, app=LocalOnly(local)),
            ],
            redirect_slashes=False,
            default=not_found,
        )
        gateway = Gateway(
            router,
            state,
            inflight,
            api_prefix=prefix,
            token_path=TOKEN_PATH,
            changed=changes.notify,
        )
        # The page's own requests change nothing: counted, they would wake its stream.
        self._app = Notifying(gateway, changes, quiet=(SANDBOX_PAGE_PATH, SANDBOX_EVENTS_PATH))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_path = scope.get("raw_path")
        if raw_path is not None:
            scope["path"] = raw_path.decode("latin-1")
        await self._app(scope, receive, send)

    def stopping(self) -> None:
        self._inflight.stop()
        self._changes.stop()


def build_app(config: SandboxConfig, document: Mapping[str, Any] | None = None) -> SandboxApp:
    """A sandbox in the state ``config`` describes, serving the API ``document`` describes
    (default: the bundled spec), its clock bounded by the spec's latest time."""
    document = document or load()
    return SandboxApp(SandboxState(config, Clock(latest=latest_time(document))), document)
