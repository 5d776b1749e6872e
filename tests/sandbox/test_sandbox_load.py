"""The sandbox under a burst: 2,000 GETs, 200 at a time, all answered 200."""

from __future__ import annotations

import httpx
from sandbox_support import CALLS, STATIC, place_call
from server.load import burst

from vbc_telephony.testing import Sandbox


def test_2000_gets_at_concurrency_200_without_an_error(
    vbc_sandbox: Sandbox, http: httpx.Client
) -> None:
    call_id = place_call(http)
    result = burst(
        f"{vbc_sandbox.base_url}{CALLS}/{call_id}", total=2000, concurrency=200, headers=STATIC
    )
    assert result.errors == [], result.errors[:5]
    assert result.answered == 2000
