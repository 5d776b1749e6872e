"""Checking from outside that a Prism mock has really stopped: its processes and its port."""

from __future__ import annotations

from pathlib import Path

import httpx
import loopback
import pytest

from vbc_telephony.mock._prism_process import group_alive


def assert_prism_is_gone(pid: int, prism_url: str) -> None:
    """Prism's whole process group has ended and Prism's own port no longer answers."""
    assert not group_alive(pid), f"Prism's process group {pid} is still running"
    with pytest.raises(httpx.ConnectError):
        loopback.get(prism_url + "/", timeout=2)


def prism_pids(spec: Path) -> set[int]:
    """The processes (npx, node) whose command line serves ``spec`` with ``prism mock``."""
    found = set()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:  # ended while we looked
            continue
        if "mock" in args and str(spec) in args and any("prism" in arg for arg in args):
            found.add(int(cmdline.parent.name))
    return found


def prisms_started_with(marker: str) -> set[int]:
    """The Prism processes whose environment has ``VBC_TEST_RUN=marker``: those a command
    run with that variable started (children inherit it), and no one else's."""
    wanted = f"VBC_TEST_RUN={marker}".encode()
    found = set()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            held = environ.read_bytes().split(b"\0")
            args = (environ.parent / "cmdline").read_bytes()
        except OSError:  # ended while we looked, or not ours to read
            continue
        if wanted in held and b"prism" in args:
            found.add(int(environ.parent.name))
    return found
