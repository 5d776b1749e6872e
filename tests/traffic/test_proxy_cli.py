"""``vbc proxy`` as CI runs it: in the background around the app's tests, stopped with SIGTERM
(or Ctrl-C), after which the recording and the reports are written and the exit status says
whether anything drifted."""

from __future__ import annotations

import signal
import socket
import subprocess
import time

import httpx
import loopback
import pytest
from cli_support import VBC, assert_no_secret, script_env
from traffic_support import app_session, assert_clean, har_entries


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _started(*args: str) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    process = subprocess.Popen(
        [VBC, "proxy", "--port", str(port), *args],
        env=script_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            loopback.get(url + "/token", timeout=1)
            return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError(f"vbc proxy did not start: {process.communicate()}")


@pytest.mark.parametrize(("drift", "stop", "status"), [(None, signal.SIGTERM, 0),
                                                     ("type", signal.SIGTERM, 1),
                                                     ("type", signal.SIGINT, 1)])  # fmt: skip
def test_stopped_by_a_signal_it_writes_everything_and_exits_with_its_verdict(
    gateway, tmp_path, drift, stop, status
):
    gateway.gateway.drift = drift
    record, report = tmp_path / "ci.har", tmp_path / "ci.md"
    process, url = _started(
        "--upstream", gateway.server_url, "--record", str(record), "--report", str(report)
    )
    try:
        app_session(url)
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == status, err
    entries = har_entries(record)
    assert len(entries) == len(gateway.gateway.answers)  # our probe of /token included
    assert report.read_text().startswith("# Traffic through vbc proxy")
    issued = gateway.gateway.issued_tokens
    for text in (record.read_text(), report.read_text(), out, err):
        assert_clean(text, issued=issued)
        assert_no_secret(text)
    if drift:
        assert "vbc: drift: GET /cc/accounts/{account_id}/calls/{call_id}: " in err


def test_a_busy_port_is_one_line_and_nothing_is_recorded(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run(
            [VBC, "proxy", "--port", str(port), "--record", str(tmp_path / "x.har")],
            env=script_env(), capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    assert done.returncode == 1
    assert "is in use" in done.stderr
    assert not (tmp_path / "x.har").exists()


def test_an_upstream_that_is_not_an_origin_is_a_usage_error():
    done = subprocess.run(
        [VBC, "proxy", "--upstream", "https://api.vonage.com/t/vbc.prod"],
        env=script_env(), capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "origin" in done.stderr
