"""Faults on demand: the next ``count`` requests that match get a status, a delay, or a
dropped connection instead of (or, for a delay alone, before) their normal answer.

A fault matches by method (``*`` for any) and by path, relative to the API's prefix
(``/cc/accounts/*/calls``) or the token endpoint's (``/token``); in the path, ``*`` stands
for one segment. The oldest matching fault applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
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


def reachable(pattern: str, templates: Iterable[str]) -> bool:
    """Whether ``pattern`` can match some path of ``templates`` (in which a ``{name}``
    segment stands for any one segment): ``/``, ``//`` or ``/cc/**`` cannot."""
    segments = pattern.split("/")
    if segments[0] != "" or "" in segments[1:]:
        return False
    for template in templates:
        parts = template.split("/")
        if len(parts) == len(segments) and all(
            part.startswith("{") or fnmatchcase(part, segment)
            for segment, part in zip(segments[1:], parts[1:], strict=True)
        ):
            return True
    return False


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

    def pending(self) -> list[tuple[Fault, int]]:
        """Each fault still to happen, with how many more times it will."""
        return [(pending.fault, pending.left) for pending in self._pending]

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any; it counts as one of the fault's ``count``."""
        for pending in self._pending:
            if pending.fault.matches(method, path):
                pending.left -= 1
                if pending.left == 0:
                    self._pending.remove(pending)
                return pending.fault
        return None
