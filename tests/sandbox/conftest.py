"""Raw HTTP clients of the ``vbc_sandbox`` fixture (which the package's own pytest plugin
provides, as it does in a user's project)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import loopback
import pytest
from sandbox_support import STATIC

from vbc_telephony.testing import Sandbox


@pytest.fixture
def http(vbc_sandbox: Sandbox) -> Iterator[httpx.Client]:
    """Plain httpx on the API's base URL, with the static token."""
    with loopback.Client(base_url=vbc_sandbox.base_url, headers=STATIC, timeout=10) as client:
        yield client


@pytest.fixture
def control(vbc_sandbox: Sandbox) -> Iterator[httpx.Client]:
    """Plain httpx on the control API, saying JSON as every request that changes it must."""
    with loopback.Client(
        base_url=vbc_sandbox.server_url + "/_sandbox",
        headers={"Content-Type": "application/json"},
        timeout=10,
    ) as client:
        yield client
