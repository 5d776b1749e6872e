"""Running schemathesis's CLI from the tests: every check, a fixed seed, in a scratch folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from spec_tools import SPEC_PATH

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED = "20261127"


def run_schemathesis(
    base_url: str,
    *,
    cwd: Path,
    max_examples: int,
    token: str,
    exclude_checks: Iterable[str] = (),
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    seed: str = SEED,
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Schemathesis over openapi.yaml against ``base_url``, every phase, ``--checks all``
    less ``exclude_checks``, at ``seed`` (default: the suite's); the finished process, and
    the summary it printed."""
    command = [str(SCHEMATHESIS)]
    if config is not None:
        command += ["--config-file", str(config)]
    command += [
        "run",
        str(SPEC_PATH),
        "--url",
        base_url,
        "--checks",
        "all",
        "--header",
        f"Authorization: Bearer {token}",
        "--max-examples",
        str(max_examples),
        "--seed",
        seed,
        # One worker: which cases run first (and so the stateful chains) stays the same at a
        # seed, and the suite's own workers already fill the cores (a second thread here
        # measured 5.7-7.4 s of CPU per plain run against 5.1-5.5 s).
        "--workers",
        "1",
        "--request-timeout",
        "10",
        # No example database: it would be written to the scratch folder and never read again,
        # and keeping one makes Hypothesis also optimise its Pareto front, measured at 28.3-30.6
        # s of CPU for the sandbox's 100-example run against 17.5-21.7 s without. The examples
        # per operation, the phases and the links followed stay the same.
        "--generation-database",
        "none",
        "--no-color",
    ]
    excluded = sorted(exclude_checks)
    if excluded:
        command += ["--exclude-checks", ",".join(excluded)]
    result = subprocess.run(
        command,
        cwd=cwd,  # schemathesis leaves a .schemathesis/ folder behind
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result, result.stdout.rpartition("SUMMARY")[2].lstrip("= \n")
