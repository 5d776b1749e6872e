"""Authentication: a fixed bearer token, and the OAuth grants that obtain and renew one.

Every class here is an ``httpx.Auth``, usable with ``httpx.Client`` and ``httpx.AsyncClient``.
The grants fetch a token on the first request, renew it shortly before it expires and after a
401 (the request is then replayed once), keep the rotated refresh token, fall back to the
password grant when a refresh is refused (``PasswordGrant`` only) and hand every new token pair
to ``on_token``. Threads (or tasks) that meet a missing or stale token cause one token request:
the first renews it while the others wait, then reuse it. ``on_token`` runs while they wait, so
it must not send requests through the same auth; an exception it raises fails the request.

The token requests are yielded by the auth flow, so they travel through the user's client and
transport (its timeouts, proxies and mocks) like any other request. The flow is written once,
in ``_OAuthGrant._flow``; ``sync_auth_flow`` and ``async_auth_flow`` only run it, adding the lock
and the body reads that differ between threads and tasks.

Authlib was considered and is not used: its token renewal lives in ``httpx.Client`` subclasses
(its ``httpx.Auth`` only signs), the sync one renews without single-flight, and neither falls
back to the password grant when a refresh is refused.
"""

from __future__ import annotations

import abc
import base64
import enum
import ipaddress
import logging
import math
import threading
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import time

import anyio
import httpx

from ._constants import (
    DEFAULT_TIMEOUT,
    DEFAULT_TOKEN_URL,
    LOGGER_NAME,
    PASSWORD_GRANT_SCOPE,
    PASSWORD_GRANT_USERNAME_SUFFIX,
    TOKEN_REFRESH_MARGIN,
)
from ._exceptions import APIStatusError, AuthenticationError, error_for_response

_log = logging.getLogger(LOGGER_NAME)

_REDACTED = "<redacted>"

# Statuses by which a token endpoint refuses a grant (RFC 6749 5.2 and the API gateway);
# any other error status says nothing about the credentials and keeps its own error type.
_REFUSED = frozenset({400, 401, 403})

TokenCallback = Callable[["Token"], None]


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
        refresh = None if self.refresh_token is None else _REDACTED
        return (
            f"Token(access_token={_REDACTED}, refresh_token={refresh}, "
            f"expires_at={self.expires_at!r}, token_type={self.token_type!r}, "
            f"scope={self.scope!r})"
        )


