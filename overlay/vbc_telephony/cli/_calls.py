"""``vbc calls …``: list, read, place, answer, transfer, park and hang up active calls."""

from __future__ import annotations

from typing import Annotated

import typer

from vbc_telephony_api.models import CreateCallRequestType

from . import _output, _watch
from ._config import DEFAULT_ACCOUNT, client
from ._params import (
    Account,
    CallId,
    Command,
    From,
    MaxItems,
    OptionalFrom,
    OptionalTo,
    Order,
    OutputFormat,
    PageSize,
    Since,
    To,
    Until,
)

app = typer.Typer(help="Active calls.", no_args_is_help=True)


@app.command("list", cls=Command)
def list_calls(
    ctx: typer.Context,
    order: Order = None,
    since: Since = None,
    until: Until = None,
    extension: Annotated[
        str | None, typer.Option(help="Only calls of this extension.", show_default=False)
    ] = None,
    page_size: PageSize = None,
    max_items: MaxItems = None,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """List the account's active calls, every page."""
    listing = client(ctx).calls.list(
        account,
        order=None if order is None else order.value,
        start_time=since,
        end_time=until,
        extension=extension,
        page_size=page_size,
        max_items=max_items,
    )
    _output.show_pages(_output.CALL, listing.pages(), fmt)


@app.command("get", cls=Command)
def get_call(
    ctx: typer.Context,
    call_id: CallId,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Show one active call and its legs."""
    _output.show(_output.CALL, [client(ctx).calls.get(account, call_id)], fmt)


@app.command("create", cls=Command)
def create_call(
    ctx: typer.Context,
    from_: From,
    to: To,
    call_type: Annotated[
        CreateCallRequestType | None,
        typer.Option("--type", help="How the call is set up.", show_default=False),
    ] = None,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Place a call (a real one, on a real account) and print its id."""
    call_id = client(ctx).calls.create(
        account,
        from_=from_,
        to=to,
        type=None if call_type is None else call_type.value,
    )
    _output.show(_output.CREATED, [call_id], fmt)


@app.command("answer", cls=Command)
def answer_call(
    ctx: typer.Context,
    call_id: CallId,
    to: To,
    from_: OptionalFrom = None,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Answer a ringing call on --to (usually device:ID)."""
    result = client(ctx).calls.answer(account, call_id, to=to, from_=from_)
    _output.show(_output.CALL_UPDATED, [result], fmt)


@app.command("transfer", cls=Command)
def transfer_call(
    ctx: typer.Context,
    call_id: CallId,
    from_: From,
    to: To,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Transfer the call from --from to --to."""
    result = client(ctx).calls.transfer(account, call_id, from_=from_, to=to)
    _output.show(_output.CALL_UPDATED, [result], fmt)


@app.command("park", cls=Command)
def park_call(
    ctx: typer.Context,
    call_id: CallId,
    from_: From,
    to: OptionalTo = None,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Park the call held by --from."""
    result = client(ctx).calls.park(account, call_id, from_=from_, to=to)
    _output.show(_output.CALL_UPDATED, [result], fmt)


@app.command("hangup", cls=Command)
def hang_up_call(
    ctx: typer.Context,
    call_id: CallId,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Hang up the call and every leg of it."""
    _output.show(_output.CALL_UPDATED, [client(ctx).calls.delete(account, call_id)], fmt)


app.command("watch", cls=Command)(_watch.watch_calls)
