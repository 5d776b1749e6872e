"""schemathesis, run for ``vbc conformance`` as its own process: ``python -m schemathesis.cli``
with this interpreter, so it is found wherever the package is installed (any venv layout, any
platform), and its hooks and state stay out of the CLI's process.

It writes a HAR of every exchange it had, which the traffic judge checks exactly as it checks a
recording (the checks ``JUDGED`` names), and an NDJSON report, from which come the failures of
the checks the judge does not do (``negative_data_rejection``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .._traffic._findings import Finding
from ._failures import CommandFailed

# What a server promises for valid requests; --negative adds what it must refuse.
POSITIVE_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
NEGATIVE_CHECKS = ("negative_data_rejection",)
# The checks the traffic judge makes of every exchange in schemathesis's HAR.
JUDGED = frozenset(POSITIVE_CHECKS)
_HOOKS = "vbc_telephony.cli._conformance_hooks"
# How the CLI tells the hooks (in schemathesis's process) the server and the path's values.
BASE_URL_ENV = "VBC_CONFORMANCE_BASE_URL"
PARAMETERS_ENV = "VBC_CONFORMANCE_PARAMETERS"
_RUN_TIMEOUT = 3600
INSTALL_HINT = "conformance needs its extra: pip install 'vbc-telephony[conformance]'"


class SchemathesisError(CommandFailed):
    """schemathesis is not installed, or did not run."""


@dataclass(frozen=True)
class Run:
    """What to ask of schemathesis."""

    base_url: str
    allow_writes: bool
    negative: bool
    max_examples: int
    seed: int
    workers: int
    phases: str | None

    def command(self, spec: Path, report_dir: Path) -> list[str]:
        checks = POSITIVE_CHECKS + (NEGATIVE_CHECKS if self.negative else ())
        command = [sys.executable, "-m", "schemathesis.cli", "run", str(spec)]
        command += ["--url", self.base_url, "--checks", ",".join(checks)]
        command += ["--mode", "all" if self.negative else "positive"]
        if not self.allow_writes:
            command += ["--include-method", "GET"]
        command += ["--max-examples", str(self.max_examples), "--seed", str(self.seed)]
        command += ["--workers", str(self.workers), "--no-color", "--report", "ndjson,har"]
        # The run's folder is deleted when it ends, so an example database there would never be
        # read again; keeping one also makes Hypothesis optimise its Pareto front, for nothing a
        # later run could use (a read-only run of 20 examples against the sandbox: 6.1 s of CPU
        # with one, 5.4 s without, the same 315 exchanges).
        command += ["--generation-database", "none"]
        if self.phases is not None:
            command += ["--phases", self.phases]
        return [*command, "--report-dir", str(report_dir)]


@dataclass(frozen=True)
class Outcome:
    """A finished run: its HAR, the failures of checks the judge does not make, its summary."""

    har: Path
    failures: list[Finding]
    summary: str
    returncode: int


def _failures(ndjson: Path) -> list[Finding]:
    """Each distinct failure schemathesis reported of a check not in ``JUDGED``."""
    found: dict[Finding, None] = {}
    for line in ndjson.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        recorder = event.get("ScenarioFinished", {}).get("recorder", {})
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                info = check.get("failure_info")
                if check.get("status") != "failure" or not info or check["name"] in JUDGED:
                    continue
                failure = info["failure"]
                problem = str(failure.get("message") or failure["title"]).splitlines()[0]
                found[Finding(failure["operation"], check["name"], "", problem)] = None
    return list(found)


def run(
    run: Run,
    spec: Path,
    scratch: Path,
    parameters: Mapping[str, list[str]],
    redact: list[str],
) -> Outcome:
    """Run schemathesis in ``scratch`` with ``parameters`` for the path; ``redact``: values
    that may not appear in an error message."""
    if importlib.util.find_spec("schemathesis") is None:
        raise SchemathesisError(INSTALL_HINT)
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": _HOOKS,
        BASE_URL_ENV: run.base_url,
        PARAMETERS_ENV: json.dumps(parameters),
    }
    try:
        done = subprocess.run(  # noqa: S603 - our own argument list, no shell
            run.command(spec, scratch),
            env=env,
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=_RUN_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SchemathesisError(f"schemathesis did not finish in {_RUN_TIMEOUT} s") from None
    hars, reports = sorted(scratch.glob("har-*.json")), sorted(scratch.glob("*.ndjson"))
    if not hars or not reports:
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        said = " / ".join(tail) or f"exit status {done.returncode}"
        for secret in redact:
            said = said.replace(secret, "[redacted]")
        raise SchemathesisError(f"schemathesis did not run: {said}")
    summary = done.stdout.rpartition("SUMMARY")[2].lstrip("= \n")
    # The report files it lists are in the scratch folder, gone once the command ends.
    summary = re.sub(r"\nReports:\n(  - .*\n)+", "\n", summary)
    return Outcome(hars[0], _failures(reports[0]), summary, done.returncode)
