"""``vbc sandbox`` and ``vbc mock``: a local server of the API in the foreground, for your app.

Both bind their port before anything else starts (a busy port is one line, and nothing is
left running) and stop on Ctrl-C or SIGTERM. The sandbox's password and client secret come
from the environment (``VBC_SANDBOX_PASSWORD``, ``VBC_SANDBOX_CLIENT_SECRET``), like every
secret the CLI reads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from .._local_servers import (
    MOCK_PORT,
    SANDBOX_ACCOUNT_ID,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_DEVICES,
    SANDBOX_ENDED_VISIBLE_FOR,
    SANDBOX_HOST,
    SANDBOX_MAX_DEVICES,
    SANDBOX_PASSWORD,
    SANDBOX_PORT,
    SANDBOX_STATIC_TOKEN,
    SANDBOX_TOKEN_TTL,
    SANDBOX_USERNAME,
)

Port = Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")]


def sandbox(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = SANDBOX_HOST,
    port: Port = SANDBOX_PORT,
    seed: Annotated[
        int | None,
        typer.Option(help="Fixes every id and time offset (default: a random seed, printed)."),
    ] = None,
    token_ttl: Annotated[
        int, typer.Option(min=1, metavar="SECONDS", help="How long an access token lives.")
    ] = SANDBOX_TOKEN_TTL,
    devices: Annotated[
        int,
        typer.Option(min=0, max=SANDBOX_MAX_DEVICES, metavar="N", help="Devices of the account."),
    ] = SANDBOX_DEVICES,
    answer_after: Annotated[
        float | None,
        typer.Option(metavar="SECONDS", help="A ringing call answers itself after this long."),
    ] = None,
    unanswered_after: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS", help="A ringing call nobody answers rings out after this long."
        ),
    ] = None,
    ended_visible_for: Annotated[
        float,
        typer.Option(
            min=0,
            metavar="SECONDS",
            help="How long a call that ended busy or unanswered stays listed.",
        ),
    ] = SANDBOX_ENDED_VISIBLE_FOR,
    no_static_token: Annotated[
        bool,
        typer.Option(
            "--no-static-token", help=f"Refuse the always-valid token {SANDBOX_STATIC_TOKEN!r}."
        ),
    ] = False,
    account_id: Annotated[str, typer.Option(help="The one account's id.")] = SANDBOX_ACCOUNT_ID,
    username: Annotated[str, typer.Option(help="The password grant's user.")] = SANDBOX_USERNAME,
    client_id: Annotated[str, typer.Option(help="The password grant's client.")] = (
        SANDBOX_CLIENT_ID
    ),
) -> None:
    """Serve a stateful sandbox of the API in the foreground until Ctrl-C, for your own app.

    Calls ring, are answered, held and hung up; tokens expire; faults happen on demand
    (control API under /_sandbox). Needs: pip install 'vbc-telephony\\[sandbox]'.
    """  # The backslash keeps rich (typer's help) from reading [sandbox] as markup.
    from ..sandbox import SandboxConfig, serve  # servers: only when asked for

    config = SandboxConfig(
        seed=seed,
        token_ttl=token_ttl,
        devices=devices,
        answer_after=answer_after,
        ended_visible_for=ended_visible_for,
        unanswered_after=unanswered_after,
        static_token=None if no_static_token else SANDBOX_STATIC_TOKEN,
        username=username,
        password=os.environ.get("VBC_SANDBOX_PASSWORD", SANDBOX_PASSWORD),
        client_id=client_id,
        client_secret=os.environ.get("VBC_SANDBOX_CLIENT_SECRET", SANDBOX_CLIENT_SECRET),
        account_id=account_id,
    )
    serve(config, host=host, port=port)


def mock(
    port: Port = MOCK_PORT,
    spec: Annotated[
        Path | None,
        typer.Option(
            exists=True, dir_okay=False, help="Another OpenAPI file to serve (default: ours)."
        ),
    ] = None,
) -> None:
    """Serve the Prism mock on 127.0.0.1 in the foreground until Ctrl-C, for your own app.

    It answers with the spec's examples; any bearer token is accepted. Needs Node.js.
    """
    from ..mock import serve  # servers and subprocesses: only when asked for

    serve(spec, port=port)
