"""The sandbox's clock: the wall clock, which tests may move forward (for token expiry)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class Clock:
    """Seconds since the epoch, ``advance``-d seconds ahead of ``source``."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0

    def now(self) -> float:
        return self._source() + self._offset

    def seconds(self) -> int:
        """``now`` in whole seconds, as the API's times are."""
        return int(self.now())

    def advance(self, seconds: float) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
        if not (math.isfinite(seconds) and seconds >= 0):
            raise ValueError(f"the clock only moves forward: {seconds!r} is not >= 0")
        self._offset += seconds

    def reset(self) -> None:
        self._offset = 0.0
