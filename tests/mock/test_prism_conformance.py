"""Schemathesis, with every check, against the Prism mock: the mock conforms to openapi.yaml."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from spec_tools import SPEC_PATH

from vbc_telephony.testing._prism import PrismMock

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")

# Checks a stateless mock that accepts any token cannot pass, and only those:
EXCLUDED_CHECKS = {
    # Prism accepts any bearer token (it checks that one is present, not that it is real),
    # so a request with made-up credentials is "accepted".
    "ignored_auth",
    # Prism keeps no state: a deleted call is still served from the examples.
    "use_after_free",
    # Prism routes by path and answers undocumented methods on a known path its own way.
    "unsupported_method",
}


def test_schemathesis_finds_nothing(
    prism: PrismMock, report_summary: Callable[[str, str], None], tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            str(SPEC_PATH),
            "--url",
            prism.base_url,
            "--checks",
            "all",
            "--exclude-checks",
            ",".join(sorted(EXCLUDED_CHECKS)),
            "--header",
            "Authorization: Bearer contract-test",
            "--max-examples",
            "25",
            "--seed",
            "20261127",
            "--workers",
            "2",
            "--request-timeout",
            "10",
            "--no-color",
        ],
        cwd=tmp_path,  # schemathesis leaves a .schemathesis/ folder behind
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    summary = result.stdout.rpartition("SUMMARY")[2].lstrip("= \n")
    report_summary("schemathesis against the Prism mock", summary)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
    assert "Tested: 11" in result.stdout
