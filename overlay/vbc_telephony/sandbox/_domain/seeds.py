"""The sandbox's random sources: one seeded generator per kind of thing, so that a seed fixes
every id and time offset, and making more of one kind does not shift another's."""

from __future__ import annotations

import random
import uuid


def seeded(seed: int, kind: str) -> random.Random:
    """A generator for ``kind`` (``"calls"``, ``"devices"`` …) that depends on ``seed`` only."""
    return random.Random(f"{seed}:{kind}")  # noqa: S311 - test data, not secrets


def new_uuid(source: random.Random) -> str:
    """A version-4 UUID drawn from ``source``."""
    return str(uuid.UUID(int=source.getrandbits(128), version=4))
