"""``vbc calls watch``: the account's calls and legs as they change, until Ctrl-C.

On a terminal, a table of the active calls, each followed by its legs, redrawn in place
(rich's ``Live``). Piped, or with ``--format json``, one JSON object per event and line,
flushed as it comes::

    {"type": "call.changed", "call_id": "…", "leg_id": null, "status": "on-call",
     "previous_status": "ringing", "at": "2024-05-01T10:00:02.5Z", "call": {…}}

``call`` has the fields ``vbc calls get --format json`` prints. Ctrl-C ends the command
quietly, with exit code 130, as it ends every command.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from enum import StrEnum
from operator import attrgetter
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.live import Live
from rich.table import Table

from .. import Call, CallWatch, Leg, Snapshot, WatchEvent
from .._constants import POLL_INTERVAL
from . import _output
from ._config import DEFAULT_ACCOUNT, client
from ._output import Shape
from ._params import Account


class EventFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


Interval = Annotated[
    float,
    typer.Option(
        "--interval",
        "-i",
        metavar="SECONDS",
        help="Seconds between two reads of the calls (each page is one request).",
    ),
]
Format = Annotated[
    EventFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal, redrawn in place) or json (one event a line;"
        " default when piped).",
        show_default=False,
    ),
]

EVENT: Shape[WatchEvent] = Shape(
    "Call events",
    {
        name: attrgetter(name)
        for name in ("type", "call_id", "leg_id", "status", "previous_status", "at")
    },
)


def _id(item: Call | Leg) -> str:
    return item.call_id if isinstance(item, Call) else f"  └ {item.leg_id}"


# A row of the live table: a call, or one of its legs (its id set in).
_ROW: Shape[Call | Leg] = Shape(
    "",
    {
        "id": _id,
        **{
            name.rstrip("_"): attrgetter(name)
            for name in ("status", "direction", "from_", "to", "start_time")
        },
    },
)


def watch_calls(
    ctx: typer.Context,
    interval: Interval = POLL_INTERVAL,
    account: Account = DEFAULT_ACCOUNT,
    fmt: Format = None,
) -> None:
    """Show the account's calls and legs as they change, until Ctrl-C."""
    with client(ctx).calls.watch(account, interval=interval) as events:
        chosen = _output.chosen(None if fmt is None else _output.Format(fmt.value))
        if chosen is _output.Format.JSON:
            _json_lines(events)
        else:
            _live_table(events, account)


def _json_lines(events: CallWatch) -> None:
    for event in events:
        record = _output.json_record(EVENT, event)
        record["call"] = _output.json_record(_output.CALL, event.call)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _live_table(events: CallWatch, account: str) -> None:
    console = Console(highlight=False)
    # Our stdout is the table: rich must not reroute other output through it.
    with Live(
        _table(None, account, None), console=console, redirect_stdout=False, redirect_stderr=False
    ) as live:
        for event in events:
            live.update(_table(events.snapshot, account, event.at))


def _table(snapshot: Snapshot | None, account: str, changed: datetime | None) -> Table:
    """The calls of ``snapshot``, each followed by its legs."""
    calls = [] if snapshot is None else list(snapshot.calls.values())
    when = "" if changed is None else f" · last change {changed:%H:%M:%S} UTC"
    view = Table(
        title=f"Active calls of account {account}: {len(calls)}{when}",
        caption="Ctrl-C stops",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in _ROW.fields:
        view.add_column(column, overflow="fold")
    for call in calls:
        view.add_row(*_output.cells(_ROW, call))
        for leg in call.legs:
            view.add_row(*_output.cells(_ROW, leg))
    return view
