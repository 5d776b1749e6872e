"""The sandbox's extra (``pip install 'vbc-telephony[sandbox]'``): whether it is installed,
and the error that says how to install it."""

from __future__ import annotations

import importlib

from .._exceptions import VBCError

INSTALL_HINT = "the sandbox needs its extra: pip install 'vbc-telephony[sandbox]'"
# What the extra installs: without any of them the sandbox cannot run.
_EXTRA = ("jsonschema_rs", "starlette", "uvicorn", "httptools", "yaml")


class SandboxUnavailableError(VBCError, RuntimeError):
    """The sandbox cannot run here: its dependencies are not installed, or it cannot start."""


def require_extra() -> None:
    """``SandboxUnavailableError`` naming the install command, unless the extra is installed."""
    for module in _EXTRA:
        try:
            importlib.import_module(module)
        except ImportError:
            raise SandboxUnavailableError(INSTALL_HINT) from None
