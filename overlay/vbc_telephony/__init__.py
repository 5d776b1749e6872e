"""Python client for the Vonage Business Telephony API v3.

import vbc_telephony as vbc

with vbc.Telephony(auth=vbc.BearerToken("…")) as client:
    for call in client.calls.list("self"):
        print(call.call_id, call.status, call.from_, call.to)

Each name below is imported from its module when it is first read, so that what imports
this package only for part of it (``vbc --version``, a program that only needs the errors)
does not load the rest; ``vbc.Telephony`` loads the client, and its first request the
generated models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._auth import AuthorizationCodeGrant, BearerToken, PasswordGrant, RefreshTokenGrant, Token
    from ._client import AsyncTelephony, Telephony
    from ._contact import Contact
    from ._exceptions import (
        APIConnectionError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        VBCError,
        WaitTimeoutError,
    )
    from ._models import Call, CallUpdated, Device, Leg, LegUpdated
    from ._page import Page
    from ._pagination import AsyncPaginator, SyncPaginator
    from ._response import RawResponse
    from ._retry import AsyncRetryTransport, RetryTransport
    from ._watch import AsyncCallWatch, CallWatch
    from ._watch_events import Snapshot, WatchEvent

# Where each public name lives.
_HOMES = {
    "AuthorizationCodeGrant": "._auth",
    "BearerToken": "._auth",
    "PasswordGrant": "._auth",
    "RefreshTokenGrant": "._auth",
    "Token": "._auth",
    "AsyncTelephony": "._client",
    "Telephony": "._client",
    "Contact": "._contact",
    "APIConnectionError": "._exceptions",
    "APIResponseValidationError": "._exceptions",
    "APIStatusError": "._exceptions",
    "APITimeoutError": "._exceptions",
    "AuthenticationError": "._exceptions",
    "BadRequestError": "._exceptions",
    "ConflictError": "._exceptions",
    "InternalServerError": "._exceptions",
    "NotFoundError": "._exceptions",
    "PermissionDeniedError": "._exceptions",
    "RateLimitError": "._exceptions",
    "VBCError": "._exceptions",
    "WaitTimeoutError": "._exceptions",
    "Call": "._models",
    "CallUpdated": "._models",
    "Device": "._models",
    "Leg": "._models",
    "LegUpdated": "._models",
    "AsyncPaginator": "._pagination",
    "Page": "._page",
    "SyncPaginator": "._pagination",
    "RawResponse": "._response",
    "AsyncRetryTransport": "._retry",
    "RetryTransport": "._retry",
    "AsyncCallWatch": "._watch",
    "CallWatch": "._watch",
    "Snapshot": "._watch_events",
    "WatchEvent": "._watch_events",
}

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCallWatch",
    "AsyncPaginator",
    "AsyncRetryTransport",
    "AsyncTelephony",
    "AuthenticationError",
    "AuthorizationCodeGrant",
    "BadRequestError",
    "BearerToken",
    "Call",
    "CallUpdated",
    "CallWatch",
    "ConflictError",
    "Contact",
    "Device",
    "InternalServerError",
    "Leg",
    "LegUpdated",
    "NotFoundError",
    "Page",
    "PasswordGrant",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RefreshTokenGrant",
    "RetryTransport",
    "Snapshot",
    "SyncPaginator",
    "Telephony",
    "Token",
    "VBCError",
    "WaitTimeoutError",
    "WatchEvent",
]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named attribute is
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later reads find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
