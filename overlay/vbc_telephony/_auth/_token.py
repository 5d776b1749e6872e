"""The token endpoint's side of OAuth: the ``Token`` type, the token request for a grant, and
what its answer means (a token pair, or a typed error).

Nothing here holds state or sends: ``_grants`` decides which exchange to make and ``_flow``
carries it out.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from .. import _validate
from .._constants import (
    DEFAULT_TIMEOUT,
    MAX_RETRIES_EXTENSION,
    REPLAY_EXTENSION,
    TOKEN_EXCHANGE_EXTENSION,
)
from .._exceptions import APIStatusError, AuthenticationError, error_for_response
from .._replay import Replay

REDACTED = "<redacted>"

# Statuses by which a token endpoint refuses a grant (RFC 6749 5.2 and the API gateway);
# any other error status says nothing about the credentials and keeps its own error type.
REFUSED = frozenset({400, 401, 403})

# Longer lifetimes are treated as unknown: the token is then renewed only after a 401.
_MAX_LIFETIME = 10 * 365 * 24 * 3600.0


@dataclass(frozen=True, repr=False)
class Token:
    """A token pair as the token endpoint granted it.

    ``expires_at`` is a timezone-aware UTC ``datetime``, or None when the endpoint did not say.
    ``refresh_token`` is the one to use next (refresh tokens work once). The repr never shows
    either token.
    """

    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    token_type: str = "Bearer"
    scope: str | None = None

    def __repr__(self) -> str:
        refresh = None if self.refresh_token is None else REDACTED
        return (
            f"Token(access_token={REDACTED}, refresh_token={refresh}, "
            f"expires_at={self.expires_at!r}, token_type={self.token_type!r}, "
            f"scope={self.scope!r})"
        )


@dataclass(frozen=True)
class Grant:
    """One token request: its grant type (for logs and errors), form, and client authentication."""

    grant_type: str
    form: dict[str, str] = field(repr=False)
    basic_client_auth: bool = False


@dataclass(frozen=True)
class ClientCredentials:
    """Who asks the token endpoint, and where it is; the repr shows no secret."""

    client_id: str
    client_secret: str = field(repr=False)
    token_url: httpx.URL

    def refresh_grant(self, refresh_token: str) -> Grant:
        form = {
            "grant_type": "refresh_token",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": refresh_token,
        }
        return Grant("refresh_token", form)

    def request(
        self, grant: Grant, for_request: httpx.Request, *, after_401: bool
    ) -> httpx.Request:
        """The POST that asks for ``grant``, to send ``for_request`` (refused with 401 already,
        or not sent yet).

        It has ``for_request``'s timeout (so it cannot hang when the user's cannot) and retries,
        is safe to repeat (``_replay``), and says what its failure means for ``for_request``
        (``TOKEN_EXCHANGE_EXTENSION``, for the error message).
        """
        headers = {"Accept": "application/json"}
        if grant.basic_client_auth:
            pair = f"{self.client_id}:{self.client_secret}".encode()
            headers["Authorization"] = f"Basic {base64.b64encode(pair).decode('ascii')}"
        given = for_request.extensions
        extensions = {
            "timeout": given.get("timeout") or DEFAULT_TIMEOUT.as_dict(),
            REPLAY_EXTENSION: Replay.SAFE,
            TOKEN_EXCHANGE_EXTENSION: _consequence(for_request, after_401=after_401),
        }
        if MAX_RETRIES_EXTENSION in given:
            extensions[MAX_RETRIES_EXTENSION] = given[MAX_RETRIES_EXTENSION]
        return httpx.Request(
            "POST", self.token_url, data=grant.form, headers=headers, extensions=extensions
        )


def _consequence(request: httpx.Request, *, after_401: bool) -> str:
    """What a failed token request means for the API ``request`` it was made for."""
    what = f"{request.method} {request.url.path}"
    if after_401:
        return f"{what}, refused with 401, was not sent again"
    return f"the API request ({what}) was not sent"


def parse_token(
    response: httpx.Response, now: float, *, previous_refresh: str | None
) -> tuple[Token, float | None]:
    """The token in a successful answer, and its lifetime in seconds if known.

    An answer without a new refresh token keeps the previous one (RFC 6749 6).
    """
    try:
        body: object = response.json()
    except ValueError:
        raise _unusable(response, "is not JSON") from None
    if not isinstance(body, dict):
        raise _unusable(response, "is not a JSON object")
    try:
        access_token = _validate.token(body.get("access_token"), "access_token")
    except (TypeError, ValueError):
        raise _unusable(response, "has no usable access_token") from None
    refresh_token = body.get("refresh_token")
    if not isinstance(refresh_token, str) or not refresh_token:
        refresh_token = previous_refresh
    lifetime = _lifetime(body.get("expires_in"))
    token_type = body.get("token_type")
    scope = body.get("scope")
    token = Token(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_at=None if lifetime is None else datetime.fromtimestamp(now + lifetime, UTC),
        token_type=token_type if isinstance(token_type, str) and token_type else "Bearer",
        scope=scope if isinstance(scope, str) else None,
    )
    return token, lifetime


def _lifetime(expires_in: object) -> float | None:
    """``expires_in`` in seconds, or None when it is missing or not a sensible number."""
    if isinstance(expires_in, bool) or not isinstance(expires_in, int | float | str):
        return None
    try:
        seconds = float(expires_in)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and 0 < seconds <= _MAX_LIFETIME else None


def _unusable(response: httpx.Response, problem: str) -> AuthenticationError:
    # The body is left out: a half-formed answer may still hold a token.
    return AuthenticationError(
        f"the token endpoint's answer {problem}", response=response, body=None, code=None
    )


def token_error(grant: Grant, response: httpx.Response) -> APIStatusError:
    """The error for a token request answered with ``response``, not a success.

    A refusal is an ``AuthenticationError`` carrying the OAuth ``error`` as its code; other
    errors (429, 5xx, 404...) keep the type of their status, and their message names the
    token endpoint and what became of the API request.
    """
    error = error_for_response(response)
    if response.is_error and response.status_code not in REFUSED:
        request = response.request
        reason = f" {response.reason_phrase}" if response.reason_phrase else ""
        message = (
            f"the token endpoint ({request.method} {request.url.path}) answered"
            f" {response.status_code}{reason} ({error.message});"
            f" {request.extensions.get(TOKEN_EXCHANGE_EXTENSION, 'no API request was sent')}"
        )
        return type(error)(message, response=response, body=error.body, code=error.code)
    body = error.body
    oauth_code = body.get("error") if isinstance(body, dict) else None
    description = body.get("error_description") if isinstance(body, dict) else None
    detail = description if isinstance(description, str) and description else error.message
    return AuthenticationError(
        f"the token endpoint refused the {grant.grant_type} grant ({detail})",
        response=response,
        body=body,
        code=oauth_code if isinstance(oauth_code, str) and oauth_code else error.code,
    )
