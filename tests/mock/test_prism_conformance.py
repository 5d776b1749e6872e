"""Schemathesis, with every check, against the Prism mock: the mock conforms to openapi.yaml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from schemathesis_tools import run_schemathesis

from vbc_telephony.mock import PrismMock

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


@pytest.mark.heavy
def test_schemathesis_finds_nothing(
    prism: PrismMock, report_summary: Callable[[str, str], None], tmp_path: Path
) -> None:
    result, summary = run_schemathesis(
        prism.base_url,
        cwd=tmp_path,
        max_examples=25,
        token="contract-test",
        exclude_checks=EXCLUDED_CHECKS,
    )
    report_summary("schemathesis against the Prism mock", summary)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
    assert "Tested: 11" in result.stdout
