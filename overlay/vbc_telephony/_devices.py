"""``client.devices``: the registration state of an account's devices."""

from __future__ import annotations

from typing import TypeVar

from . import _validate
from ._generated import GET_DEVICE, LIST_DEVICES
from ._models import Device, id_reader
from ._page import page_parser
from ._pagination import Listing, listing
from ._request import CallOptions, Request
from ._resource import ListMethod, Method, Resource
from ._response import view_parser
from ._types import Order, TimeLike, TimeoutLike

S = TypeVar("S")

_DEVICES_PAGE = page_parser("DevicesPage", "devices", Device._of)
_DEVICE = view_parser(Device._whole)


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
        LIST_DEVICES,
        (_validate.path_id(account_id, "account_id"),),
        _validate.list_filters(order, start_time, end_time, page_size),
        _DEVICES_PAGE,
        CallOptions.of(timeout, max_retries),
        _validate.max_items(max_items),
        id_reader("mac_address"),
    )


def _get(
    account_id: str,
    mac_address: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[Device]:
    """The device with this MAC address (``38-99-62-93-E2-A9``)."""
    kwargs = GET_DEVICE.request(
        _validate.path_id(account_id, "account_id"), _validate.path_id(mac_address, "mac_address")
    )
    return Request(kwargs, _DEVICE, CallOptions.of(timeout, max_retries))


class Devices(Resource[S]):
    """The account's device registrations (``client.devices``)."""

    list = ListMethod(_list)
    get = Method(_get)
