"""Python client for the Vonage Business Telephony API v3.

import vbc_telephony as vbc

with vbc.Telephony(auth=vbc.BearerToken("…")) as client:
    for call in client.calls.list("self"):
        print(call.call_id, call.status, call.from_, call.to)
"""

from ._auth import AuthorizationCodeGrant, BearerToken, PasswordGrant, RefreshTokenGrant, Token
from ._client import AsyncTelephony, Telephony
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
from ._pagination import AsyncPaginator, Page, SyncPaginator
from ._response import RawResponse
from ._retry import AsyncRetryTransport, RetryTransport
from ._types import Contact
from ._watch import AsyncCallWatch, CallWatch, Snapshot, WatchEvent

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
