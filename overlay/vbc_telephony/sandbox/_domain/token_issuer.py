"""Auth: the password and refresh-token grants, the tokens they issue, and which are valid.

As on the live service: the password grant takes ``username`` (with ``@vbc.prod``),
``password``, ``client_id`` and ``client_secret``; each refresh token works once, and using it
issues a new pair and revokes the access token it came with. Access tokens expire
``ttl`` seconds after issue on the sandbox's clock. The static token, when there is one, is
always valid. Tokens are random (``secrets``), not seeded: they are credentials even here.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from .clock import Clock
from .refusals import GrantRefused

GRANT_TYPES = ("password", "refresh_token")
_DEFAULT_SCOPE = "default"


@dataclass(frozen=True)
class Credentials:
    """What the password grant must be given."""

    username: str
    password: str = field(repr=False)
    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True, repr=False)
class IssuedToken:
    """A token endpoint's answer."""

    access_token: str
    refresh_token: str
    expires_in: int
    scope: str
    token_type: str = "Bearer"


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class Tokens:
    """The tokens issued so far; ``grant`` issues, ``is_valid`` checks a bearer token."""

    def __init__(
        self, credentials: Credentials, clock: Clock, *, ttl: int, static_token: str | None
    ) -> None:
        self._credentials = credentials
        self._clock = clock
        self._ttl = ttl
        self._static_token = static_token
        self._expiry: dict[str, float] = {}  # access token -> when it expires
        self._refresh: dict[str, str] = {}  # unused refresh token -> its access token

    def reset(self) -> None:
        self._expiry.clear()
        self._refresh.clear()

    def is_valid(self, access_token: str) -> bool:
        if self._static_token is not None and _same(access_token, self._static_token):
            return True
        expiry = self._expiry.get(access_token)
        return expiry is not None and self._clock.now() < expiry

    def grant(self, form: Mapping[str, str], client: tuple[str, str] | None = None) -> IssuedToken:
        """Answer a token request: its form fields, and HTTP Basic client credentials if sent.

        ``GrantRefused`` with the OAuth error otherwise.
        """
        grant_type = form.get("grant_type")
        if grant_type not in GRANT_TYPES:
            raise GrantRefused(
                "unsupported_grant_type",
                f"grant_type must be one of {', '.join(GRANT_TYPES)}",
            )
        client_id, client_secret = client or (form.get("client_id"), form.get("client_secret"))
        if not (
            _same(client_id, self._credentials.client_id)
            and _same(client_secret, self._credentials.client_secret)
        ):
            raise GrantRefused("invalid_client", "Client authentication failed")
        if grant_type == "password":
            self._check_password(form)
        else:
            self._use_refresh_token(form.get("refresh_token"))
        return self._issue(form.get("scope") or _DEFAULT_SCOPE)

    def issue(self) -> IssuedToken:
        """A token for a client the sandbox trusts already (its control API's callers: the
        sandbox's page), as the password grant would issue it."""
        return self._issue(_DEFAULT_SCOPE)

    def _check_password(self, form: Mapping[str, str]) -> None:
        username, password = form.get("username"), form.get("password")
        if username is None or password is None:
            raise GrantRefused("invalid_request", "username and password are required")
        known = _same(username.lower(), self._credentials.username.lower())
        if not (known and _same(password, self._credentials.password)):
            raise GrantRefused("invalid_grant", "Authentication failed for " + username)

    def _use_refresh_token(self, refresh_token: str | None) -> None:
        if refresh_token is None:
            raise GrantRefused("invalid_request", "refresh_token is required")
        access_token = self._refresh.pop(refresh_token, None)
        if access_token is None:
            raise GrantRefused("invalid_grant", "Persisted access token data not found")
        self._expiry.pop(access_token, None)

    def _issue(self, scope: str) -> IssuedToken:
        now = self._clock.now()
        # Forget what has expired, so that a long session does not accumulate tokens.
        for stale in [token for token, expiry in self._expiry.items() if expiry <= now]:
            del self._expiry[stale]
        issued = IssuedToken(
            access_token=secrets.token_urlsafe(24),
            refresh_token=secrets.token_urlsafe(24),
            expires_in=self._ttl,
            scope=scope,
        )
        self._expiry[issued.access_token] = now + self._ttl
        self._refresh[issued.refresh_token] = issued.access_token
        return issued
