"""The ``httpx.Auth`` classes users pass: a fixed ``BearerToken``, and three OAuth grants.

An OAuth grant says which token requests to make (its first grant, the one tried when a
refresh is refused, the refresh itself) and keeps the token state: the current token, the
refresh token to use next, when to renew, the hand-off to ``on_token``. Renewing is
single-flight: ``valid_token`` runs between the flow's lock steps (``_flow``).
"""

from __future__ import annotations

import abc
import logging
import threading
from collections.abc import AsyncGenerator, Callable, Generator
from time import time

import anyio
import httpx

from .. import _validate
from .._constants import (
    DEFAULT_TOKEN_URL,
    LOGGER_NAME,
    PASSWORD_GRANT_SCOPE,
    PASSWORD_GRANT_USERNAME_SUFFIX,
    TOKEN_REFRESH_MARGIN,
)
from ._flow import Lock, Step, TokenExchange, auth_flow, drive_async, drive_sync, send
from ._token import REDACTED, REFUSED, ClientCredentials, Grant, Token, parse_token, token_error

_log = logging.getLogger(LOGGER_NAME)

TokenCallback = Callable[[Token], None]


class BearerToken(httpx.Auth):
    """A fixed bearer token, sent as is; a 401 is the caller's to handle."""

    def __init__(self, token: str) -> None:
        self._token = _validate.token(token, "token")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        _validate.secure_url(request.url, "the bearer token")
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return f"BearerToken({REDACTED})"


