"""The pytest plugin (``vbc_telephony.testing.pytest_plugin``: the ``vbc_mock`` and
``vbc_sandbox`` fixtures), and the servers tests use, under the names tests have always
imported them by:

- ``PrismMock``, ``PrismUnavailableError``: from ``vbc_telephony.mock``;
- ``Sandbox``, ``SandboxConfig``, ``SandboxUnavailableError``: from ``vbc_telephony.sandbox``.

Nothing in the client imports this package, and the names are imported on first use, so
importing it loads no server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..mock import PrismMock, PrismUnavailableError
    from ..sandbox import Sandbox, SandboxConfig, SandboxUnavailableError

__all__ = [
    "PrismMock",
    "PrismUnavailableError",
    "Sandbox",
    "SandboxConfig",
    "SandboxUnavailableError",
]

_HOMES = {
    "PrismMock": "vbc_telephony.mock",
    "PrismUnavailableError": "vbc_telephony.mock",
    "Sandbox": "vbc_telephony.sandbox",
    "SandboxConfig": "vbc_telephony.sandbox",
    "SandboxUnavailableError": "vbc_telephony.sandbox",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
