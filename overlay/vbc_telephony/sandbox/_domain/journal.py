"""The journal: every request the API and the token endpoint received, oldest first.

An entry holds the method, the path, the query, the JSON body (None if it is not JSON or
larger than ``SANDBOX_JOURNAL_BODY_BYTES``), the status answered (None for a dropped
connection), whether the request carried a valid token (None where no token was asked
for) and when it arrived (epoch seconds on the sandbox's clock). Secrets are never
recorded: no headers, and of a token request's form only its ``grant_type``.

A request still in flight when the journal is cleared (a reset) is not recorded when it
ends: a test that resets the sandbox sees only its own requests, not the tail of the one
before it (a client that gave up on a slow or truncated request, say).
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass
from itertools import islice


@dataclass(frozen=True)
class Entry:
    method: str
    path: str
    query: dict[str, str | list[str]]
    body: object
    status: int | None
    token_valid: bool | None
    time: float

    def as_json(self) -> dict[str, object]:
        return asdict(self)


class Journal:
    """The last ``limit`` entries."""

    def __init__(self, limit: int) -> None:
        self._entries: deque[Entry] = deque(maxlen=limit)
        self._cleared = 0

    def ticket(self) -> int:
        """Taken when a request arrives; ``record`` needs it."""
        return self._cleared

    def record(self, entry: Entry, ticket: int) -> None:
        """Record ``entry``, unless the journal was cleared since ``ticket`` was taken."""
        if ticket == self._cleared:
            self._entries.append(entry)

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def latest(self, count: int) -> list[Entry]:
        """The last ``count`` entries, newest first."""
        return list(islice(reversed(self._entries), count))

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self._cleared += 1
