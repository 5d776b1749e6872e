"""``vbc replay``: a recording sent again to a server and its answers compared by shape. A
recording of the sandbox replayed against a fresh sandbox of the same seed shows nothing; a
recording of a drifted service shows where the sandbox differs, naming the field."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_support import run_script
from live_gateway import OWN_ACCOUNT
from traffic_support import app_session, client_through

from vbc_telephony.proxy import RecordingProxy
from vbc_telephony.testing import Sandbox, SandboxConfig

SEED = 11


def _record(upstream: str, record: Path) -> None:
    with RecordingProxy(upstream, record=record, out=io.StringIO()) as proxy:
        app_session(proxy.server_url)


@pytest.fixture
def sandbox_recording(tmp_path: Path) -> Path:
    """The app's session against a sandbox (seed ``SEED``), recorded through the proxy: the
    far end's answers (control API) included."""
    record = tmp_path / "sandbox.har"
    config = SandboxConfig(
        seed=SEED,
        username="alice@vbc.prod",
        password="pw-SECRET-91bc02",
        client_id="app-1",
        client_secret="cs-SECRET-44d0e7",
    )
    with Sandbox(config) as sandbox:
        _record(sandbox.server_url, record)
    return record


def test_a_sandbox_recording_replays_against_a_fresh_sandbox_without_difference(
    sandbox_recording, tmp_path
):
    report = tmp_path / "replay.md"
    done = run_script(
        "replay", str(sandbox_recording), "--seed", str(SEED), "--report", str(report),
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "vbc: differs:" not in done.stderr
    assert " 0 difference(s)" in done.stderr
    assert "No difference" in report.read_text()
    assert "no counterpart" not in report.read_text()  # every far-end action found its call


def test_ids_are_mapped_so_another_seed_replays_the_same_flow(sandbox_recording):
    done = run_script("replay", str(sandbox_recording), "--seed", str(SEED + 1), timeout=120)
    assert done.returncode == 0, done.stderr
    # The far end's actions (answer, reject) found the new seed's calls too.
    assert "no counterpart" not in done.stderr


def test_a_drifted_recording_names_the_field(gateway, tmp_path):
    gateway.gateway.drift = "type"
    record = tmp_path / "live.har"
    _record(gateway.server_url, record)
    report = tmp_path / "fidelity.md"
    done = run_script("replay", str(record), "--report", str(report), timeout=120)
    assert done.returncode == 1
    differs = [line for line in done.stderr.splitlines() if line.startswith("vbc: differs: #")]
    assert any(
        "GET /cc/accounts/{account_id}/calls/{call_id}: at status: string (recorded number)" in line
        for line in differs
    ), done.stderr
    assert any("at legs/0/status: string (recorded number)" in line for line in differs)
    assert "| status | string | number |" in report.read_text()


def test_the_account_can_be_the_targets_own(gateway, tmp_path):
    # Recorded on the gateway's account by number: the sandbox's own account is another.
    record = tmp_path / "numbered.har"
    proxy = RecordingProxy(gateway.server_url, record=record, out=io.StringIO())
    with proxy, client_through(proxy.server_url) as client:
        list(client.calls.list(OWN_ACCOUNT))
        list(client.devices.list(OWN_ACCOUNT))
    as_recorded = run_script("replay", str(record), timeout=120)
    assert as_recorded.returncode == 1
    assert (
        "status 401 (recorded 200)" in as_recorded.stderr or "(recorded 200)" in as_recorded.stderr
    )
    as_ours = run_script("replay", str(record), "--account", "self", timeout=120)
    assert as_ours.returncode == 0, as_ours.stderr
