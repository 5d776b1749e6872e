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

``vbc_sandbox`` is the stateful sandbox (``vbc_telephony.sandbox.Sandbox``): one server for
the session, reset before each test that asks for it, so every test starts from the same
seeded state. It needs the ``sandbox`` extra; without it, each test that uses it fails at
once naming the install command. This module is loaded in every pytest session of every
project that has the package, so it imports neither server until a fixture asks for one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

import httpx
import pytest

from .. import BearerToken
from .._local_servers import MOCK_TOKEN
from .._server.clients import ClientFactory

if TYPE_CHECKING:
    from ..mock import PrismMock
    from ..sandbox import Sandbox


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


class _Server(Protocol):
    def stop(self) -> None: ...


S = TypeVar("S", bound=_Server)


@contextlib.contextmanager
def _serving(
    fixture: str, what: str, start: Callable[[], S], unavailable: type[Exception]
) -> Iterator[S]:
    """``start()``'s server for ``fixture``, always stopped; a failure to start fails the
    test at once saying why, without a traceback."""
    try:
        server = start()
    except unavailable as exc:
        pytest.fail(f"{fixture} could not start {what}: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def vbc_mock() -> Iterator[VBCMock]:
    """The Prism mock of the VBC Telephony API, for the whole test session."""
    from ..mock import PrismMock, PrismUnavailableError

    with _serving(
        "vbc_mock", "the Prism mock", lambda: PrismMock().start(), PrismUnavailableError
    ) as mock:
        yield VBCMock(mock)


@pytest.fixture(scope="session")
def _vbc_sandbox_server() -> Iterator[Sandbox]:
    from ..sandbox import Sandbox, SandboxUnavailableError

    with _serving(
        "vbc_sandbox", "the sandbox", lambda: Sandbox().start(), SandboxUnavailableError
    ) as sandbox:
        yield sandbox


@pytest.fixture
def vbc_sandbox(_vbc_sandbox_server: Sandbox) -> Sandbox:
    """The sandbox of the VBC Telephony API, reset to its seeded state for this test."""
    _vbc_sandbox_server.reset()
    return _vbc_sandbox_server
