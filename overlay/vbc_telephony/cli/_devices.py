"""``vbc devices …``: the registration state of an account's devices."""

from __future__ import annotations

from typing import Annotated

import typer

from . import _output
from ._config import DEFAULT_ACCOUNT, client
from ._params import (
    Account,
    Command,
    MaxItems,
    Order,
    OutputFormat,
    PageSize,
    Since,
    Until,
)

app = typer.Typer(help="Devices and their registration.", no_args_is_help=True)


@app.command("list", cls=Command)
def list_devices(
    ctx: typer.Context,
    order: Order = None,
    since: Since = None,
    until: Until = None,
    page_size: PageSize = None,
    max_items: MaxItems = None,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """List the account's devices, every page."""
    listing = client(ctx).devices.list(
        account,
        order=None if order is None else order.value,
        start_time=since,
        end_time=until,
        page_size=page_size,
        max_items=max_items,
    )
    _output.show_pages(_output.DEVICE, listing.pages(), fmt)


@app.command("get", cls=Command)
def get_device(
    ctx: typer.Context,
    mac_address: Annotated[
        str, typer.Argument(metavar="MAC_ADDRESS", help="The device's MAC address.")
    ],
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Show one device."""
    _output.show(_output.DEVICE, [client(ctx).devices.get(account, mac_address)], fmt)
