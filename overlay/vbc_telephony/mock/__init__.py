"""The Prism mock of the API: Prism (Node.js) serving ``openapi.yaml``, behind a guard that
lets through only what Prism survives.

- ``PrismMock``: started and always stopped, in the background (``with PrismMock() as mock``);
- ``serve``: in the foreground until Ctrl-C or SIGTERM (``vbc mock``);
- ``PrismUnavailableError``: no Node.js, or Prism could not start.

The names are imported on first use: importing this package starts nothing and loads no
server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._prism_process import PrismUnavailableError

if TYPE_CHECKING:
    from ._background import PrismMock
    from ._foreground import serve

__all__ = ["PrismMock", "PrismUnavailableError", "serve"]

_HOMES = {"PrismMock": "._background", "serve": "._foreground"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)
