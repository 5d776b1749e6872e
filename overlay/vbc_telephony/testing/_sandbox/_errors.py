"""What goes wrong in the sandbox: the domain's refusals (which the HTTP layer answers with
their status) and the error for a missing extra."""

from __future__ import annotations

import importlib

from ..._exceptions import VBCError

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


class Refused(Exception):
    """A request the domain refuses; ``status`` is the HTTP status it is answered with."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(Refused):
    """No such call, leg or device (or no longer: it ended)."""

    status = 404


class Conflict(Refused):
    """The action cannot apply in the current state (hold a held leg …)."""

    status = 409


class NotAllowed(Refused):
    """The token may not act on this account."""

    status = 401


class GrantRefused(Exception):
    """The token endpoint refuses a grant: an OAuth ``error`` code (RFC 6749 5.2)."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description
