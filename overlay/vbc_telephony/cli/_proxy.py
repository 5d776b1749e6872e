"""``vbc proxy``: the recording proxy in the foreground, around your app's own traffic."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._traffic._constants import DEFAULT_UPSTREAM, PROXY_PORT
from ._failures import TRAFFIC_HINT, CommandFailed


def proxy(
    upstream: Annotated[
        str, typer.Option(metavar="ORIGIN", help="The one origin requests are forwarded to.")
    ] = DEFAULT_UPSTREAM,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="The port to listen on (127.0.0.1).")
    ] = PROXY_PORT,
    record: Annotated[
        Path | None,
        typer.Option(metavar="FILE.har", dir_okay=False, help="Record every exchange here."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write a Markdown report here at exit.")
    ] = None,
    junit_xml: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write a JUnit XML report here at exit.")
    ] = None,
    keep_numbers: Annotated[
        bool,
        typer.Option("--keep-numbers", help="Record phone numbers in clear (masked by default)."),
    ] = False,
) -> None:
    """Forward your app's API traffic to the upstream, check and record it; exit 1 on drift.

    Point the app's base URL and token URL at the proxy. Every exchange is checked against
    the spec (each new finding one line on stderr) and recorded with secrets redacted and
    phone numbers masked. Ctrl-C or SIGTERM stops it and writes the recording and reports.
    """
    try:
        from ..proxy import serve
        from ..proxy._forward import origin
    except ImportError:
        raise CommandFailed(TRAFFIC_HINT) from None
    try:
        origin(upstream)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--upstream") from None
    status = serve(
        upstream,
        port=port,
        record=record,
        report=report,
        junit_xml=junit_xml,
        keep_numbers=keep_numbers,
    )
    raise typer.Exit(status)
