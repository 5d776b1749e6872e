"""The ids ``vbc conformance`` sends: the account's real ones, and ones that exist nowhere.

Read with a few GETs before the run (the first page of active calls, the legs they carry,
the first page of devices), leniently: the server under test may have drifted, and a drift
is for the run to report, not for this to trip over. A made-up id is always added, so that
every GET-one operation is also asked for something that does not exist (its 404 checked).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

from .._exceptions import APIConnectionError
from .._transports import tls_context
from ._failures import CommandFailed

# How many real ids of each kind the run draws from.
_IDS_EACH = 20
# An address of the block reserved for documentation (RFC 7042): no device has it.
NO_SUCH_DEVICE = "00-00-5E-00-53-00"
_TIMEOUT = 30.0


class AccountStateError(CommandFailed):
    """The account's state could not be read before the run."""


@dataclass(frozen=True)
class AccountState:
    account: str
    call_ids: tuple[str, ...] = ()
    leg_ids: tuple[str, ...] = ()
    device_ids: tuple[str, ...] = ()

    def parameters(self, seed: int) -> dict[str, list[str]]:
        """Each path parameter's values: the real ids, then one made up (from ``seed``)."""
        draw = random.Random(seed)  # noqa: S311 - reproducible, not secret
        no_call, no_leg = (str(uuid.UUID(int=draw.getrandbits(128), version=4)) for _ in "cl")
        return {
            "account_id": [self.account],
            "call_id": [*self.call_ids, no_call],
            "leg_id": [*self.leg_ids, no_leg],
            "device_id": [*self.device_ids, NO_SUCH_DEVICE],
        }


def _ids(items: object, key: str) -> list[str]:
    if not isinstance(items, list):
        return []
    found = (item.get(key) for item in items if isinstance(item, dict))
    return [str(value) for value in found if isinstance(value, str | int) and str(value)]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))[:_IDS_EACH]


def _get(client: httpx.Client, path: str) -> Any:  # noqa: ANN401 - any JSON
    """The decoded answer to a GET of ``path``, or None (no usable ids in it): any status but
    a refusal of the credentials is the run's to judge."""
    try:
        response = client.get(path, params={"page_size": _IDS_EACH})
    except httpx.RequestError as exc:
        raise APIConnectionError(f"GET {path} failed: {exc}", request=exc.request) from None
    if response.status_code in (401, 403):
        raise AccountStateError(
            f"the credentials are refused: GET {path} answered {response.status_code}"
        )
    try:
        return response.json() if response.is_success else None
    except ValueError:
        return None


def read_state(base_url: str, auth: httpx.Auth, account: str) -> AccountState:
    """The account's active calls, their legs and its devices (ids only)."""
    with httpx.Client(
        base_url=base_url.rstrip("/"), auth=auth, timeout=_TIMEOUT, verify=tls_context()
    ) as client:
        calls = _get(client, f"/cc/accounts/{account}/calls")
        devices = _get(client, f"/registration/accounts/{account}/devices")
    call_list = calls.get("calls") if isinstance(calls, dict) else None
    legs = [
        leg_id
        for call in (call_list if isinstance(call_list, list) else [])
        if isinstance(call, dict)
        for leg_id in _ids(call.get("legs"), "leg_id")
    ]
    device_list = devices.get("devices") if isinstance(devices, dict) else None
    return AccountState(
        account=account,
        call_ids=_unique(_ids(call_list, "call_id")),
        leg_ids=_unique(legs),
        device_ids=_unique(_ids(device_list, "mac_address")),
    )
