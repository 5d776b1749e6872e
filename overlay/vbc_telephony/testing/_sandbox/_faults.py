"""Faults on demand: the next ``count`` requests that match get a status, a delay, or a
dropped connection instead of (or, for a delay alone, before) their normal answer.

A fault matches by method (``*`` for any) and by path, relative to the API's prefix
(``/cc/accounts/*/calls``) or the token endpoint's (``/token``); in the path, ``*`` stands
for one segment. The oldest matching fault applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Fault:
    """What to do to the matching requests; ``status`` None with a delay only delays them."""

    method: str
    path: str
    status: int | None = None
    retry_after: int | None = None
    count: int = 1
    latency_ms: int = 0
    drop: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        # Absolute patterns match whole paths, a segment per ``*``.
        return PurePosixPath(path).match(self.path)


@dataclass
class _Pending:
    fault: Fault
    left: int


class Faults:
    """The faults still to happen."""

    def __init__(self) -> None:
        self._pending: list[_Pending] = []

    def add(self, fault: Fault) -> None:
        self._pending.append(_Pending(fault, fault.count))

    def clear(self) -> None:
        self._pending.clear()

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any; it counts as one of the fault's ``count``."""
        for pending in self._pending:
            if pending.fault.matches(method, path):
                pending.left -= 1
                if pending.left == 0:
                    self._pending.remove(pending)
                return pending.fault
        return None
