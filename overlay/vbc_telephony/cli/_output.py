"""How the CLI prints: results on stdout as a rich table, JSON lines or CSV; progress, notes
and errors on stderr.

stdout carries data only, so that ``vbc … | jq`` and ``vbc … > calls.csv`` work. The format
defaults to a table on a terminal and JSON lines otherwise. JSON and CSV stream a listing
as its pages arrive (one page in memory); a table needs every row before it can size its
columns. Every format shows the same fields: ids and parties as text, times as ISO 8601 UTC,
a call's legs as their ids.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from operator import attrgetter
from typing import Any, Generic, TypeVar

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from .. import Call, CallUpdated, Device, Leg, LegUpdated, Page

T = TypeVar("T")
Value = str | int | datetime | Sequence[str] | None


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True)
class Shape(Generic[T]):
    """What the CLI shows of one kind of result: a title and named fields, in column order."""

    title: str
    fields: Mapping[str, Callable[[T], Value]]

    def record(self, item: T) -> dict[str, Value]:
        return {name: get(item) for name, get in self.fields.items()}


def _field(name: str) -> Callable[[Any], Value]:
    """A view's field as a value to show: nested views (a call's legs) as their ids."""
    read = attrgetter(name)

    def get(item: object) -> Value:
        value = read(item)
        if isinstance(value, tuple):
            return [str(getattr(nested, nested._fields[0])) for nested in value]
        return value  # type: ignore[no-any-return]

    return get


def _shape(title: str, view: type[Any]) -> Shape[Any]:
    """The columns of ``view``: its fields in the order its repr shows them, ``from_`` as from."""
    return Shape(title, {name.rstrip("_"): _field(name) for name in view._fields})


CALL: Shape[Call] = _shape("Active calls", Call)
LEG: Shape[Leg] = _shape("Legs", Leg)
DEVICE: Shape[Device] = _shape("Devices", Device)
CALL_UPDATED: Shape[CallUpdated] = _shape("Call updated", CallUpdated)
LEG_UPDATED: Shape[LegUpdated] = _shape("Leg updated", LegUpdated)
CREATED: Shape[str] = Shape("Placed call", {"call_id": str})


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _json_value(value: Value) -> object:
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, str | int) or value is None:
        return value
    return list(value)


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, str | int):
        return str(value)
    return " ".join(value)


def json_record(shape: Shape[T], item: T) -> dict[str, object]:
    """``item``'s fields as its JSON line has them."""
    return {name: _json_value(value) for name, value in shape.record(item).items()}


def cells(shape: Shape[T], item: T) -> list[str]:
    """``item``'s fields as a table's row (or a CSV line) has them."""
    return [_text(value) for value in shape.record(item).values()]


def chosen(fmt: Format | None) -> Format:
    """The format asked for, else a table on a terminal and JSON lines otherwise."""
    if fmt is not None:
        return fmt
    return Format.TABLE if sys.stdout.isatty() else Format.JSON


def show(shape: Shape[T], items: Iterable[T], fmt: Format | None) -> None:
    """Print ``items`` on stdout in ``fmt``."""
    fmt = chosen(fmt)
    columns = list(shape.fields)
    if fmt is Format.JSON:
        for item in items:
            sys.stdout.write(json.dumps(json_record(shape, item), ensure_ascii=False) + "\n")
    elif fmt is Format.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for item in items:
            writer.writerow(cells(shape, item))
    else:
        table = Table(title=shape.title, title_justify="left", box=box.SIMPLE_HEAD)
        for column in columns:
            # Narrow columns wrap their text: an id cut short with "…" would be useless.
            table.add_column(column, overflow="fold")
        for item in items:
            table.add_row(*cells(shape, item))
        # Off a terminal (``--format table > file``) rich would fold the rows at 80 columns:
        # keep them whole unless COLUMNS asks for a width.
        width = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 10_000
        Console(highlight=False, width=width).print(table)
    sys.stdout.flush()


def show_pages(shape: Shape[T], pages: Iterable[Page[T]], fmt: Format | None) -> None:
    """Print every item of a listing, with progress on stderr when someone is watching it.

    Progress is drawn on a terminal stderr only, and not while JSON or CSV go to the same
    terminal, where the two would interleave.
    """
    fmt = chosen(fmt)
    watching = sys.stderr.isatty() and (fmt is Format.TABLE or not sys.stdout.isatty())
    console = Console(stderr=True) if watching else None
    show(shape, items_of(pages, shape.title.lower(), console), fmt)


def items_of(pages: Iterable[Page[T]], what: str, console: Console | None) -> Iterator[T]:
    """The items of ``pages``; with a ``console``, a transient progress line on it meanwhile."""
    if console is None:
        for page in pages:
            yield from page.items
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        console=console,
        transient=True,
        # Our stdout is data: rich must not reroute it through the progress display.
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        task = progress.add_task(f"Listing {what}", total=None)
        count = 0
        for page in pages:
            count += len(page.items)
            progress.update(
                task,
                description=f"Listing {what}: {count}",
                completed=page.current_page or 0,
                total=page.pages,
            )
            yield from page.items


def note(message: str) -> None:
    """A line for the person at the terminal, on stderr (stdout stays data)."""
    sys.stderr.write(message + "\n")
