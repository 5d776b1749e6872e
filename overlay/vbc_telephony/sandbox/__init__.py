"""The sandbox: a stateful, pure-Python server of the VBC Telephony API, for testing clients.

It serves the API as the live service does: under the live path prefix
(``/t/vbc.prod/telephony/v3``) with the token endpoint at ``/token``, so that an app's
configuration differs from production only in scheme, host and port. It keeps calls, legs,
devices and tokens in memory, enforces auth, validates every request against the bundled
``openapi.yaml``, and fails on demand (statuses, delays, dropped connections) through a
control API under ``/_sandbox`` that tests in any language can use.

Layers, each testable alone:

- ``_domain``: what the sandbox is, plain Python with no HTTP in it: ``active_calls`` (calls
  and legs), ``registrations`` (devices), ``token_issuer`` (grants and token validity),
  ``clock``, ``faults``, ``journal``, ``listing`` (filtering, sorting, pages), ``seeds``
  (seeded ids) and ``refusals`` (what it will not do), all held by ``state.SandboxState``
  under a ``SandboxConfig``;
- ``_http``: how it is served, on Starlette: ``openapi`` reads the spec, ``validation``
  compiles a validator per operation and part, ``api_routes`` makes a route per path and
  ``operations`` holds a handler per ``operationId``, ``views`` renders the API's JSON shapes
  (and keeps what it rendered while the calls are unchanged), ``token_endpoint`` and
  ``control_api`` serve the rest, ``gateway`` journals and injects faults, ``inflight``
  makes a reset or a stop end the requests in flight, ``responses`` holds the answers every
  route shares, ``local_only`` keeps ``/_sandbox`` to this machine and its own origin, and
  ``application`` puts them together;
- the page (``/_sandbox/ui``): its files in ``_page`` (plain HTML, CSS and JavaScript),
  served by ``_http.page``, kept live by ``_http.event_stream`` (Server-Sent Events of
  ``_http.snapshot``, woken by ``_http.changes``);
- ``_background`` (``Sandbox``, in a thread) and ``_foreground`` (``serve``) run it on the
  stack every server we ship shares (``vbc_telephony._server``: uvicorn and httptools).

Why Starlette and jsonschema-rs: measured with wrk on this project's 2-core machine,
Starlette on uvicorn validating with ``jsonschema-rs`` answered 4,600-11,000 requests/s,
where Prism answered 2,100-3,300 and the same app validating with ``openapi-core`` 340-630.
Starlette's router takes the spec's path templates as they are (``{call_id}``), so a route
per path and a handler per ``operationId`` are all the routing there is, and the validators
come from the same document. Connexion 3 (which routes by ``operationId`` too) was not
measured: it validates with the pure-Python ``jsonschema`` and answers in its own error
shapes, both of which the sandbox would have to work around. ``make bench`` measures the
sandbox against Prism side by side.

Its dependencies are the ``sandbox`` extra (``pip install 'vbc-telephony[sandbox]'``);
without them, ``Sandbox`` can still be imported (for type hints), but starting one, or
``serve``, raises ``SandboxUnavailableError`` naming the install command.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._extra import SandboxUnavailableError
from ._sandbox_config import SandboxConfig

if TYPE_CHECKING:
    from ._background import Sandbox
    from ._foreground import serve

__all__ = ["Sandbox", "SandboxConfig", "SandboxUnavailableError", "serve"]


_HOMES = {"Sandbox": "._background", "serve": "._foreground"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)
