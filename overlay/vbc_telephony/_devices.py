"""``client.devices``: the registration state of an account's devices."""

from __future__ import annotations

from typing import TypeVar

from vbc_telephony_api import models as api
from vbc_telephony_api.api.devices import get_device, list_devices

from . import _arguments
from ._ids import path_id
from ._models import Device
from ._pagination import Listing, listing, page_parser
from ._resource import ListMethod, Method, Resource
from ._session import CallOptions, Request, parser
from ._types import Order, TimeLike, TimeoutLike

S = TypeVar("S")

_DEVICES_PAGE = page_parser(
    list_devices._build_response, api.DevicesPage, lambda p: p.devices, Device
)
_DEVICE = parser(get_device._build_response, api.Device, Device)


def _list(
    account_id: str,
    *,
    order: Order | None = None,
    start_time: TimeLike | None = None,
    end_time: TimeLike | None = None,
    page_size: int | None = None,
    max_items: int | None = None,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Listing[Device]:
    """The account's devices, fetched page by page as they are iterated (as ``calls.list``)."""
    return listing(
        list_devices._get_kwargs,
        (path_id(account_id, "account_id"),),
        _arguments.list_filters(order, start_time, end_time, page_size),
        _DEVICES_PAGE,
        CallOptions.of(timeout, max_retries),
        _arguments.max_items(max_items),
    )


def _get(
    account_id: str,
    mac_address: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[Device]:
    """The device with this MAC address (``38-99-62-93-E2-A9``)."""
    kwargs = get_device._get_kwargs(
        path_id(account_id, "account_id"), path_id(mac_address, "mac_address")
    )
    return Request(kwargs, _DEVICE, CallOptions.of(timeout, max_retries))


class Devices(Resource[S]):
    """The account's device registrations (``client.devices``)."""

    list = ListMethod(_list)
    get = Method(_get)
