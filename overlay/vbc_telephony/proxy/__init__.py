"""The recording proxy: your app's real traffic, forwarded, recorded and checked against the spec.

``vbc proxy`` (or ``RecordingProxy`` in a test) serves the upstream's paths unchanged on a
loopback port (the API under ``/t/vbc.prod/telephony/v3``, the token endpoint at ``/token``):
point the app's base URL and token URL at it and nothing else changes. Each request goes to
the one upstream origin it was given, and nowhere else; each answer comes back as the
upstream sent it. Every exchange is checked against the bundled ``openapi.yaml`` by the same
judge as ``vbc conformance`` (each new finding one line on stderr), and written to a HAR 1.2
recording as it happens, secrets redacted and phone numbers masked.

- ``_forward``: the ASGI app (forwarding with ``httpx.AsyncClient``: TLS, the proxy
  environment variables, timeouts) on the servers' shared stack (uvicorn: the ``Error`` shape,
  body caps, 408/413, malformed framing);
- ``_observer``: what happens to each exchange once answered (scrub, judge, record, say);
- ``_running``: ``RecordingProxy`` in a thread, ``serve`` in the foreground.

Needs the ``proxy`` extra: ``pip install 'vbc-telephony[proxy]'``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._running import RecordingProxy, serve

__all__ = ["RecordingProxy", "serve"]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("._running", __name__), name)
