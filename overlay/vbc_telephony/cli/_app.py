"""The ``vbc`` command: its root options, its subcommands, and how errors end a command.

Exit codes: 0 done; 1 the API or the mock failed (one line on stderr: status, code,
message), or stdout could not be written; 2 a usage error, including an argument the client
refuses before sending (``InvalidArgumentError``); 130 interrupted (Ctrl-C), which typer
turns into that code without a traceback. Any other exception is a bug of ours, and shows
its traceback (exit 1). When the reader of stdout goes away (``vbc … | head``), the command
ends quietly.

Each subcommand's module is imported when the subcommand runs (or when ``--help`` or tab
completion lists them), so ``vbc --version`` and ``vbc calls …`` load only what they use.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .._constants import DEFAULT_BASE_URL, LOGGER_NAME
from .._exceptions import APIStatusError, VBCError
from .._validate import InvalidArgumentError
from . import error
from ._config import BASE_URL_ENV, RootOptions
from ._version import version_line

# The subcommands, in the order help lists them: a Typer app (a group) or a function (a
# command), by module and attribute.
_SUBCOMMANDS = {
    "calls": ("._calls", "app"),
    "legs": ("._legs", "app"),
    "devices": ("._devices", "app"),
    "sandbox": ("._servers", "sandbox"),
    "mock": ("._servers", "mock"),
    "conformance": ("._conformance", "conformance"),
    "proxy": ("._proxy", "proxy"),
    "replay": ("._replay", "replay"),
}


def _status_line(exc: APIStatusError) -> str:
    reason = exc.response.reason_phrase
    code = f" [code {exc.code}]" if exc.code else ""
    return f"{exc.status_code}{f' {reason}' if reason else ''}{code}: {exc.message}"


class _RootGroup(TyperGroup):
    """Runs every command; an error it expects becomes one line on stderr and an exit code.
    Its subcommands are loaded when first asked for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - click's own
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, Any] = {}

    # ``Any``: the context class is that of the click typer runs on (vendored since 0.2x).
    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ANN401
        return [*super().list_commands(ctx), *_SUBCOMMANDS]

    def get_command(self, ctx: Any, name: str) -> Any:  # noqa: ANN401
        if name not in _SUBCOMMANDS:
            return super().get_command(ctx, name)
        if name not in self._loaded:
            module, attribute = _SUBCOMMANDS[name]
            target = getattr(importlib.import_module(module, __package__), attribute)
            if not isinstance(target, typer.Typer):
                single = typer.Typer()
                single.command(name)(target)
                target = single
            command = typer.main.get_command(target)
            command.name = name
            self._loaded[name] = command
        return self._loaded[name]

    def invoke(self, ctx: Any) -> Any:  # noqa: ANN401
        try:
            return super().invoke(ctx)
        except APIStatusError as exc:
            error(_status_line(exc))
            code = 1
        except VBCError as exc:
            error(str(exc))
            code = 1
        except InvalidArgumentError as exc:
            # The checks of what the user gave (arguments, settings, the environment), before
            # anything was sent. Any other ValueError is a bug: it keeps its traceback.
            error(str(exc))
            code = 2
        raise typer.Exit(code)


#: The ``vbc`` command as a Typer application (``main()`` runs it), for embedding it in
#: another Typer or Click program or for testing it with ``typer.testing.CliRunner``.
app = typer.Typer(
    cls=_RootGroup,
    name="vbc",
    no_args_is_help=True,
    # A bug still shows its traceback, but never the local variables (they hold the token).
    pretty_exceptions_enable=False,
)


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


def _show_version(shown: bool) -> None:
    if shown:
        sys.stdout.write(version_line())
        raise typer.Exit


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
    sandbox: Annotated[
        bool,
        typer.Option(
            "--sandbox", help="Start a local stateful sandbox of the API for this command."
        ),
    ] = False,
    mock: Annotated[
        bool,
        typer.Option("--mock", help="Start the local Prism mock (Node.js) for this command."),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS",
            help="Seconds each request may take (default: connect 5, read 30).",
            show_default=False,
        ),
    ] = None,
    max_retries: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Times a failed request may be repeated (default: 2; 0: never).",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each HTTP request on stderr.")
    ] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """The Vonage Business Telephony API v3 from the command line.

    Credentials come from the environment only. A bearer token: VBC_TOKEN.

    Or the password grant: VBC_USERNAME, VBC_PASSWORD, VBC_CLIENT_ID, VBC_CLIENT_SECRET.

    No account? Add --sandbox to run any command against a local sandbox of the API.
    """
    if sandbox and mock:
        raise typer.BadParameter("--sandbox and --mock exclude each other: choose one")
    local = "sandbox" if sandbox else "mock" if mock else None
    ctx.obj = RootOptions.of(base_url, local, os.environ, timeout=timeout, max_retries=max_retries)
    _log_to_stderr(ctx, logging.DEBUG if verbose else logging.INFO)
