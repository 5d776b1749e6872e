"""What users test with: mocks of the API and the pytest plugin that serves them.

Nothing in the client imports this package: it holds servers and subprocesses, which a
client has no business loading. The ``vbc`` CLI imports it only for its mock commands, and
the names below are imported on first use, so reading ``testing._constants`` loads no server.

- ``PrismMock``: the Prism mock of ``openapi.yaml`` (Node.js), behind a guard proxy.
- ``Sandbox``, ``SandboxConfig``: the stateful sandbox of the API (pure Python, the
  ``sandbox`` extra), in a thread; ``vbc_telephony.testing._sandbox.serve`` in the foreground.
- ``vbc_telephony.testing.pytest_plugin``: the ``vbc_mock`` and ``vbc_sandbox`` fixtures (a
  ``pytest11`` plugin).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._prism import PrismMock, PrismUnavailableError
    from ._sandbox import Sandbox, SandboxConfig, SandboxUnavailableError

__all__ = [
    "PrismMock",
    "PrismUnavailableError",
    "Sandbox",
    "SandboxConfig",
    "SandboxUnavailableError",
]

_HOMES = {
    "PrismMock": "._prism",
    "PrismUnavailableError": "._prism",
    "Sandbox": "._sandbox",
    "SandboxConfig": "._sandbox",
    "SandboxUnavailableError": "._sandbox",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)
