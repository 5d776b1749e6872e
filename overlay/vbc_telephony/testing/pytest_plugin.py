"""The pytest plugin shipped with the package: a ``vbc_mock`` fixture for your own tests.

Installed with the package (entry point ``pytest11``), so a project that depends on
``vbc-telephony`` only has to ask for the fixture::

    def test_lists_the_active_calls(vbc_mock):
        with vbc_mock.client() as client:
            assert list(client.calls.list("self"))

``vbc_mock`` is session-scoped: the Prism mock of the API starts once, on a free loopback
port, from the ``openapi.yaml`` inside the installed package, and is stopped at the end of
the session whatever happened. It needs Node.js (``npx``) on PATH; without it, each test
that uses the fixture fails at once with that message instead of hanging.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from .. import AsyncTelephony, BearerToken, Telephony
from .._constants import DEFAULT_TIMEOUT, MAX_RETRIES
from .._types import TimeoutLike
from ._constants import MOCK_TOKEN
from ._prism import PrismMock, PrismUnavailableError


class VBCMock:
    """The running mock: its ``base_url``, and clients pointed at it.

    The clients are yours to close: use them as context managers (``with``/``async with``).
    ``auth`` defaults to a dummy bearer token; ``timeout`` and ``max_retries`` are the
    clients' own defaults.
    """

    def __init__(self, mock: PrismMock) -> None:
        self._mock = mock

    @property
    def base_url(self) -> str:
        return self._mock.base_url

    def client(
        self,
        *,
        auth: httpx.Auth | None = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
    ) -> Telephony:
        """A ``Telephony`` client for the mock."""
        return Telephony(
            base_url=self.base_url,
            auth=auth or BearerToken(MOCK_TOKEN),
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
        """An ``AsyncTelephony`` client for the mock."""
        return AsyncTelephony(
            base_url=self.base_url,
            auth=auth or BearerToken(MOCK_TOKEN),
            timeout=timeout,
            max_retries=max_retries,
        )

    def __repr__(self) -> str:
        return f"VBCMock({self.base_url!r})"


@pytest.fixture(scope="session")
def vbc_mock() -> Iterator[VBCMock]:
    """The Prism mock of the VBC Telephony API, for the whole test session."""
    try:
        mock = PrismMock().start()
    except PrismUnavailableError as exc:
        pytest.fail(f"vbc_mock could not start the Prism mock: {exc}", pytrace=False)
    try:
        yield VBCMock(mock)
    finally:
        mock.stop()
