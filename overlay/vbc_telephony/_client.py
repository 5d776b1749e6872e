"""The clients users create: ``Telephony`` and ``AsyncTelephony``.

A client holds its settings (base URL, auth, timeout, retries) and one httpx client, and
exposes the resources over them: ``client.calls``, ``client.legs``, ``client.devices``, and
the same under ``client.with_raw_response``. The resource classes are shared by both
clients (``_resource``); a client only chooses the session that sends.

The httpx client is built here, with a ``RetryTransport`` around ``transport`` (default
``httpx.HTTPTransport()``; for ``AsyncTelephony``, aiohttp when the ``aiohttp`` extra is
installed, see ``_transports``), unless the user passes ``http_client``: that one is used as it is
configured (proxies, certificates, event hooks, pool, redirects, its transport and so its
retries; wrap its transport in ``RetryTransport`` to keep them) and is not closed here. Auth,
timeout and the number of retries are passed with every request, so they apply to either.
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
from ._retry import AsyncRetryTransport, RetryTransport
from ._session import AsyncSession, ClientSettings, RawAsyncSession, RawSyncSession, SyncSession
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
    base_url: object, auth: object, timeout: object, max_retries: object
) -> ClientSettings:
    if auth is not None and not isinstance(auth, httpx.Auth):
        raise TypeError(
            "auth must be an httpx.Auth such as vbc.BearerToken(token) or vbc.PasswordGrant(…),"
            f" not {type(auth).__name__}"
        )
    return ClientSettings(
        _validate.base_url(base_url),
        auth,
        _validate.timeout(timeout),
        _validate.max_retries(max_retries),
    )


def _check_http_client(http_client: object, expected: type, transport: object) -> None:
    if http_client is None:
        return
    if not isinstance(http_client, expected):
        raise TypeError(
            f"http_client must be an {expected.__module__}.{expected.__qualname__},"
            f" not {type(http_client).__name__}"
        )
    if transport is not None:
        raise ValueError("pass transport or http_client, not both: the transport is the client's")


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
    repeated (0: never); both can be overridden per call. Use as a context manager, or
    call ``close()``.

    ``client.with_raw_response`` has the same methods, returning a ``RawResponse``
    (``.http_response``, ``.status_code``, ``.headers``, ``.parse()``) instead of the result.
    """

    def __init__(
        self,
        *,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        auth: httpx.Auth | None = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        settings = _settings(base_url, auth, timeout, max_retries)
        _check_http_client(http_client, httpx.Client, transport)
        self._owns_http = http_client is None
        http = http_client or httpx.Client(
            transport=RetryTransport(transport), headers={"User-Agent": USER_AGENT}
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
        max_retries: int = MAX_RETRIES,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        settings = _settings(base_url, auth, timeout, max_retries)
        _check_http_client(http_client, httpx.AsyncClient, transport)
        self._owns_http = http_client is None
        http = http_client or httpx.AsyncClient(
            transport=AsyncRetryTransport(transport), headers={"User-Agent": USER_AGENT}
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