class BearerToken(httpx.Auth):
    """A fixed bearer token, sent as is; a 401 is the caller's to handle."""

    def __init__(self, token: str) -> None:
        self._token = _bearer_value("token", token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        _require_secure(request.url, "the bearer token")
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return f"BearerToken({_REDACTED})"


class _Lock(enum.Enum):
    """Steps of the shared flow that the sync and async drivers carry out with their own lock."""

    ACQUIRE = "acquire"
    RELEASE = "release"


@dataclass(frozen=True)
class _TokenExchange:
    """A request to the token endpoint: its answer is read before the flow sees it."""

    request: httpx.Request


_Step = httpx.Request | _TokenExchange | _Lock


@dataclass(frozen=True)
class _Grant:
    """One token request: its grant type (for logs and errors), form, and client authentication."""

    grant_type: str
    form: dict[str, str] = field(repr=False)
    basic_client_auth: bool = False


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
        self._client_id = _text("client_id", client_id)
        self._client_secret = _text("client_secret", client_secret)
        self._token_url = _token_endpoint(token_url)
        if on_token is not None and not callable(on_token):
            raise TypeError(f"on_token must be callable, not {type(on_token).__name__}")
        self._on_token = on_token
        self._refresh_token = refresh_token
        self._token: Token | None = None
        self._renew_at: float | None = None
        # Epoch seconds; replaced in tests so that expiry needs no sleeping.
        self._clock: Callable[[], float] = time
        self._thread_lock = threading.Lock()
        self._task_lock = anyio.Lock()

    # What each grant asks the token endpoint for.

    @abc.abstractmethod
    def _first_grant(self) -> _Grant:
        """The token request that obtains the first token."""

    def _fallback_grant(self) -> _Grant | None:
        """The grant tried when there is no refresh token or a refresh is refused."""
        return None

    def _refresh_grant(self, refresh_token: str) -> _Grant:
        return _Grant(
            "refresh_token",
            {
                "grant_type": "refresh_token",
                "client_id": self._client_id,
                "client_secret": self._client_secret,
                "refresh_token": refresh_token,
            },
        )

    def _renewal(self) -> tuple[_Grant, _Grant | None] | None:
        """The grant that renews the token and the one tried if it is refused; None if none."""
        fallback = self._fallback_grant()
        if self._refresh_token is not None:
            return self._refresh_grant(self._refresh_token), fallback
        return None if fallback is None else (fallback, None)

    # The flow, shared by threads and tasks.

    def _flow(self, request: httpx.Request) -> Generator[_Step, httpx.Response | None, None]:
        _require_secure(request.url, "the bearer token")
        carried = yield from self._valid_token(request, stale=None)
        response = yield from _send(_authorized(request, carried))
        if response.status_code != 401:
            return
        renewed = yield from self._valid_token(request, stale=carried)
        if renewed is not carried:
            yield _authorized(request, renewed)

    def _valid_token(
        self, request: httpx.Request, *, stale: Token | None
    ) -> Generator[_Step, httpx.Response | None, Token]:
        """The current token, renewed first if it is missing, expiring or ``stale``.

        ``stale`` is the token a request carried when the API answered 401: if another thread
        or task has renewed it since, its token is used without another renewal.
        """
        yield _Lock.ACQUIRE
        token = self._token
        if token is None:
            token = yield from self._obtain(request, self._first_grant(), None)
        elif token is stale or self._expiring():
            renewal = self._renewal()
            # Without a way to renew, the token is kept and the API's 401 is the answer.
            if renewal is not None:
                token = yield from self._obtain(request, *renewal)
        yield _Lock.RELEASE
        return token

    def _expiring(self) -> bool:
        return self._renew_at is not None and self._clock() >= self._renew_at

    def _obtain(
        self, request: httpx.Request, grant: _Grant, fallback: _Grant | None
    ) -> Generator[_Step, httpx.Response | None, Token]:
        response = yield from _send(self._token_exchange(request, grant))
        if fallback is not None and response.status_code in _REFUSED:
            _log.debug(
                "token endpoint refused the %s grant (%s); trying the %s grant",
                grant.grant_type,
                response.status_code,
                fallback.grant_type,
            )
            grant = fallback
            response = yield from _send(self._token_exchange(request, grant))
        if not response.is_success:
            raise _token_error(grant, response)
        return self._accept(grant, response)

    def _token_exchange(self, request: httpx.Request, grant: _Grant) -> _TokenExchange:
        headers = {"Accept": "application/json"}
        if grant.basic_client_auth:
            credentials = f"{self._client_id}:{self._client_secret}".encode()
            headers["Authorization"] = f"Basic {base64.b64encode(credentials).decode('ascii')}"
        # The user's timeouts apply to the token request too, so it cannot hang.
        timeout = request.extensions.get("timeout", DEFAULT_TIMEOUT.as_dict())
        token_request = httpx.Request(
            "POST",
            self._token_url,
            data=grant.form,
            headers=headers,
            extensions={"timeout": timeout},
        )
        return _TokenExchange(token_request)

    def _accept(self, grant: _Grant, response: httpx.Response) -> Token:
        now = self._clock()
        token, lifetime = _parse_token(response, now, previous_refresh=self._refresh_token)
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

    # The drivers: the same flow, run with a thread lock or a task lock.

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()  # a request replayed after a 401 must carry its body again
        flow = self._flow(request)
        held = False
        try:
            step = next(flow)
            while True:
                answer: httpx.Response | None = None
                if step is _Lock.ACQUIRE:
                    self._thread_lock.acquire()
                    held = True
                elif step is _Lock.RELEASE:
                    self._thread_lock.release()
                    held = False
                elif isinstance(step, _TokenExchange):
                    answer = yield step.request
                    answer.read()
                else:
                    answer = yield step
                step = flow.send(answer)
        except StopIteration:
            return
        finally:
            if held:
                self._thread_lock.release()

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()  # a request replayed after a 401 must carry its body again
        flow = self._flow(request)
        held = False
        try:
            step = next(flow)
            while True:
                answer: httpx.Response | None = None
                if step is _Lock.ACQUIRE:
                    await self._task_lock.acquire()
                    held = True
                elif step is _Lock.RELEASE:
                    self._task_lock.release()
                    held = False
                elif isinstance(step, _TokenExchange):
                    answer = yield step.request
                    await answer.aread()
                else:
                    answer = yield step
                step = flow.send(answer)
        except StopIteration:
            return
        finally:
            if held:
                self._task_lock.release()


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
        username = _text("username", username)
        if not username.lower().endswith(PASSWORD_GRANT_USERNAME_SUFFIX):
            username += PASSWORD_GRANT_USERNAME_SUFFIX
        self._username = username
        self._password = _text("password", password)
        self._scope = _text("scope", scope)

    def _first_grant(self) -> _Grant:
        return _Grant(
            "password",
            {
                "grant_type": "password",
                "username": self._username,
                "password": self._password,
                "client_id": self._client_id,
                "client_secret": self._client_secret,
                "scope": self._scope,
            },
        )

    def _fallback_grant(self) -> _Grant:
        return self._first_grant()

    def __repr__(self) -> str:
        return f"PasswordGrant(username={self._username!r}, client_id={self._client_id!r})"


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
        refresh_token = _text("refresh_token", refresh_token)
        super().__init__(
            client_id,
            client_secret,
            token_url=token_url,
            on_token=on_token,
            refresh_token=refresh_token,
        )
        # Until a first token arrives, the refresh token to use is still the one given.
        self._given_refresh_token = refresh_token

    def _first_grant(self) -> _Grant:
        return self._refresh_grant(self._given_refresh_token)

    def __repr__(self) -> str:
        return f"RefreshTokenGrant(client_id={self._client_id!r})"


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
        self._code = _text("code", code)
        self._redirect_uri = _text("redirect_uri", redirect_uri)

    def _first_grant(self) -> _Grant:
        form = {
            "grant_type": "authorization_code",
            "code": self._code,
            "redirect_uri": self._redirect_uri,
        }
        return _Grant("authorization_code", form, basic_client_auth=True)

    def __repr__(self) -> str:
        return (
            f"AuthorizationCodeGrant(client_id={self._client_id!r}, "
            f"redirect_uri={self._redirect_uri!r})"
        )


def _send(
    step: httpx.Request | _TokenExchange,
) -> Generator[_Step, httpx.Response | None, httpx.Response]:
    response = yield step
    assert response is not None, "the drivers answer every request with its response"
    return response


def _authorized(request: httpx.Request, token: Token) -> httpx.Request:
    request.headers["Authorization"] = f"Bearer {token.access_token}"
    return request


def _text(name: str, value: object) -> str:
    """``value`` if it is a non-blank str; the error names the argument, never its value."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def _bearer_value(name: str, value: object) -> str:
    """A token fit for an Authorization header: no whitespace or control characters."""
    token = _text(name, value)
    if not token.isprintable() or any(char.isspace() for char in token):
        raise ValueError(f"{name} must not contain whitespace or control characters")
    return token


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _require_secure(url: httpx.URL, what: str) -> None:
    """Refuse to send ``what`` in clear text anywhere but to this machine."""
    if url.scheme == "https" or (url.scheme == "http" and _is_loopback(url.host)):
        return
    raise ValueError(
        f"refusing to send {what} to {url.scheme}://{url.host}: use https "
        "(plain http is allowed to loopback hosts only)"
    )


def _token_endpoint(url: object) -> httpx.URL:
    if not isinstance(url, str | httpx.URL):
        raise TypeError(f"token_url must be a str or httpx.URL, not {type(url).__name__}")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"token_url is not a valid URL: {exc}") from None
    if not parsed.is_absolute_url:
        raise ValueError("token_url must be an absolute URL")
    _require_secure(parsed, "client credentials")
    return parsed


def _parse_token(
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
        access_token = _bearer_value("access_token", body.get("access_token"))
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


# Longer lifetimes are treated as unknown: the token is then renewed only after a 401.
_MAX_LIFETIME = 10 * 365 * 24 * 3600.0


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


def _token_error(grant: _Grant, response: httpx.Response) -> APIStatusError:
    """The error for a token request answered with ``response``, not a success.

    A refusal is an ``AuthenticationError`` carrying the OAuth ``error`` as its code; other
    errors (429, 5xx...) keep the type of their status.
    """
    error = error_for_response(response)
    if response.is_error and response.status_code not in _REFUSED:
        return error
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
