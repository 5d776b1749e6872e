"""The aliases of the public signatures: what users may pass where a method takes a contact,
a time or a timeout."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

import httpx

from ._contact import Contact

__all__ = ["ContactLike", "Order", "TimeLike", "TimeoutLike"]

ContactLike = Contact | Mapping[str, object]
"""A ``Contact``, or a dict ``{"type": …, "destination": …}``."""

TimeLike = datetime | int
"""A timezone-aware ``datetime``, or seconds since the epoch."""

Order = Literal["asc", "desc"]

TimeoutLike = float | httpx.Timeout
"""Seconds for every phase, or an ``httpx.Timeout`` for each of connect, read, write, pool."""
