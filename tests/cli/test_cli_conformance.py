"""``vbc conformance``: schemathesis against a server, through the client's own auth. Clean
against the Prism mock; against a server that drifted from the spec, it fails and names the
operation and the field; read-only unless told; no secret in anything it writes."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass

import pytest
from cli_support import (
    SECRET_CLIENT_SECRET,
    SECRET_PASSWORD,
    SECRET_TOKEN,
    assert_no_secret,
    run_script,
)

from vbc_telephony._server.asgi import Receive, Scope, Send
from vbc_telephony._server.serving import BackgroundServer

# Its module-scoped fixture is costly: all its tests share one xdist worker, so it runs once.
pytestmark = pytest.mark.xdist_group("conformance")

GRANTED = "granted-access-token"


def _conformance(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_script("conformance", "--max-examples", "3", *args, timeout=300, **env)


class DriftedAPI:
    """The API as it might drift: ``from`` a boolean, calls without ``call_id``. It also
    issues tokens for the password grant, and records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str | None]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope["headers"])
        authorization = headers.get(b"authorization", b"").decode() or None
        self.requests.append((scope["method"], scope["path"], authorization))
        path = scope["path"]
        if path == "/token":
            status, body = 200, {"access_token": GRANTED, "expires_in": 3600}
        elif authorization != f"Bearer {GRANTED}":
            status, body = 401, {"code": "900901", "message": "Invalid Credentials"}
        elif path.endswith("/calls"):
            status, body = 200, {"calls": [{"status": "ringing"}], "current_page": 1, "pages": 1}
        elif "/calls/" in path and "/legs" not in path:
            status, body = 200, {"call_id": "c1", "from": True}
        else:
            status, body = 404, {"code": "404", "message": "No matching resource"}
        data = json.dumps(body).encode()
        response_headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(data)),
        ]
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": data})


PASSWORD_GRANT = {
    "VBC_USERNAME": "alice",
    "VBC_PASSWORD": SECRET_PASSWORD,
    "VBC_CLIENT_ID": "client",
    "VBC_CLIENT_SECRET": SECRET_CLIENT_SECRET,
}


def test_the_prism_mock_conforms(prism, tmp_path):
    report, junit = tmp_path / "report.md", tmp_path / "junit.xml"
    done = _conformance(
        "--base-url", prism.base_url, "--report", str(report), "--junit-xml", str(junit),
        "--phases", "examples,fuzzing", VBC_TOKEN=SECRET_TOKEN,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "0 finding(s)" in done.stderr
    assert "No findings." in report.read_text()
    assert "<testsuite" in junit.read_text()
    for written in (report, junit):
        assert_no_secret(written.read_text())


@dataclass(frozen=True)
class DriftedRun:
    done: subprocess.CompletedProcess[str]
    requests: list[tuple[str, str, str | None]]
    report: str


@pytest.fixture(scope="module")
def drifted_run(tmp_path_factory: pytest.TempPathFactory) -> DriftedRun:
    """One read-only run against the drifted API, with the password grant and a report."""
    report = tmp_path_factory.mktemp("conformance") / "report.md"
    api = DriftedAPI()
    with BackgroundServer(api, "127.0.0.1") as server:
        done = _conformance(
            "--base-url", server.base_url, "--report", str(report),
            VBC_TOKEN_URL=f"{server.base_url}/token", **PASSWORD_GRANT,
        )  # fmt: skip
    return DriftedRun(done, api.requests, report.read_text())


def test_a_drifted_server_fails_naming_the_operation_and_the_field(drifted_run):
    done = drifted_run.done
    assert done.returncode == 1
    findings = [line for line in done.stderr.splitlines() if line.startswith("vbc: finding: ")]
    call = "GET /cc/accounts/{account_id}/calls/{call_id}"
    assert any(f"{call}: response_schema_conformance at from:" in line for line in findings)
    assert any(
        "GET /cc/accounts/{account_id}/calls: response_schema_conformance at calls/0:" in line
        and "call_id" in line
        for line in findings
    ), done.stderr
    assert f"| {call} | response_schema_conformance | from |" in drifted_run.report
    assert_no_secret(drifted_run.report)


def test_it_authenticates_through_the_clients_password_grant(drifted_run):
    requests = drifted_run.requests
    token_requests = [r for r in requests if r[1] == "/token"]
    # schemathesis's own probe of what the server supports carries no credentials.
    api_requests = [r for r in requests if r[1] != "/token" and "schemathesis-probe" not in r[1]]
    assert 1 <= len(token_requests) <= 3  # fetched once, renewed at most when schemathesis asks
    assert api_requests
    assert all(authorization == f"Bearer {GRANTED}" for *_, authorization in api_requests)


def test_it_is_read_only_unless_writes_are_allowed(drifted_run):
    assert {method for method, path, _ in drifted_run.requests if path != "/token"} == {"GET"}
    api = DriftedAPI()
    with BackgroundServer(api, "127.0.0.1") as server:
        done = _conformance(
            "--base-url",
            server.base_url,
            "--allow-writes",
            "--phases",
            "examples",
            VBC_TOKEN=GRANTED,
        )
    assert "REAL calls" in done.stderr
    assert {method for method, *_ in api.requests} > {"GET"}


def test_without_credentials_it_is_a_usage_error():
    done = _conformance("--base-url", "http://127.0.0.1:9")
    assert done.returncode == 2
    assert "no credentials" in done.stderr
