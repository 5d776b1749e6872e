"""Clients of the servers users test against (the Prism mock, the sandbox), made alike."""

from __future__ import annotations

import abc

import httpx

from .. import AsyncTelephony, Telephony
from .._constants import DEFAULT_TIMEOUT, MAX_RETRIES
from .._types import TimeoutLike


class ClientFactory(abc.ABC):
    """``client()`` and ``async_client()`` for a server at ``base_url``.

    The clients are yours to close: use them as context managers (``with``/``async with``).
    ``auth`` defaults to the server's own (``default_auth``); ``timeout`` and ``max_retries``
    are the clients' own defaults.
    """

    @property
    @abc.abstractmethod
    def base_url(self) -> str:
        """The API's base URL."""

    @abc.abstractmethod
    def default_auth(self) -> httpx.Auth:
        """The auth a client gets when none is given."""

    def client(
        self,
        *,
        auth: httpx.Auth | None = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
    ) -> Telephony:
        """A ``Telephony`` client for this server."""
        return Telephony(
            base_url=self.base_url,
            auth=auth or self.default_auth(),
            timeout=timeout,
            max_retries=max_retries,
        )

    def async_client(
        self,
        *,
        auth: httpx.Auth | None = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
    ) -> AsyncTelephony:
        """An ``AsyncTelephony`` client for this server."""
        return AsyncTelephony(
            base_url=self.base_url,
            auth=auth or self.default_auth(),
            timeout=timeout,
            max_retries=max_retries,
        )
