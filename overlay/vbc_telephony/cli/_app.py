"""The ``vbc`` command: its root options, how errors end a command, and ``vbc mock``.

Exit codes: 0 done; 1 the API or the mock failed (one line on stderr: status, code,
message); 2 a usage error, including an argument the client refuses before sending;
130 interrupted (Ctrl-C), which typer turns into that code without a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import APIStatusError, VBCError
from .._constants import DEFAULT_BASE_URL, LOGGER_NAME
from ..testing._constants import MOCK_PORT
from . import _calls, _devices, _legs, _output
from ._config import BASE_URL_ENV, Settings


def _status_line(exc: APIStatusError) -> str:
    reason = exc.response.reason_phrase
    code = f" [code {exc.code}]" if exc.code else ""
    return f"{exc.status_code}{f' {reason}' if reason else ''}{code}: {exc.message}"


class _RootGroup(TyperGroup):
    """Runs every command; an error it expects becomes one line on stderr and an exit code."""

    # ``Any``: the context class is that of the click typer runs on (vendored since 0.2x).
    def invoke(self, ctx: Any) -> Any:  # noqa: ANN401
        try:
            return super().invoke(ctx)
        except APIStatusError as exc:
            _output.error(_status_line(exc))
            code = 1
        except VBCError as exc:
            _output.error(str(exc))
            code = 1
        except ValueError as exc:
            # The client's checks of arguments and settings, before anything was sent.
            _output.error(str(exc))
            code = 2
        raise typer.Exit(code)


app = typer.Typer(
    cls=_RootGroup,
    name="vbc",
    no_args_is_help=True,
    add_completion=False,
    # A bug still shows its traceback, but never the local variables (they hold the token).
    pretty_exceptions_enable=False,
)
app.add_typer(_calls.app, name="calls")
app.add_typer(_legs.app, name="legs")
app.add_typer(_devices.app, name="devices")


def _log_to_stderr(ctx: typer.Context, level: int) -> None:
    """Show the client's log (retry waits; with -v one line per HTTP attempt, redacted) on
    stderr, prefixed like every other line of ours, until the command ends."""
    logger = logging.getLogger(LOGGER_NAME)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("vbc: %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)

    def restore() -> None:
        logger.removeHandler(handler)
        logger.setLevel(previous)

    ctx.call_on_close(restore)


@app.callback()
def root(
    ctx: typer.Context,
    base_url: Annotated[
        str | None,
        typer.Option(
            help=f"The API's base URL, path prefix included (env: {BASE_URL_ENV};"
            f" default: {DEFAULT_BASE_URL}).",
            show_default=False,
        ),
    ] = None,
    mock: Annotated[
        bool,
        typer.Option("--mock", help="Start the local Prism mock for this command and use it."),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each HTTP request on stderr.")
    ] = False,
) -> None:
    """The Vonage Business Telephony API v3 from the command line.

    Credentials come from the environment only. A bearer token: VBC_TOKEN.

    Or the password grant: VBC_USERNAME, VBC_PASSWORD, VBC_CLIENT_ID, VBC_CLIENT_SECRET.

    No account? Add --mock to run any command against a local mock of the API.
    """
    ctx.obj = Settings.of(base_url, mock, os.environ)
    _log_to_stderr(ctx, logging.DEBUG if verbose else logging.WARNING)


@app.command("mock")
def mock_server(
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = MOCK_PORT,
) -> None:
    """Serve the Prism mock on 127.0.0.1 in the foreground until Ctrl-C, for your own app.

    Point your app at the URL it prints; any bearer token is accepted.
    """
    from ..testing._prism import serve  # servers and subprocesses: only when asked for

    serve(port=port)


def main() -> None:
    """The ``vbc`` console script."""
    app(prog_name="vbc")
