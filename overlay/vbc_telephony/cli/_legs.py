"""``vbc legs …``: read the legs of an active call and act on one."""

from __future__ import annotations

from typing import Annotated

import typer

from vbc_telephony_api.models import RecordingService

from . import _output
from ._config import DEFAULT_ACCOUNT, client
from ._params import Account, CallId, Command, LegId, OutputFormat, To

app = typer.Typer(help="The legs (participants) of an active call.", no_args_is_help=True)


@app.command("list", cls=Command)
def list_legs(
    ctx: typer.Context,
    call_id: CallId,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """List the legs of a call."""
    _output.show(_output.LEG, client(ctx).legs.list(account, call_id), fmt)


@app.command("get", cls=Command)
def get_leg(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Show one leg."""
    _output.show(_output.LEG, [client(ctx).legs.get(account, call_id, leg_id)], fmt)


@app.command("hold", cls=Command)
def hold_leg(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Put the leg on hold."""
    _output.show(_output.LEG_UPDATED, [client(ctx).legs.hold(account, call_id, leg_id)], fmt)


@app.command("unhold", cls=Command)
def unhold_leg(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Take the leg off hold."""
    _output.show(_output.LEG_UPDATED, [client(ctx).legs.unhold(account, call_id, leg_id)], fmt)


@app.command("dtmf", cls=Command)
def send_dtmf(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    digits: Annotated[str, typer.Argument(metavar="DIGITS", help="1 to 64 of 0-9, A-D, * and #.")],
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Send DTMF tones on the leg."""
    result = client(ctx).legs.send_dtmf(account, call_id, leg_id, digits)
    _output.show(_output.LEG_UPDATED, [result], fmt)


@app.command("play", cls=Command)
def play_audio(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    url: Annotated[str, typer.Argument(metavar="URL", help="An http(s) URL of the audio file.")],
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Play an audio file to the leg."""
    result = client(ctx).legs.play(account, call_id, leg_id, url)
    _output.show(_output.LEG_UPDATED, [result], fmt)


@app.command("stop-audio", cls=Command)
def stop_audio(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Stop the audio playing to the leg."""
    result = client(ctx).legs.stop_audio(account, call_id, leg_id)
    _output.show(_output.LEG_UPDATED, [result], fmt)


@app.command("transfer", cls=Command)
def transfer_leg(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    to: To,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Transfer the leg: blind to a device, extension or pstn, attended to leg:OTHER_LEG_ID."""
    result = client(ctx).legs.transfer(account, call_id, leg_id, to=to)
    _output.show(_output.LEG_UPDATED, [result], fmt)


@app.command("record", cls=Command)
def record_leg(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    service: Annotated[RecordingService, typer.Option(help="The recording service.")],
    stop: Annotated[bool, typer.Option("--stop", help="Stop recording instead.")] = False,
    account: Account = DEFAULT_ACCOUNT,
    fmt: OutputFormat = None,
) -> None:
    """Start (or with --stop, stop) recording the leg."""
    legs = client(ctx).legs
    action = legs.stop_recording if stop else legs.start_recording
    result = action(account, call_id, leg_id, service=service.value)
    _output.show(_output.LEG_UPDATED, [result], fmt)


@app.command("hangup", cls=Command)
def hang_up_leg(
    ctx: typer.Context,
    call_id: CallId,
    leg_id: LegId,
    account: Account = DEFAULT_ACCOUNT,
) -> None:
    """Hang up the leg; the rest of the call goes on."""
    client(ctx).legs.delete(account, call_id, leg_id)
    _output.note(f"hung up leg {leg_id} of call {call_id}")
