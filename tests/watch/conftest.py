"""``flavour``: each watch scenario runs once with ``Telephony`` and once with
``AsyncTelephony``, against the session's sandbox (reset for each test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from watch_support import Flavour, flavours

from vbc_telephony.testing import Sandbox


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest, vbc_sandbox: Sandbox) -> Iterator[Flavour]:
    yield from flavours(vbc_sandbox, request.param)
