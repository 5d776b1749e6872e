"""What the domain refuses, and why: the HTTP layer answers each kind with its status
(``_http.responses``: 400, 404, 409, 401; the token endpoint: RFC 6749's)."""

from __future__ import annotations


class Refused(Exception):
    """Something the domain will not do, as asked (a bad value, a clock moved backwards)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(Refused):
    """No such call, leg or device (or no longer: it ended)."""


class Conflict(Refused):
    """The action cannot apply in the current state (hold a held leg …)."""


class NotAllowed(Refused):
    """The token may not act on this account."""


class GrantRefused(Exception):
    """The token endpoint refuses a grant: an OAuth ``error`` code (RFC 6749 5.2)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description
