"""``make demo``: a narrated session with the ``vbc`` CLI against the local sandbox.

Starts the sandbox (a stateful server of the API, in this process) once, runs the installed
``vbc`` command as a person would type it (with ``-v``, so each step also shows the HTTP
request it sent), prints what each step did and what came back, stops the sandbox and exits
0; any failing step ends the demo with its error. The sandbox keeps state, so the call the
demo places shows up in the list, rings, is answered, held and hung up, and is then gone.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from vbc_telephony.testing import Sandbox, SandboxConfig, SandboxUnavailableError

VBC = Path(sys.executable).with_name("vbc")
STEP_TIMEOUT = 60


class StepFailed(Exception):
    pass


def say(text: str) -> None:
    print(text, flush=True)


def indented(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.rstrip("\n").splitlines())


class Session:
    """Runs numbered steps with the CLI against one sandbox."""

    def __init__(self, base_url: str, token: str) -> None:
        # Only the demo's settings: a user's own VBC_* variables must not leak into it.
        self.env = {
            name: value for name, value in os.environ.items() if not name.startswith("VBC_")
        }
        self.env.update(VBC_BASE_URL=base_url, VBC_TOKEN=token)
        # Tables fit the terminal the demo runs in, less the indent; in a log, whole rows.
        if sys.stdout.isatty():
            self.env["COLUMNS"] = str(max(60, shutil.get_terminal_size().columns - 4))
        self.number = 0

    def step(self, title: str, what: str, command: str) -> str:
        """Run ``vbc -v COMMAND``; print it, the requests it sent and its output.

        ``command`` is split on spaces: none of the demo's arguments contains one.
        """
        args = command.split()
        self.number += 1
        say(f"\n{self.number}. {title}")
        say(indented(what, "   "))
        say(f"   $ vbc -v {shlex.join(args)}")
        done = subprocess.run(
            [str(VBC), "-v", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
        for line in done.stderr.splitlines():
            say(f"   → {line.removeprefix('vbc: ')}")
        if done.stdout.strip():
            say(indented(done.stdout))
        if done.returncode != 0:
            raise StepFailed(f"step {self.number} exited with {done.returncode}")
        return done.stdout


def first_record(json_lines: str) -> dict[str, object]:
    return dict(json.loads(json_lines.splitlines()[0]))


def main() -> int:
    say("vbc demo: the Vonage Business Telephony API v3 client against its local sandbox")
    say("Starting the sandbox (the API's calls, legs and devices, kept in memory)…")
    started = time.monotonic()
    try:
        with Sandbox(SandboxConfig(seed=1)) as sandbox:
            assert sandbox.static_token is not None, "the demo's sandbox keeps its static token"
            say(f"Sandbox ready on {sandbox.base_url} in {time.monotonic() - started:.1f} s")
            run(Session(sandbox.base_url, sandbox.static_token))
        say("\nStopped the sandbox. Next: `vbc --help`, `make sandbox` to serve it for your")
        say("app, `make test` to run the test suite.")
    except (SandboxUnavailableError, StepFailed) as exc:
        say(f"\ndemo failed: {exc}")
        return 1
    say(f"Demo done in {time.monotonic() - started:.1f} s.")
    return 0


def run(session: Session) -> None:
    session.step(
        "List the active calls",
        "Every page of the account's active calls, as a table: none yet.",
        "calls list --format table",
    )
    created = session.step(
        "Place a call",
        "Extension 1001 calls 1 555 123 4567 (click-to-dial). The answer is the new call's id;\n"
        "piped, the CLI prints JSON lines for scripts.",
        "calls create --from extension:1001 --to pstn:15551234567 --type click2dial",
    )
    call_id = str(first_record(created)["call_id"])
    session.step(
        "List the active calls again",
        "The new call is there, ringing.",
        "calls list --format table",
    )
    session.step(
        "Answer it",
        "The call is picked up on device 2001: it is on-call now.",
        f"calls answer {call_id} --to device:2001",
    )
    legs = session.step(
        "List the call's legs",
        "Each participant of the call is a leg; the next steps act on the first one.",
        f"legs list {call_id}",
    )
    leg = f"{call_id} {first_record(legs)['leg_id']}"
    session.step(
        "Hold the leg", "The caller hears hold music: the leg is held.", f"legs hold {leg}"
    )
    session.step(
        "Take the leg off hold", "Back to the conversation: on-call again.", f"legs unhold {leg}"
    )
    session.step(
        "Send DTMF",
        "Tones 1, 2, 3 and # on the leg, as if dialled on its keypad.",
        f"legs dtmf {leg} 123#",
    )
    session.step("Hang up", "The call and every leg of it end.", f"calls hangup {call_id}")
    session.step(
        "List the active calls",
        "The call is gone.",
        "calls list --format table",
    )
    session.step(
        "List the devices",
        "The account's phones and their registration state, as CSV.",
        "devices list --format csv",
    )


if __name__ == "__main__":
    sys.exit(main())
