"""``vbc conformance`` against a fake of the live gateway, whose token may act on its own
account only (not the spec's example 1234): every request goes to the user's account, ids
come from the account's real state, a conforming service passes, and each kind of drift fails
the run naming its field. Against the sandbox with ``--allow-writes``, the stateful phase
follows the spec's links with no hooks from the user."""

from __future__ import annotations

import re
import subprocess

import pytest
from cli_support import run_script
from live_gateway import OWN_ACCOUNT, RunningGateway, password_grant_env

from vbc_telephony import Contact
from vbc_telephony.testing import Sandbox, SandboxConfig

# A schemathesis run each: all its tests on one xdist worker, one after the other.
pytestmark = pytest.mark.xdist_group("conformance")


def _conformance(
    gateway: RunningGateway, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {**password_grant_env(gateway.server_url), "VBC_BASE_URL": gateway.base_url}
    return run_script(
        "conformance", "--max-examples", "5", *args, timeout=300, **{**environment, **env}
    )


def _ring(gateway: RunningGateway) -> str:
    return gateway.sandbox.ring(from_=Contact.pstn("15551230001"), to=Contact.extension("1001"))


def _summary(stderr: str) -> dict[str, tuple[int, int]]:
    """Per operation: (answers, 2xx answers), from the run's summary lines."""
    found = {}
    for line in stderr.splitlines():
        if match := re.match(r"vbc: (\w+ \S+): (\d+) answers?, (?:(\d+) 2xx|not exercised)", line):
            found[match.group(1)] = (int(match.group(2)), int(match.group(3) or 0))
    return found


@pytest.mark.parametrize("account", [OWN_ACCOUNT, None])
def test_a_conforming_service_passes_and_every_request_is_on_the_users_account(
    gateway, tmp_path, account
):
    call_id = _ring(gateway)
    report = tmp_path / "report.md"
    env = {"VBC_ACCOUNT": account} if account else {}
    done = _conformance(gateway, "--report", str(report), **env)
    assert done.returncode == 0, done.stderr
    accounts = gateway.gateway.accounts
    own = sum(a in (OWN_ACCOUNT, "self") for a in accounts)
    assert own / len(accounts) >= 0.9, (own, len(accounts))
    assert len(accounts) > 50
    summary = _summary(done.stderr)
    # The real call and its legs were reached: GET-one operations got 2xx answers …
    assert summary["GET /cc/accounts/{account_id}/calls/{call_id}"][1] > 0
    assert summary["GET /cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}"][1] > 0
    assert summary["GET /registration/accounts/{account_id}/devices/{device_id}"][1] > 0
    # … and made-up ids got their 404 too.
    paths = [path for method, path, status, _ in gateway.gateway.answers if status == 404]
    assert any(f"/calls/{call_id}".encode() not in p and b"/calls/" in p for p in paths)
    # Writes were not run, and are reported as not exercised rather than passing.
    assert summary["POST /cc/accounts/{account_id}/calls"] == (0, 0)
    assert "POST /cc/accounts/{account_id}/calls: 0 answers, not exercised" in done.stderr
    assert "| POST /cc/accounts/{account_id}/calls | 0 | **not exercised** |" in report.read_text()


_CALL = "GET /cc/accounts/{account_id}/calls/{call_id}: "
_CALLS = "GET /cc/accounts/{account_id}/calls: "
DRIFTS = {
    "type": _CALL + 'response_schema_conformance at status: 3 is not of type "string"',
    "required": _CALLS + 'response_schema_conformance at calls/0: "call_id" is a required property',
    "status": _CALLS + "status_code_conformance: Undocumented HTTP status code: 203",
}


@pytest.mark.parametrize(("drift", "named"), list(DRIFTS.items()), ids=list(DRIFTS))
def test_each_drift_fails_the_run_naming_the_field(gateway, drift, named):
    _ring(gateway)
    gateway.gateway.drift = drift
    # A drift is in what the gateway answers, whatever was asked: the coverage phase's cases
    # reach every operation, at about 1.8 s less CPU a run than every phase (fuzzing is most).
    done = _conformance(gateway, "--account", OWN_ACCOUNT, "--phases", "coverage")
    assert done.returncode == 1
    findings = [line for line in done.stderr.splitlines() if line.startswith("vbc: finding: ")]
    assert any(named in line for line in findings), done.stderr


def test_against_the_sandbox_the_stateful_phase_follows_the_links():
    # 100 cases: at 50, whether the state machine happens to take each link varies with
    # the seed (seeds 1-5 measured); at 100 every seed reaches the four operations below.
    with Sandbox(SandboxConfig(seed=3)) as sandbox:
        done = run_script(
            "conformance", "--allow-writes", "--phases", "stateful", "--max-examples", "100",
            timeout=300, VBC_TOKEN="sandbox-token", VBC_BASE_URL=sandbox.base_url,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = _summary(done.stderr)
    for operation in (
        "POST /cc/accounts/{account_id}/calls",
        "PUT /cc/accounts/{account_id}/calls/{call_id}",
        "GET /cc/accounts/{account_id}/calls/{call_id}/legs",
        "DELETE /cc/accounts/{account_id}/calls/{call_id}",
    ):
        assert summary[operation][1] > 0, (operation, done.stderr)
