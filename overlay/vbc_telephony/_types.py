"""What users pass in: the ``Contact`` type and the aliases of the public signatures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import httpx

from . import _validate


@dataclass(frozen=True, slots=True)
class Contact:
    """A party of a call: its ``type`` and its ``destination``.

    The types an argument takes depend on the operation: ``calls.create`` takes
    ``device``, ``extension`` or ``feature_code`` as ``from_`` and those or ``pstn`` as ``to``;
    answering, transferring and parking a call take ``device``, ``extension`` or ``pstn``;
    ``legs.transfer`` takes those for a blind transfer, or ``leg`` (the destination is the id
    of the other leg) for an attended one. A plain dict ``{"type": …, "destination": …}`` is
    accepted wherever a Contact is.
    """

    type: str
    destination: str | int

    def __post_init__(self) -> None:
        _validate.text(self.type, "contact type", spaces=False)
        _validate.destination(self.destination, "contact destination")

    @classmethod
    def device(cls, device_id: str | int) -> Contact:
        return cls("device", device_id)

    @classmethod
    def extension(cls, extension: str | int) -> Contact:
        return cls("extension", extension)

    @classmethod
    def pstn(cls, number: str | int) -> Contact:
        """A phone number on the public network, digits only (``"15551234567"``)."""
        return cls("pstn", number)

    @classmethod
    def feature_code(cls, code: str | int) -> Contact:
        return cls("feature_code", code)

    @classmethod
    def leg(cls, leg_id: str) -> Contact:
        """Another leg of the call, the target of an attended ``legs.transfer``."""
        return cls("leg", leg_id)


ContactLike = Contact | Mapping[str, object]
"""A ``Contact``, or a dict ``{"type": …, "destination": …}``."""

TimeLike = datetime | int
"""A timezone-aware ``datetime``, or seconds since the epoch."""

Order = Literal["asc", "desc"]

TimeoutLike = float | httpx.Timeout
"""Seconds for every phase, or an ``httpx.Timeout`` for each of connect, read, write, pool."""
