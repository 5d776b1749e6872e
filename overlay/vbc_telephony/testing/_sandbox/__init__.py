"""The sandbox: a stateful, pure-Python server of the VBC Telephony API, for testing clients.

It serves the API as the live service does: under the live path prefix
(``/t/vbc.prod/telephony/v3``) with the token endpoint at ``/token``, so that an app's
configuration differs from production only in scheme, host and port. It keeps calls, legs,
devices and tokens in memory, enforces auth, validates every request against the bundled
``openapi.yaml``, and fails on demand (statuses, delays, dropped connections) through a
control API under ``/_sandbox`` that tests in any language can use.

Layers, each testable alone:

- the domain, plain Python with no HTTP in it: ``_calls`` (calls and legs), ``_devices``,
  ``_tokens`` (grants and token validity), ``_clock``, ``_faults``, ``_journal``,
  ``_paging``, ``_ids`` (seeded ids), all held by ``_state.SandboxState`` under a
  ``_config.SandboxConfig``;
- the spec: ``_spec`` reads ``openapi.yaml`` once and turns its schemas into JSON Schema,
  ``_validation`` compiles a validator per operation and part, ``_operations`` holds one
  handler per ``operationId`` and ``_views`` the API's JSON shapes;
- HTTP: ``_api`` makes a route per path of the spec, ``_token_endpoint`` and ``_control``
  serve the rest, ``_gateway`` journals and injects faults, ``_app`` puts them together,
  ``_runner`` serves it (``Sandbox`` in a thread, ``serve`` in the foreground) on the stack
  every server here shares (``testing._server``: uvicorn and httptools).

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

from ._config import SandboxConfig
from ._errors import SandboxUnavailableError

if TYPE_CHECKING:
    from ._runner import Sandbox, serve

__all__ = ["Sandbox", "SandboxConfig", "SandboxUnavailableError", "serve"]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    if name not in ("Sandbox", "serve"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("._runner", __name__), name)
