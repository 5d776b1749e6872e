"""What the command line accepts: contacts, times, and the arguments commands share.

The account is an option, ``--account`` (or ``VBC_ACCOUNT``), defaulting to ``self``, the
token's own account. A contact is written ``type:destination`` (``extension:1234``,
``pstn:15551234567``, ``leg:<leg id>``). Which types an option takes is the client's check,
so the CLI and the library give the same answer. A time is epoch seconds or ISO 8601; an
ISO time without an offset is local time, as a person at a terminal means it. Choices
(order, call type, recording service) are the generated enums, so they follow openapi.yaml.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from vbc_telephony_api.models import SortOrder

from .. import Contact
from ._config import ACCOUNT_ENV, DEFAULT_ACCOUNT
from ._output import Format


class Command(TyperCommand):
    """A command whose usage line names its arguments as their help does (``CALL_ID``), not
    as typer writes required ones (``{CALL_ID}``)."""

    # ``Any``: the context class is that of the click typer runs on (vendored since 0.2x).
    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # noqa: ANN401
        pieces = super().collect_usage_pieces(ctx)
        return [piece.removeprefix("{").removesuffix("}") for piece in pieces]


def contact(value: str) -> Contact:
    """``type:destination`` as a ``Contact``."""
    kind, separator, destination = value.partition(":")
    if not (separator and kind.strip() and destination.strip()):
        raise typer.BadParameter(f"expected TYPE:DESTINATION (e.g. extension:1234), not {value!r}")
    try:
        return Contact(kind.strip(), destination.strip())
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def moment(value: str) -> datetime:
    """Epoch seconds (``1714557600``) or ISO 8601 (``2024-05-01T10:00:00Z``) as aware UTC."""
    text = value.strip()
    if text.isascii() and text.isdigit():
        try:
            return datetime.fromtimestamp(int(text), UTC)
        except (OverflowError, OSError, ValueError):
            raise typer.BadParameter(f"{value!r} is out of range for epoch seconds") from None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"expected epoch seconds or ISO 8601 (e.g. 2024-05-01T10:00:00Z), not {value!r}"
        ) from None
    return moment.astimezone(UTC)  # a naive time is taken as local time here


Account = Annotated[
    str,
    typer.Option(
        "--account",
        "-a",
        envvar=ACCOUNT_ENV,
        metavar="ACCOUNT",
        help=f"Account id (env: {ACCOUNT_ENV}; default: {DEFAULT_ACCOUNT}, the token's own).",
        show_default=False,
        show_envvar=False,
    ),
]
CallId = Annotated[str, typer.Argument(metavar="CALL_ID", help="The call's id.")]
LegId = Annotated[str, typer.Argument(metavar="LEG_ID", help="The leg's id.")]

OutputFormat = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal), json (JSON lines; default when piped) or csv.",
        show_default=False,
    ),
]

From = Annotated[
    Contact,
    typer.Option("--from", parser=contact, metavar="TYPE:DEST", help="e.g. extension:1234."),
]
To = Annotated[
    Contact,
    typer.Option("--to", parser=contact, metavar="TYPE:DEST", help="e.g. pstn:15551234567."),
]
OptionalFrom = Annotated[
    Contact | None,
    typer.Option("--from", parser=contact, metavar="TYPE:DEST", help="e.g. extension:1234."),
]
OptionalTo = Annotated[
    Contact | None,
    typer.Option("--to", parser=contact, metavar="TYPE:DEST", help="e.g. device:42."),
]

Order = Annotated[SortOrder | None, typer.Option(help="Sort by start time.", show_default=False)]
Since = Annotated[
    datetime | None,
    typer.Option(
        "--since",
        parser=moment,
        metavar="TIME",
        help="Only items after this time (epoch or ISO 8601).",
    ),
]
Until = Annotated[
    datetime | None,
    typer.Option(
        "--until",
        parser=moment,
        metavar="TIME",
        help="Only items before this time (epoch or ISO 8601).",
    ),
]
PageSize = Annotated[
    int | None,
    typer.Option(metavar="N", help="Items per page to ask for (at least 1).", show_default=False),
]
MaxItems = Annotated[
    int | None,
    typer.Option("--max", metavar="N", help="Stop after this many items.", show_default=False),
]
