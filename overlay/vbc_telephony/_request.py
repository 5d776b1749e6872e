"""What one operation is before it is sent: a ``Request``, the call's ``CallOptions``, and the
``ClientSettings`` every request of a client gets.

The builders (``_calls``, ``_legs``, ``_devices``, ``_pagination``) make these; only
``_session`` sends them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from . import _validate

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """What a client applies to every request: where, as whom, how long.

    ``max_retries`` is that of the ``RetryTransport`` the client built, None when the user
    passed ``http_client`` (its transport decides).
    """

    base_url: httpx.URL
    auth: httpx.Auth | None
    timeout: httpx.Timeout
    max_retries: int | None


@dataclass(frozen=True, slots=True)
class CallOptions:
    """A call's overrides of the client's settings; None keeps the client's."""

    timeout: httpx.Timeout | None = None
    max_retries: int | None = None

    @classmethod
    def of(cls, timeout: object, max_retries: object) -> CallOptions:
        return cls(
            None if timeout is None else _validate.timeout(timeout),
            None if max_retries is None else _validate.max_retries(max_retries),
        )


@dataclass(frozen=True, slots=True)
class Request(Generic[T]):
    """One operation, ready to send: ``kwargs`` of ``httpx.Client.request`` (the URL relative
    to the base URL; ``extensions`` carry its ``Replay``), how to ``parse`` a success, and the
    call's options."""

    kwargs: Mapping[str, Any]
    parse: Callable[[httpx.Response], T]
    options: CallOptions
