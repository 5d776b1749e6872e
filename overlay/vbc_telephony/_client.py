"""The clients users create: ``Telephony`` and ``AsyncTelephony``.

A client holds its settings (base URL, auth, timeout, retries) and one httpx client, and
exposes the resources over them: ``client.calls``, ``client.legs``, ``client.devices``, and
the same under ``client.with_raw_response``. The resource classes are shared by both
clients (``_resource``); a client only chooses the session that sends.

The httpx client is built here, with a ``RetryTransport(transport, max_retries=…)`` (default
transport httpx's own; for ``AsyncTelephony``, aiohttp when the ``aiohttp`` extra is
installed; either on the package's one TLS context, see ``_transports``), unless the user
passes ``http_client``: that one is used as it is configured (proxies, certificates, event
hooks, pool, redirects, its transport and so its retries: wrap its transport in
``RetryTransport`` to have them) and is not closed here. Auth and timeout are passed with
every request, so they apply to either.

The number of retries has one source: the ``RetryTransport`` that sends. The client's
``max_retries`` configures the one it builds; with ``http_client``, it is that client's
transport's, and passing ``max_retries`` too is refused rather than silently winning or
losing. A call's own ``max_retries=`` overrides either, for that call.
"""

from __future__ import annotations

from types import TracebackType
from typing import Generic, Self, TypeVar

import httpx

from . import _validate
from ._calls import Calls
from ._constants import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, MAX_RETRIES, USER_AGENT
from ._devices import Devices
from ._legs import Legs
from ._request import ClientSettings
from ._retry import AsyncRetryTransport, RetryTransport
from ._session import AsyncSession, RawAsyncSession, RawSyncSession, SyncSession
from ._types import TimeoutLike

S = TypeVar("S")


class _Resources(Generic[S]):
    """``calls``, ``legs`` and ``devices`` over one session."""

    # Declared here so that type checkers and the API reference see them on the class.
    calls: Calls[S]
    legs: Legs[S]
    devices: Devices[S]

    def __init__(self, session: S) -> None:
        self.calls = Calls(session)
        self.legs = Legs(session)
        self.devices = Devices(session)


def _settings(
    base_url: object, auth: object, timeout: object, max_retries: object, http_client: object
) -> ClientSettings:
    if auth is not None and not isinstance(auth, httpx.Auth):
        raise TypeError(
            "auth must be an httpx.Auth such as vbc.BearerToken(token) or vbc.PasswordGrant(…),"
            f" not {type(auth).__name__}"
        )
    if http_client is None:
        retries: int | None = _validate.max_retries(
            MAX_RETRIES if max_retries is None else max_retries
        )
    elif max_retries is not None:
        raise _validate.InvalidArgumentError(
            "pass max_retries or http_client, not both: an http_client retries as its transport"
            " does (wrap it in RetryTransport(max_retries=…)); a call's max_retries= still"
            " overrides it"
        )
    else:
        retries = None
    return ClientSettings(_validate.base_url(base_url), auth, _validate.timeout(timeout), retries)


def _own_retries(settings: ClientSettings) -> int:
    """The retries of the transport a client builds (it has a count: no http_client)."""
    assert settings.max_retries is not None, "_settings counts them without http_client"
    return settings.max_retries


def _check_transports(
    http_client: object, expected: type, transport: object, retrying: type
) -> None:
    if isinstance(transport, retrying):
        raise _validate.InvalidArgumentError(
            f"transport is wrapped in the client's own {retrying.__name__}: pass the transport"
            " it wraps (and max_retries=…), or an http_client that uses yours"
        )
    if http_client is None:
        return
    if not isinstance(http_client, expected):
        raise TypeError(
            f"http_client must be an {expected.__module__}.{expected.__qualname__},"
            f" not {type(http_client).__name__}"
        )
    if transport is not None:
        raise _validate.InvalidArgumentError(
            "pass transport or http_client, not both: the transport is the client's"
        )


def _repr(client: object, settings: ClientSettings) -> str:
    # The auth's type only: its repr is its own business, and a secret must not leak here.
    auth = None if settings.auth is None else type(settings.auth).__name__
    return (
        f"{type(client).__name__}(base_url={str(settings.base_url)!r}, auth={auth},"
        f" timeout={settings.timeout!r}, max_retries={settings.max_retries})"
    )


class Telephony(_Resources[SyncSession]):
    """The Vonage Business Telephony API v3, for threads (``httpx.Client`` underneath).

    ``auth`` is an ``httpx.Auth``: ``BearerToken``, ``PasswordGrant``, ``RefreshTokenGrant`` or
    ``AuthorizationCodeGrant``. ``timeout`` is seconds or an ``httpx.Timeout`` (default:
    connect 5 s, read 30 s); ``max_retries`` is how many times a failed request may be
    repeated (default 2; 0: never), when repeating it is safe (the docs' errors page: which
    operations are retried when). Both can be overridden per call. With ``http_client``,
    retries are its transport's: ``max_retries`` is then refused. Use as a context manager,
    or call ``close()``.

    ``client.with_raw_response`` has the same methods, returning a ``RawResponse``
    (``.http_response``, ``.status_code``, ``.headers``, ``.parse()``) instead of the result.
    """

    def __init__(
        self,
        *,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        auth: httpx.Auth | None = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        settings = _settings(base_url, auth, timeout, max_retries, http_client)
        _check_transports(http_client, httpx.Client, transport, RetryTransport)
        self._owns_http = http_client is None
        http = http_client or httpx.Client(
            transport=RetryTransport(transport, max_retries=_own_retries(settings)),
            headers={"User-Agent": USER_AGENT},
        )
        session = SyncSession(http, settings)
        super().__init__(session)
        self.with_raw_response = _Resources(RawSyncSession(session))
        self._session = session

    def close(self) -> None:
        """Close the connections, unless the httpx client was passed in (then it is yours)."""
        if self._owns_http:
            self._session.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return _repr(self, self._session.settings)


class AsyncTelephony(_Resources[AsyncSession]):
    """``Telephony`` for asyncio (``httpx.AsyncClient`` underneath): ``await`` every call,
    ``async for`` over listings, ``async with`` or ``await client.aclose()``."""

    def __init__(
        self,
        *,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        auth: httpx.Auth | None = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        settings = _settings(base_url, auth, timeout, max_retries, http_client)
        _check_transports(http_client, httpx.AsyncClient, transport, AsyncRetryTransport)
        self._owns_http = http_client is None
        http = http_client or httpx.AsyncClient(
            transport=AsyncRetryTransport(transport, max_retries=_own_retries(settings)),
            headers={"User-Agent": USER_AGENT},
        )
        session = AsyncSession(http, settings)
        super().__init__(session)
        self.with_raw_response = _Resources(RawAsyncSession(session))
        self._session = session

    async def aclose(self) -> None:
        """Close the connections, unless the httpx client was passed in (then it is yours)."""
        if self._owns_http:
            await self._session.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return _repr(self, self._session.settings)
