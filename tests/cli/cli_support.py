"""What the CLI's tests share: made-up servers, secret markers, and the result of a run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

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

    def records(self) -> list[dict[str, Any]]:
        """stdout as JSON lines."""
        return [json.loads(line) for line in self.stdout.splitlines()]


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
