"""``vbc conformance``: a server (the live API by default) checked against our spec, on the
user's own account; or, with ``--recording``, recorded traffic checked offline.

A live run reads the account's real ids first (``_account_state``), then runs schemathesis
(``_schemathesis``) with every path parameter drawn from them: the account is always the
user's (``--account``, else ``VBC_ACCOUNT``, else ``self``), call, leg and device ids are the
account's own or made up to exist nowhere (their 404 checked). Every exchange schemathesis had
is then judged by the same judge as a recording (``_traffic``), so that a live run, the
recording proxy and ``--recording`` name the same problem in the same words.

Read-only unless told otherwise: GET operations only, because every other operation of
this API places, changes or ends a real call. By default it checks what a server promises
for valid requests (status codes, content types, headers and response schemas);
``--negative`` adds invalid requests, which many live services accept anyway.

The summary counts, per operation, the answers and the 2xx answers; an operation with no
2xx answer is **not exercised**, never passing. Exit 1 on any finding.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .._constants import DEFAULT_BASE_URL
from . import _output, _schemathesis
from ._config import BASE_URL_ENV, DEFAULT_ACCOUNT, auth_from_env
from ._failures import TRAFFIC_HINT, CommandFailed
from ._params import Account

if TYPE_CHECKING:
    from .._traffic._findings import Tally

# Values of these never reach a report, whatever a server echoes back.
_SECRET_ENV = ("VBC_TOKEN", "VBC_PASSWORD", "VBC_CLIENT_SECRET")


def _scrubbed(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    return text


def _live(
    run: _schemathesis.Run, account: str, secrets: list[str], found: Callable[[str], None]
) -> tuple[Tally, list[str], bool]:
    """schemathesis against ``run.base_url`` on ``account``; what the judge found, the report's
    preamble (schemathesis's summary), and whether schemathesis failed otherwise."""
    from .._traffic._judge import Judge
    from .._traffic._openapi import bundled_spec
    from .._traffic._recordings import judge_file
    from ._account_state import read_state

    auth = auth_from_env(os.environ)  # missing credentials are a usage error, here
    if run.allow_writes:
        _output.note(
            "vbc: WARNING: --allow-writes: this run places, changes and ends REAL calls on"
            f" {run.base_url}"
        )
    state = read_state(run.base_url, auth, account)
    _output.note(
        f"vbc: conformance on account {state.account}: {len(state.call_ids)} active call(s),"
        f" {len(state.leg_ids)} leg(s), {len(state.device_ids)} device(s)"
    )
    parameters = state.parameters(run.seed)
    with tempfile.TemporaryDirectory(prefix="vbc-conformance-") as scratch:
        outcome = _schemathesis.run(run, bundled_spec(), Path(scratch), parameters, secrets)
        judge = Judge.from_file(check_requests=False)
        tally = judge_file(outcome.har, judge, on_finding=lambda f: found(f.line()))
    for finding in tally.add(outcome.failures):
        found(finding.line())
    summary = _scrubbed(outcome.summary, secrets).strip()
    # schemathesis failed where the judge found nothing (an error, a check it alone makes).
    failed = outcome.returncode != 0 and not tally.findings
    if failed:
        _output.note(
            "vbc: conformance: schemathesis failed: " + " / ".join(summary.splitlines()[-4:])
        )
    return tally, ["```", summary, "```", ""], failed


def conformance(
    base_url: Annotated[
        str | None,
        typer.Option(
            help=f"The server to check (env: {BASE_URL_ENV}; default: the live API).",
            show_default=False,
        ),
    ] = None,
    account: Account = DEFAULT_ACCOUNT,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="Also run operations that place, change or end calls. REAL calls on a live API.",
        ),
    ] = False,
    negative: Annotated[
        bool, typer.Option("--negative", help="Also send invalid requests, which must be refused.")
    ] = False,
    max_examples: Annotated[
        int, typer.Option(min=1, metavar="N", help="Cases per operation.")
    ] = 20,
    seed: Annotated[int, typer.Option(metavar="N", help="Fixes the cases generated.")] = 1,
    workers: Annotated[int, typer.Option(min=1, max=16, metavar="N")] = 1,
    phases: Annotated[
        str | None,
        typer.Option(
            metavar="LIST",
            help="Only these of examples, coverage, fuzzing, stateful (default: all).",
            show_default=False,
        ),
    ] = None,
    recording: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE.har",
            dir_okay=False,
            help="Judge this recording offline instead (no network, no credentials).",
            show_default=False,
        ),
    ] = None,
    junit_xml: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write a JUnit XML report here.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write a Markdown report here.")
    ] = None,
) -> None:
    """Check a server, on your own account, against the spec; exit 1 on any finding.

    Credentials come from the environment, as for every command. Read-only by default.
    With --recording, check recorded traffic (a HAR file, such as vbc proxy writes) instead.
    """
    try:
        from .._traffic._judge import Judge
        from .._traffic._recordings import judge_file
    except ImportError:
        raise CommandFailed(TRAFFIC_HINT) from None

    secrets = [os.environ[name] for name in _SECRET_ENV if os.environ.get(name)]

    def found(line: str) -> None:
        _output.note("vbc: finding: " + _scrubbed(line, secrets))

    if recording is not None:
        if allow_writes or negative or base_url:
            raise typer.BadParameter("--recording judges a file: it sends nothing to a server")
        tally = judge_file(recording, Judge.from_file(), on_finding=lambda f: found(f.line()))
        title = f"Conformance of the recording {recording.name} to openapi.yaml"
        preamble: list[str] = [f"{tally.exchanges} recorded exchanges.", ""]
        failed = False
    else:
        url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        run = _schemathesis.Run(url, allow_writes, negative, max_examples, seed, workers, phases)
        tally, preamble, failed = _live(run, account, secrets, found)
        title = f"Conformance of {url} to openapi.yaml"
    for line in tally.summary_lines():
        _output.note(f"vbc: {line}")
    if report is not None:
        report.write_text(_scrubbed(tally.markdown(title, preamble), secrets), encoding="utf-8")
    if junit_xml is not None:
        junit_xml.write_text(_scrubbed(tally.junit("vbc conformance"), secrets), encoding="utf-8")
    findings = len(tally.findings)
    idle = len(tally.not_exercised())
    _output.note(
        f"vbc: conformance: {findings} finding(s); {tally.exchanges} exchanges;"
        f" {idle} of {len(tally.answers)} operations not exercised"
    )
    if findings or failed:
        raise typer.Exit(1)
