"""The sandbox's clock: the wall clock, which tests may move forward (for token expiry), up
to the latest time the API can send (``latest``: the spec's bound on epoch seconds)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .refusals import Refused


class Clock:
    """Seconds since the epoch, ``advance``-d seconds ahead of ``source``, never past
    ``latest``."""

    def __init__(
        self, source: Callable[[], float] = time.time, *, latest: float = math.inf
    ) -> None:
        self._source = source
        self._offset = 0.0
        self.latest = latest

    def now(self) -> float:
        return self._source() + self._offset

    @property
    def ahead(self) -> float:
        """How far ``advance`` has moved the clock past ``source``, in seconds."""
        return self._offset

    def seconds(self) -> int:
        """``now`` in whole seconds, as the API's times are."""
        return int(self.now())

    def advance(self, seconds: float) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
        if seconds < 0 or (isinstance(seconds, float) and math.isnan(seconds)):
            raise Refused(f"the clock only moves forward: {seconds!r} is not >= 0")
        if seconds > self.latest - self.now():  # exact for any int, however large
            raise Refused(
                f"the clock cannot move past {self.latest:.0f}, the latest time the API sends;"
                f" it can move {max(0.0, self.latest - self.now()):.0f} s at most"
            )
        self._offset += seconds

    def reset(self) -> None:
        self._offset = 0.0
