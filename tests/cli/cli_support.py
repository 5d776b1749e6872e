"""What the CLI's tests share: made-up servers, secret markers, the result of a run, and
the installed ``vbc`` script run in a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The installed script, beside this interpreter.
VBC = str(Path(sys.executable).with_name("vbc"))

API = "https://api.test/t/vbc.prod/telephony/v3"
TOKEN_URL = "https://auth.test/token"

SECRET_TOKEN = "tok-SECRET-7f3a19"
SECRET_PASSWORD = "pw-SECRET-91bc02"
SECRET_CLIENT_SECRET = "cs-SECRET-44d0e7"
SECRETS = (SECRET_TOKEN, SECRET_PASSWORD, SECRET_CLIENT_SECRET)

PASSWORD_GRANT_ENV = {
    "VBC_USERNAME": "alice",
    "VBC_PASSWORD": SECRET_PASSWORD,
    "VBC_CLIENT_ID": "client-1",
    "VBC_CLIENT_SECRET": SECRET_CLIENT_SECRET,
    "VBC_TOKEN_URL": TOKEN_URL,
}


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    # What ended the command, if it raised (a bug: the script prints its traceback).
    exception: BaseException | None = None

    def records(self) -> list[dict[str, Any]]:
        """stdout as JSON lines."""
        return [json.loads(line) for line in self.stdout.splitlines()]


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def script_env(**values: str) -> dict[str, str]:
    """This process's environment without any VBC_* variable, plus ``values``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("VBC_")}
    return {**env, **values}


def run_script(*args: str, timeout: float, **env: str) -> subprocess.CompletedProcess[str]:
    """``vbc *args`` in a real process, with only ``env`` as its VBC_* environment; no
    secret may appear in what it prints."""
    done = subprocess.run(
        [VBC, *args],
        env=script_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert_no_secret(done.stdout, done.stderr)
    return done
