"""The ``vbc`` command-line tool: ``pip install 'vbc-telephony[cli]'``.

    vbc --mock calls list self                  # against a local Prism mock, no account needed
    VBC_TOKEN=… vbc calls list self --since 2024-05-01T00:00:00Z --format csv
    vbc legs hold self CALL_ID LEG_ID

Modules: ``_app`` (root command, errors, the subcommands, loaded as they run), ``_calls``,
``_legs``, ``_devices`` (one command group each), ``_watch`` (``vbc calls watch``),
``_servers`` (``vbc sandbox``, ``vbc mock``), ``_conformance``, ``_params`` (contacts, times,
shared arguments), ``_config`` (server and credentials), ``_output`` (formats, progress, error
lines).

The client does not need typer and rich, so they come with the ``cli`` extra; without them
the ``vbc`` script says so in one line instead of a traceback. ``vbc --version`` is answered
here, before typer and the client are imported: it needs neither.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import app

__all__ = ["app", "main"]

# What the command needs beyond the client: the `cli` extra.
_EXTRA = ("typer", "rich")
INSTALL_HINT = "pip install 'vbc-telephony[cli]'"


def error(message: str) -> None:
    """The one line an error gets, on stderr; whitespace in ``message`` is collapsed."""
    sys.stderr.write("vbc: error: " + " ".join(message.split()) + "\n")
    sys.stderr.flush()


def main() -> None:
    """The ``vbc`` console script."""
    try:
        if sys.argv[1:] == ["--version"]:
            from ._version import version_line

            sys.stdout.write(version_line())
            sys.stdout.flush()
        else:
            _run()
    except OSError as exc:
        # click ends quietly with 1 when the reader has gone (EPIPE, ``| head``); so do we.
        if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EPIPE):
            raise
        # Nothing more can be written there, not even at exit when Python flushes it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if exc.errno != errno.EPIPE:
            error(f"cannot write the output: {exc.strerror}")
        sys.exit(1)


def _run() -> None:
    try:
        from ._app import app
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.partition(".")[0] not in _EXTRA:
            raise
        error(f"the vbc command needs {exc.name}: {INSTALL_HINT}")
        sys.exit(1)
    app(prog_name="vbc")


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the typer app
    if name == "app":
        from ._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