class _OAuthGrant(httpx.Auth, abc.ABC):
    """What every OAuth grant shares; subclasses say which token requests to make."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | httpx.URL,
        on_token: TokenCallback | None,
        refresh_token: str | None = None,
    ) -> None:
        self._client = ClientCredentials(
            _validate.credential(client_id, "client_id"),
            _validate.credential(client_secret, "client_secret"),
            _validate.secure_url(_validate.url(token_url, "token_url"), "client credentials"),
        )
        self._on_token = _validate.optional_callable(on_token, "on_token")
        self._refresh_token = refresh_token
        self._token: Token | None = None
        self._renew_at: float | None = None
        # Epoch seconds; replaced in tests so that expiry needs no sleeping.
        self._clock: Callable[[], float] = time
        self._thread_lock = threading.Lock()
        self._task_lock = anyio.Lock()

    @abc.abstractmethod
    def _first_grant(self) -> Grant:
        """The token request that obtains the first token."""

    def _fallback_grant(self) -> Grant | None:
        """The grant tried when there is no refresh token or a refresh is refused."""
        return None

    def _renewal(self) -> tuple[Grant, Grant | None] | None:
        """The grant that renews the token and the one tried if it is refused; None if none."""
        fallback = self._fallback_grant()
        if self._refresh_token is not None:
            return self._client.refresh_grant(self._refresh_token), fallback
        return None if fallback is None else (fallback, None)

    def valid_token(
        self, request: httpx.Request, *, stale: Token | None
    ) -> Generator[Step, httpx.Response | None, Token]:
        yield Lock.ACQUIRE
        token = self._token
        after_401 = stale is not None
        if token is None:
            token = yield from self._obtain(request, self._first_grant(), None, after_401)
        elif token is stale or (self._renew_at is not None and self._clock() >= self._renew_at):
            renewal = self._renewal()
            # Without a way to renew, the token is kept and the API's 401 is the answer.
            if renewal is not None:
                token = yield from self._obtain(request, *renewal, after_401)
        yield Lock.RELEASE
        return token

    def _obtain(
        self, request: httpx.Request, grant: Grant, fallback: Grant | None, after_401: bool
    ) -> Generator[Step, httpx.Response | None, Token]:
        """A token by ``grant`` (then ``fallback`` if refused), to send ``request``."""
        exchange = self._client.request
        response = yield from send(TokenExchange(exchange(grant, request, after_401=after_401)))
        if fallback is not None and response.status_code in REFUSED:
            _log.debug(
                "token endpoint refused the %s grant (%s); trying the %s grant",
                grant.grant_type,
                response.status_code,
                fallback.grant_type,
            )
            grant = fallback
            response = yield from send(TokenExchange(exchange(grant, request, after_401=after_401)))
        if not response.is_success:
            raise token_error(grant, response)
        return self._accept(grant, response)

    def _accept(self, grant: Grant, response: httpx.Response) -> Token:
        now = self._clock()
        token, lifetime = parse_token(response, now, previous_refresh=self._refresh_token)
        self._token = token
        self._refresh_token = token.refresh_token
        # A token shorter-lived than twice the margin is renewed half-way, not on every request.
        self._renew_at = (
            None if lifetime is None else now + lifetime - min(TOKEN_REFRESH_MARGIN, lifetime / 2)
        )
        _log.debug(
            "obtained a token with the %s grant (expires at %s)",
            grant.grant_type,
            "an unknown time" if token.expires_at is None else token.expires_at.isoformat(),
        )
        if self._on_token is not None:
            self._on_token(token)
        return token

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        return drive_sync(request, auth_flow(request, self), self._thread_lock)

    def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        return drive_async(request, auth_flow(request, self), self._task_lock)


class PasswordGrant(_OAuthGrant):
    """The OAuth password grant, renewed by refresh token and re-run when a refresh is refused.

    ``username`` gets the ``@vbc.prod`` suffix the token endpoint expects unless it has it.
    """

    def __init__(
        self,
        username: str,
        password: str,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | httpx.URL = DEFAULT_TOKEN_URL,
        scope: str = PASSWORD_GRANT_SCOPE,
        on_token: TokenCallback | None = None,
    ) -> None:
        super().__init__(client_id, client_secret, token_url=token_url, on_token=on_token)
        username = _validate.credential(username, "username")
        if not username.lower().endswith(PASSWORD_GRANT_USERNAME_SUFFIX):
            username += PASSWORD_GRANT_USERNAME_SUFFIX
        self._username = username
        self._password = _validate.credential(password, "password")
        self._scope = _validate.credential(scope, "scope")

    def _first_grant(self) -> Grant:
        form = {
            "grant_type": "password",
            "username": self._username,
            "password": self._password,
            "client_id": self._client.client_id,
            "client_secret": self._client.client_secret,
            "scope": self._scope,
        }
        return Grant("password", form)

    def _fallback_grant(self) -> Grant:
        return self._first_grant()

    def __repr__(self) -> str:
        return f"PasswordGrant(username={self._username!r}, client_id={self._client.client_id!r})"


class RefreshTokenGrant(_OAuthGrant):
    """Tokens from a refresh token obtained earlier (e.g. saved by ``on_token``).

    Each refresh rotates the refresh token; a refused refresh raises ``AuthenticationError``.
    """

    def __init__(
        self,
        refresh_token: str,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | httpx.URL = DEFAULT_TOKEN_URL,
        on_token: TokenCallback | None = None,
    ) -> None:
        refresh_token = _validate.token(refresh_token, "refresh_token")
        super().__init__(
            client_id,
            client_secret,
            token_url=token_url,
            on_token=on_token,
            refresh_token=refresh_token,
        )
        # Until a first token arrives, the refresh token to use is still the one given.
        self._given_refresh_token = refresh_token

    def _first_grant(self) -> Grant:
        return self._client.refresh_grant(self._given_refresh_token)

    def __repr__(self) -> str:
        return f"RefreshTokenGrant(client_id={self._client.client_id!r})"


class AuthorizationCodeGrant(_OAuthGrant):
    """Tokens from an authorization code, which is exchanged once; renewals use the refresh token.

    The client credentials go in an HTTP Basic header.
    """

    def __init__(
        self,
        code: str,
        redirect_uri: str,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | httpx.URL = DEFAULT_TOKEN_URL,
        on_token: TokenCallback | None = None,
    ) -> None:
        super().__init__(client_id, client_secret, token_url=token_url, on_token=on_token)
        self._code = _validate.token(code, "code")
        self._redirect_uri = _validate.credential(redirect_uri, "redirect_uri")

    def _first_grant(self) -> Grant:
        form = {
            "grant_type": "authorization_code",
            "code": self._code,
            "redirect_uri": self._redirect_uri,
        }
        return Grant("authorization_code", form, basic_client_auth=True)

    def __repr__(self) -> str:
        return (
            f"AuthorizationCodeGrant(client_id={self._client.client_id!r}, "
            f"redirect_uri={self._redirect_uri!r})"
        )
