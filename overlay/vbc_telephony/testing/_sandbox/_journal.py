"""The journal: every request the API and the token endpoint received, oldest first.

An entry holds the method, the path, the query, the JSON body (None if it is not JSON or
larger than ``SANDBOX_JOURNAL_BODY_BYTES``), the status answered (None for a dropped
connection) and whether the request carried a valid token (None where no token was asked
for). Secrets are never recorded: no headers, and of a token request's form
only its ``grant_type``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Entry:
    method: str
    path: str
    query: dict[str, str | list[str]]
    body: object
    status: int | None
    token_valid: bool | None

    def as_json(self) -> dict[str, object]:
        return asdict(self)


class Journal:
    """The last ``limit`` entries."""

    def __init__(self, limit: int) -> None:
        self._entries: deque[Entry] = deque(maxlen=limit)

    def record(self, entry: Entry) -> None:
        self._entries.append(entry)

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries.clear()
