"""The sandbox in the foreground (``make sandbox``): it says where it is, serves until Ctrl-C
and stops without a traceback; a busy port is one line naming it."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
from sandbox_support import CALLS, STATIC

from vbc_telephony.testing._prism import free_port
from vbc_telephony.testing._server import BackgroundServer

COMMAND = [str(Path(sys.executable).with_name("vbc")), "sandbox", "--seed", "5"]


def test_serves_until_ctrl_c() -> None:
    port = free_port()
    process = subprocess.Popen(
        [*COMMAND, "--port", str(port), "--devices", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(6)]
        server = f"http://127.0.0.1:{port}"
        assert banner[0].startswith(f"VBC Telephony sandbox on {server}")
        assert any("seed         5" in line for line in banner)
        base = f"{server}/t/vbc.prod/telephony/v3"
        devices = httpx.get(base + "/registration/accounts/self/devices", headers=STATIC)
        assert len(devices.json()["devices"]) == 1
        assert httpx.get(base + CALLS).status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Traceback" not in errors


def test_a_busy_port_is_one_line() -> None:
    async def nothing(scope: object, receive: object, send: object) -> None:
        return None

    with BackgroundServer(nothing, "127.0.0.1") as busy:  # type: ignore[arg-type]
        done = subprocess.run(
            [*COMMAND, "--port", str(busy.port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == f"vbc: error: 127.0.0.1:{busy.port} is in use; pass --port\n"
