"""``vbc conformance``: a server (the live API by default) checked against our spec by
schemathesis.

schemathesis runs as its own process, from its CLI, with every check of ours being one of
its own; ``_conformance_hooks`` gives it this package's auth (credentials from the same
environment as every other command; nothing secret on its command line) and makes its
NDJSON report name the field of a schema violation. From that report come the findings:
one line each on stderr (operation, check, field, what is wrong), and the Markdown report.

Read-only unless told otherwise: GET operations only, because every other operation of
this API places, changes or ends a real call. By default it checks what a server promises
for valid requests (status codes, content types, headers and response schemas);
``--negative`` adds invalid requests, which many live services accept anyway.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from .._constants import DEFAULT_BASE_URL
from .._local_servers import bundled_spec
from . import _output
from ._config import BASE_URL_ENV, auth_from_env

# What a server promises for valid requests; --negative adds what it must refuse.
POSITIVE_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
NEGATIVE_CHECKS = ("negative_data_rejection",)
# Values of these never reach the report, whatever a server echoes back.
_SECRET_ENV = ("VBC_TOKEN", "VBC_PASSWORD", "VBC_CLIENT_SECRET")
_HOOKS = "vbc_telephony.cli._conformance_hooks"
_RUN_TIMEOUT = 3600


@dataclass(frozen=True)
class Finding:
    operation: str
    check: str
    field: str
    problem: str

    def line(self) -> str:
        where = f" at {self.field}" if self.field else ""
        return f"{self.operation}: {self.check}{where}: {self.problem}"


def _schemathesis() -> str:
    executable = Path(sys.executable).with_name("schemathesis")
    if not executable.exists():
        raise typer.BadParameter(
            "conformance needs its extra: pip install 'vbc-telephony[conformance]'"
        )
    return str(executable)


@dataclass(frozen=True)
class _Run:
    """What to ask of schemathesis."""

    base_url: str
    allow_writes: bool
    negative: bool
    max_examples: int
    seed: int
    workers: int
    phases: str | None
    junit_xml: Path | None

    def command(self, spec: Path, report_dir: Path) -> list[str]:
        checks = POSITIVE_CHECKS + (NEGATIVE_CHECKS if self.negative else ())
        command = [_schemathesis(), "run", str(spec), "--url", self.base_url]
        command += ["--checks", ",".join(checks), "--mode", "all" if self.negative else "positive"]
        if not self.allow_writes:
            command += ["--include-method", "GET"]
        command += ["--max-examples", str(self.max_examples), "--seed", str(self.seed)]
        command += ["--workers", str(self.workers), "--no-color", "--report", "ndjson,junit"]
        if self.phases is not None:
            command += ["--phases", self.phases]
        command += ["--report-dir", str(report_dir)]
        if self.junit_xml is not None:
            command += ["--report-junit-path", str(self.junit_xml.resolve())]
        return command


def _findings(ndjson: Path) -> list[Finding]:
    """Each distinct failure schemathesis reported, in the order it reported them."""
    found: dict[Finding, None] = {}
    for line in ndjson.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        recorder = event.get("ScenarioFinished", {}).get("recorder", {})
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                info = check.get("failure_info")
                if check.get("status") != "failure" or not info:
                    continue
                failure = info["failure"]
                path = failure.get("instance_path") or []
                problem = str(failure.get("message") or failure["title"]).splitlines()[0]
                field = "/".join(map(str, path))
                found[Finding(failure["operation"], check["name"], field, problem)] = None
    return list(found)


def _scrubbed(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    return text


def _markdown(base_url: str, findings: list[Finding], summary: str) -> str:
    lines = [f"# Conformance of {base_url} to openapi.yaml", "", "```", summary.strip(), "```", ""]
    if not findings:
        return "\n".join([*lines, "No findings.", ""])
    lines += ["| operation | check | field | problem |", "|---|---|---|---|"]
    for f in findings:
        cells = (f.operation, f.check, f.field or "-", f.problem.replace("|", "\\|"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([*lines, ""])


def conformance(
    base_url: Annotated[
        str | None,
        typer.Option(
            help=f"The server to check (env: {BASE_URL_ENV}; default: the live API).",
            show_default=False,
        ),
    ] = None,
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
    junit_xml: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write a JUnit XML report here.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(metavar="PATH", help="Write a Markdown report here.")
    ] = None,
) -> None:
    """Check a server against the spec with schemathesis; exit 1 on any finding.

    Credentials come from the environment, as for every command. Read-only by default.
    """
    url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    auth_from_env(os.environ)  # missing credentials are a usage error, here
    if allow_writes:
        _output.note(
            f"vbc: WARNING: --allow-writes: this run places, changes and ends REAL calls on {url}"
        )

    secrets = [os.environ[name] for name in _SECRET_ENV if os.environ.get(name)]
    with tempfile.TemporaryDirectory(prefix="vbc-conformance-") as scratch:
        report_dir = Path(scratch)
        run = _Run(url, allow_writes, negative, max_examples, seed, workers, phases, junit_xml)
        command = run.command(bundled_spec(), report_dir)
        env = {**os.environ, "SCHEMATHESIS_HOOKS": _HOOKS, "VBC_CONFORMANCE_BASE_URL": url}
        done = subprocess.run(  # noqa: S603 - our own argument list, no shell
            command, env=env, cwd=scratch, capture_output=True, text=True, timeout=_RUN_TIMEOUT
        )
        reports = sorted(report_dir.glob("*.ndjson"))
        if not reports:
            tail = _scrubbed(done.stdout + done.stderr, secrets).strip().splitlines()[-3:]
            raise typer.BadParameter(f"schemathesis did not run: {' / '.join(tail)}")
        findings = _findings(reports[0])
    summary = done.stdout.rpartition("SUMMARY")[2].lstrip("= \n")
    # The report files it lists were in a scratch folder, gone by now.
    summary = _scrubbed(re.sub(r"\nReports:\n(  - .*\n)+", "\n", summary), secrets)
    if junit_xml is not None:
        junit_xml.write_text(_scrubbed(junit_xml.read_text(encoding="utf-8"), secrets))
    if report is not None:
        report.write_text(_markdown(url, findings, summary), encoding="utf-8")
    for finding in findings:
        _output.note("vbc: finding: " + _scrubbed(finding.line(), secrets))
    last = summary.strip().splitlines()[-1:] or ["no summary"]
    _output.note(f"vbc: conformance: {len(findings)} finding(s); {last[0].strip('= ')}")
    if findings or done.returncode != 0:
        raise typer.Exit(1)
