"""The installed ``vbc`` script as a user runs it: in a real process, with real signals.

Each process gets a timeout and is stopped in ``finally``, so a failure cannot leave one
behind (``vbc mock`` stops its Prism on SIGTERM).
"""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

import httpx
import loopback
import pytest
from cli_support import SECRET_TOKEN, VBC, assert_no_secret, run_script, script_env
from prism_tools import prisms_started_with

from vbc_telephony._server.serving import free_port

MAC = "79-5C-7D-28-1B-B3"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_script(*args, timeout=180, **env)


def test_the_installed_script_prints_json_lines_when_piped(prism):
    done = _run("calls", "list", VBC_BASE_URL=prism.base_url, VBC_TOKEN=SECRET_TOKEN)
    assert (done.returncode, done.stderr) == (0, "")
    (record,) = map(json.loads, done.stdout.splitlines())
    assert record["call_id"] == "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def test_mock_runs_the_command_against_its_own_prism_and_stops_it():
    # Marked by its environment, which its Prism inherits: other tests' Prisms don't count.
    marker = uuid.uuid4().hex
    process = subprocess.Popen(
        [VBC, "--mock", "devices", "get", MAC, "--format", "csv"],
        env=script_env(VBC_TEST_RUN=marker),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[int] = set()
    try:
        while process.poll() is None:
            seen |= prisms_started_with(marker)
            time.sleep(0.02)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        _stop(process)
    assert seen, "the process scan saw the command's Prism while it ran"
    assert not prisms_started_with(marker), "the command left its Prism running"
    assert_no_secret(stdout, stderr)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    assert (done.returncode, done.stderr) == (0, "")
    header, row = done.stdout.splitlines()
    assert header == "mac_address,account_id,device_ip,last_request,last_success"
    assert row.startswith(MAC + ",")


def test_mock_without_node_fails_at_once_with_one_clear_line(vbc, tmp_path):
    run = vbc("--mock", "calls", "list", PATH=str(tmp_path))
    assert (run.exit_code, run.stdout) == (1, "")
    (line,) = run.stderr.splitlines()
    assert line.startswith("vbc: error: ")
    assert "npx" in line
    assert "Node.js" in line


def _wait_until_serving(process: subprocess.Popen[str], url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        with contextlib.suppress(httpx.TransportError):
            loopback.get(url, timeout=1.0)
            return
        time.sleep(0.2)
    raise AssertionError(f"vbc mock did not serve {url}")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_vbc_mock_serves_in_the_foreground_until_stopped(vbc):
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [VBC, "mock", "--port", str(port)],
        env=script_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_serving(process, base_url, time.monotonic() + 150)
        run = vbc("--base-url", base_url, "devices", "get", MAC, VBC_TOKEN=SECRET_TOKEN)
        assert run.exit_code == 0
        assert run.records()[0]["mac_address"] == MAC
        # SIGTERM, as CI or `kill` sends it: Prism stops with it.
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        _stop(process)
    assert process.returncode == 0
    assert f"on {base_url}" in output
    with pytest.raises(httpx.ConnectError):
        loopback.get(base_url, timeout=2.0)


class SilentServer:
    """A loopback server that accepts one connection and never answers; ``accepted`` is set."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.accepted = threading.Event()
        self._connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            connection, _ = self.socket.accept()
            self._connections.append(connection)
            self.accepted.set()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)  # wakes a pending accept()
        self.socket.close()
        for connection in self._connections:
            connection.close()
        self._thread.join(timeout=5)


@pytest.fixture
def silent_server():
    server = SilentServer()
    try:
        yield server
    finally:
        server.close()


# The interpreter runs main() as the script does, with Python's own SIGINT handler set
# explicitly: a process started with SIGINT ignored (some CI runners) would not get it.
_MAIN = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from vbc_telephony.cli import main; main()"
)


def test_ctrl_c_during_a_request_exits_130_without_a_traceback(silent_server):
    port = silent_server.port
    process = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "calls", "list"],
        env=script_env(VBC_BASE_URL=f"http://127.0.0.1:{port}", VBC_TOKEN=SECRET_TOKEN),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert silent_server.accepted.wait(timeout=60), "the CLI never connected"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        _stop(process)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert_no_secret(stdout, stderr)
