"""The pytest plugin shipped with the package: the ``vbc_mock`` and ``vbc_sandbox`` fixtures.

Installed with the package (entry point ``pytest11``), so a project that depends on
``vbc-telephony`` only has to ask for a fixture::

    def test_lists_the_active_calls(vbc_mock):
        with vbc_mock.client() as client:
            assert list(client.calls.list("self"))

    def test_a_placed_call_is_listed(vbc_sandbox):
        with vbc_sandbox.client() as client:
            call_id = client.calls.create("self", from_=..., to=...)
            assert call_id in [call.call_id for call in client.calls.list("self")]

``vbc_mock`` is session-scoped: the Prism mock of the API starts once, on a free loopback
port, from the ``openapi.yaml`` inside the installed package, and is stopped at the end of
the session whatever happened. It needs Node.js (``npx``) on PATH; without it, each test
that uses the fixture fails at once with that message instead of hanging.

``vbc_sandbox`` is the stateful sandbox (``vbc_telephony.testing.Sandbox``): one server for
the session, reset before each test that asks for it, so every test starts from the same
seeded state. It needs the ``sandbox`` extra; without it, each test that uses it fails at
once naming the install command. This module is loaded in every pytest session of every
project that has the package, so it imports neither server until a fixture asks for one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

from .. import BearerToken
from ._clients import ClientFactory
from ._constants import MOCK_TOKEN

if TYPE_CHECKING:
    from ._prism import PrismMock
    from ._sandbox import Sandbox


class VBCMock(ClientFactory):
    """The running mock: its ``base_url``, and clients pointed at it (``client()``,
    ``async_client()``; the default auth is a dummy bearer token)."""

    def __init__(self, mock: PrismMock) -> None:
        self._mock = mock

    @property
    def base_url(self) -> str:
        return self._mock.base_url

    def default_auth(self) -> httpx.Auth:
        return BearerToken(MOCK_TOKEN)

    def __repr__(self) -> str:
        return f"VBCMock({self.base_url!r})"


@pytest.fixture(scope="session")
def vbc_mock() -> Iterator[VBCMock]:
    """The Prism mock of the VBC Telephony API, for the whole test session."""
    from ._prism import PrismMock, PrismUnavailableError

    try:
        mock = PrismMock().start()
    except PrismUnavailableError as exc:
        pytest.fail(f"vbc_mock could not start the Prism mock: {exc}", pytrace=False)
    try:
        yield VBCMock(mock)
    finally:
        mock.stop()


@pytest.fixture(scope="session")
def _vbc_sandbox_server() -> Iterator[Sandbox]:
    from ._sandbox import SandboxUnavailableError

    try:
        from ._sandbox import Sandbox

        sandbox = Sandbox().start()
    except SandboxUnavailableError as exc:
        pytest.fail(f"vbc_sandbox could not start the sandbox: {exc}", pytrace=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def vbc_sandbox(_vbc_sandbox_server: Sandbox) -> Sandbox:
    """The sandbox of the VBC Telephony API, reset to its seeded state for this test."""
    _vbc_sandbox_server.reset()
    return _vbc_sandbox_server
