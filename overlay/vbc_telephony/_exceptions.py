"""The package's error tree, and the mapping from an HTTP error response to it.

    VBCError
    ├── APIStatusError            the server answered with an error status
    │   ├── BadRequestError           400
    │   ├── AuthenticationError       401, or a token that could not be obtained
    │   ├── PermissionDeniedError     403
    │   ├── NotFoundError             404
    │   ├── ConflictError             409
    │   ├── RateLimitError            429
    │   └── InternalServerError       >= 500
    ├── APIConnectionError        no answer: the connection failed, dropped or was refused
    │   └── APITimeoutError           the request timed out
    │       └── WaitTimeoutError          wait_for gave up: the status never came
    └── APIResponseValidationError  a success status whose body the client cannot use
                                    (truncated or non-JSON, wrong shape or value types)

Both error body shapes are understood: the API's ``{"code", "message"}`` and the API
gateway's ``{"code": "900901", "message", "description"}``. A body that is not JSON (an
HTML page, nothing at all) still yields an error with a readable message.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

_BODY_EXCERPT = 200


class VBCError(Exception):
    """Base class of every error this package raises on purpose."""


class APIConnectionError(VBCError):
    """No answer: the connection failed, dropped or was refused, or a TLS check failed."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class WaitTimeoutError(APITimeoutError):
    """``calls.wait_for`` or ``legs.wait_for`` reached its timeout before the call or leg had
    the status it waits for. ``last_seen`` is the call or leg as last read (None if no read
    succeeded); the last failure, if the last read failed, is the ``__cause__``."""

    def __init__(self, message: str, *, last_seen: object = None) -> None:
        super().__init__(message)
        self.last_seen = last_seen


class APIResponseValidationError(VBCError):
    """A success status with a body that does not match the spec (truncated, HTML, wrong types).

    Not a connection error: the server did answer, and what it answered will not change by
    asking again, so code that retries connection failures must not retry this. ``response``
    is the HTTP response when the problem was found while parsing it, None when it was found
    later, on reading a field of a returned object.
    """

    def __init__(self, message: str, *, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.response = response


class APIStatusError(VBCError):
    """The server answered with an error status.

    ``code`` and ``message`` come from the body when it has them (``code`` always as a str);
    ``body`` is the decoded JSON body, or the text when it is not JSON.
    """

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        code: str | None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.code = code

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.response.headers.get("x-request-id")
        return request_id

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.status_code}{code}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"code={self.code!r}, message={self.message!r})"
        )


class BadRequestError(APIStatusError):
    """400: the request was invalid."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, invalid or expired, or a new one could not be obtained."""


class PermissionDeniedError(APIStatusError):
    """403: the token may not act on this account or resource."""


class NotFoundError(APIStatusError):
    """404: no such account, call, leg or device."""


class ConflictError(APIStatusError):
    """409: the leg's current state does not allow this change."""


class RateLimitError(APIStatusError):
    """429: throttled by the API gateway."""


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def _decode_body(response: httpx.Response) -> object:
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError, httpx.ResponseNotRead):
        return None
    if not text.strip():
        return None
    try:
        decoded: object = json.loads(text)
    except ValueError:
        return text
    return decoded


def _field(body: object, name: str) -> str | None:
    if isinstance(body, dict):
        value: Any = body.get(name)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
    return None


def error_for_response(response: httpx.Response) -> APIStatusError:
    """The typed error for an error ``response`` (status >= 400); never raises itself."""
    body = _decode_body(response)
    code = _field(body, "code")
    message = _field(body, "message") or _field(body, "description")
    if message is None:
        if isinstance(body, str):
            excerpt = " ".join(body.split())[:_BODY_EXCERPT]
            message = f"{response.reason_phrase or 'error'} (non-JSON body: {excerpt!r})"
        else:
            message = response.reason_phrase or "error"
    status = response.status_code
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(message, response=response, body=body, code=code)
