"""``vbc calls watch`` as a user runs it: the installed script in a real process against the
sandbox, driven through a call's life, then interrupted with SIGINT.

Piped, it prints one JSON object per event and line, the call as ``vbc calls get --format
json`` prints it; on a terminal (a pty here) it redraws a table. SIGINT ends it with 130 and
no traceback. Each process is stopped in ``finally``, so a failure cannot leave one behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import queue
import select
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import IO, Any

import pytest
from cli_support import VBC, assert_no_secret, script_env

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

PATIENCE = 60.0
ALICE = vbc.Contact.extension("1001")
BOB = vbc.Contact.pstn("15551234567")
KEYS = ["type", "call_id", "leg_id", "status", "previous_status", "at", "call"]


def _sigint_as_python_sets_it() -> None:
    # A runner that starts processes with SIGINT ignored would pass that on: undo it, so
    # that the script's Python turns SIGINT into KeyboardInterrupt as it does in a shell.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def _watching(
    sandbox: Sandbox, *args: str, stdout: Any = subprocess.PIPE
) -> Iterator[subprocess.Popen[str]]:
    """``vbc calls watch --interval 0.05 *args`` against ``sandbox``, always stopped."""
    env = script_env(
        VBC_BASE_URL=sandbox.base_url, VBC_TOKEN=sandbox.static_token or "", COLUMNS="160"
    )
    # As a user's shell runs it: stdout to a pipe is block-buffered unless the command flushes.
    env.pop("PYTHONUNBUFFERED", None)
    process = subprocess.Popen(
        [VBC, "calls", "watch", "--interval", "0.05", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_sigint_as_python_sets_it,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(PATIENCE)


class _Lines:
    """A stream's lines, read by a thread, taken with a time limit (a hang guard)."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line)

    def take(self, count: int) -> list[dict[str, Any]]:
        return [json.loads(self._lines.get(timeout=PATIENCE)) for _ in range(count)]


def _interrupted(process: subprocess.Popen[str]) -> str:
    """SIGINT, then the process's stderr once it has ended."""
    process.send_signal(signal.SIGINT)
    process.wait(PATIENCE)
    assert process.stderr is not None
    return process.stderr.read()


def test_json_lines_of_a_call_s_life_then_sigint_ends_it_quietly(
    vbc_sandbox: Sandbox, vbc: Any
) -> None:
    with _watching(vbc_sandbox, "--format", "json") as process, vbc_sandbox.client() as actions:
        assert process.stdout is not None
        lines = _Lines(process.stdout)
        call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
        events = lines.take(1)
        vbc_sandbox.answer(call_id)
        events += lines.take(3)
        server = {"VBC_BASE_URL": vbc_sandbox.base_url, "VBC_TOKEN": vbc_sandbox.static_token}
        shown = vbc("calls", "get", call_id, "--format", "json", **server)
        leg_id = actions.legs.list("self", call_id)[0].leg_id
        actions.legs.hold("self", call_id, leg_id)
        events += lines.take(1)
        actions.legs.unhold("self", call_id, leg_id)
        events += lines.take(1)
        vbc_sandbox.hang_up(call_id)
        events += lines.take(1)
        stderr = _interrupted(process)

    assert process.returncode == 130
    assert stderr == ""
    assert_no_secret(stderr)
    assert all(list(event) == KEYS for event in events)
    assert [(e["type"], e["leg_id"], e["status"], e["previous_status"]) for e in events] == [
        ("call.added", None, "ringing", None),
        ("call.changed", None, "on-call", "ringing"),
        ("leg.changed", events[2]["leg_id"], "on-call", "ringing"),
        ("leg.changed", events[3]["leg_id"], "on-call", "ringing"),
        ("leg.changed", leg_id, "held", "on-call"),
        ("leg.changed", leg_id, "on-call", "held"),
        ("call.removed", None, None, "on-call"),
    ]
    assert {e["call_id"] for e in events} == {call_id}
    assert all(e["at"].endswith("Z") for e in events)
    (as_get_shows_it,) = shown.records()
    assert events[1]["call"] == as_get_shows_it


def test_on_a_terminal_a_table_is_redrawn_in_place_until_sigint(vbc_sandbox: Sandbox) -> None:
    call_id = vbc_sandbox.ring(from_=BOB, to=ALICE)
    leader, follower = pty.openpty()
    try:
        with _watching(vbc_sandbox, stdout=follower) as process:
            os.close(follower)
            follower = -1
            screen = _read_until(leader, [call_id, "ringing"])
            vbc_sandbox.answer(call_id)
            screen += _read_until(leader, ["on-call"])
            stderr = _interrupted(process)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert "Active calls of account self: 1" in screen
    assert "\x1b[" in screen  # drawn for a terminal: the cursor moves to redraw in place


def _read_until(fd: int, wanted: list[str]) -> str:
    """What the pty shows until every one of ``wanted`` has appeared in it."""
    seen = ""
    deadline = time.monotonic() + PATIENCE
    while not all(text in seen for text in wanted):
        left = deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"never shown: {wanted}; the screen: {seen[-2000:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            seen += os.read(fd, 65536).decode(errors="replace")
    return seen
