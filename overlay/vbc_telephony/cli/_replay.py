"""``vbc replay FILE.har``: a recording replayed against a server (a fresh sandbox by default),
each answer compared with the recorded one by status and shape; exit 1 on any difference.

Credentials come from the environment, as for every command (for the sandbox it starts, its
always-valid token when the environment has none); the recorded ones are never used.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import httpx
import typer

from .._constants import DEFAULT_TIMEOUT
from .._transports import tls_context
from . import _output
from ._config import ACCOUNT_ENV, BASE_URL_ENV, auth_from_env
from ._failures import TRAFFIC_HINT, CommandFailed


@contextlib.contextmanager
def _target(base_url: str | None, seed: int | None) -> Iterator[tuple[str, httpx.Auth]]:
    """The target's API base URL and the auth to use there: ``base_url``, or a fresh sandbox."""
    if base_url is not None:
        yield base_url, auth_from_env(os.environ)
        return
    from ..sandbox import Sandbox, SandboxConfig

    with Sandbox(SandboxConfig(seed=seed)) as sandbox:
        token = sandbox.static_token
        yield sandbox.base_url, auth_from_env(os.environ, local_token=token)


def replay(
    recording: Annotated[
        Path,
        typer.Argument(metavar="FILE.har", dir_okay=False, help="The recording to replay."),
    ],
    base_url: Annotated[
        str | None,
        typer.Option(
            help=f"The API's base URL to replay against (env: {BASE_URL_ENV};"
            " default: a fresh local sandbox).",
            show_default=False,
        ),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            envvar=ACCOUNT_ENV,
            metavar="ACCOUNT",
            help=f"The account to act on (env: {ACCOUNT_ENV}; default: the recorded one).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(metavar="N", help="The fresh sandbox's seed (the recorded one's, say)."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write a Markdown report here.")
    ] = None,
) -> None:
    """Replay a recording's API requests in order against a server and compare the answers.

    Each answer's status and shape (keys and JSON types, not values) is compared with the
    recorded one; ids the recording created are mapped to those the server creates. One line
    per difference; exit 1 on any.
    """
    try:
        from .._traffic._har import read
        from .._traffic._judge import Judge
        from .._traffic._replay import Replayer, markdown
    except ImportError:
        raise CommandFailed(TRAFFIC_HINT) from None
    base_url = base_url or os.environ.get(BASE_URL_ENV)
    judge = Judge.from_file()
    differences = []
    with _target(base_url, seed) as (api_base, auth):
        parts = urlsplit(api_base)
        control_base = f"{parts.scheme}://{parts.netloc}/_sandbox"
        with httpx.Client(auth=auth, timeout=DEFAULT_TIMEOUT, verify=tls_context()) as client:
            replayer = Replayer(client, judge, api_base, control_base, account=account)
            try:
                for difference in replayer.replay(read(recording)):
                    differences.append(difference)
                    _output.note(f"vbc: differs: {difference.line()}")
            except httpx.HTTPError as exc:
                raise CommandFailed(f"the replay stopped: {type(exc).__name__}: {exc}") from None
    target = base_url or "a fresh sandbox"
    if report is not None:
        report.write_text(markdown(recording.name, target, differences, replayer), encoding="utf-8")
    skipped = replayer.skipped_control
    control = f"; {skipped} control API request(s) with no counterpart" if skipped else ""
    _output.note(
        f"vbc: replay: {replayer.replayed} API requests replayed against {target};"
        f" {len(differences)} difference(s){control}"
    )
    if differences:
        raise typer.Exit(1)
