"""What a new user reaches for first: ``--version``, a default account, ``--timeout`` and
``--max-retries``, shell completion, readable usage lines, and output that may go nowhere."""

from __future__ import annotations

import os
import subprocess
from importlib.metadata import version

import httpx
import pytest
import respx
from cli_support import API, VBC, run_script
from spec_tools import spec

PAGE = {"calls": [], "current_page": 1, "pages": 1, "page_size": 100, "next_page_uri": None}


@pytest.fixture
def api():
    with respx.mock(base_url=API) as router:
        yield router


def _script(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_script(*args, timeout=60, **env)


def test_version_names_the_package_and_the_spec_it_was_built_from(vbc):
    run = vbc("--version")
    assert run.exit_code == 0
    spec_version = spec()["info"]["version"]
    assert run.stdout.strip() == (
        f"vbc-telephony {version('vbc-telephony')}"
        f" (Vonage Business Telephony API v3, spec {spec_version})"
    )


@pytest.mark.parametrize(
    ("args", "env", "account"),
    [
        ((), {}, "self"),
        ((), {"VBC_ACCOUNT": "4321"}, "4321"),
        (("--account", "987"), {"VBC_ACCOUNT": "4321"}, "987"),
        (("-a", "555"), {}, "555"),
    ],
    ids=["default self", "VBC_ACCOUNT", "--account beats the environment", "-a"],
)
def test_the_account_defaults_to_self_or_vbc_account(on_api, api, args, env, account):
    route = api.get(f"/cc/accounts/{account}/calls").respond(json=PAGE)
    run = on_api("calls", "list", *args, **env)
    assert run.exit_code == 0, run.stderr
    assert route.call_count == 1


def test_every_command_takes_the_account_as_an_option(on_api, api):
    route = api.put("/cc/accounts/77/calls/c1/legs/l1").respond(json={"leg_id": "l1"})
    run = on_api("legs", "hold", "c1", "l1", "--account", "77")
    assert run.exit_code == 0, run.stderr
    assert route.call_count == 1


def test_timeout_applies_to_every_request(on_api, api):
    route = api.get("/cc/accounts/self/calls/c1").mock(side_effect=httpx.ReadTimeout("slow"))
    run = on_api("--timeout", "0.5", "--max-retries", "0", "calls", "get", "c1")
    assert run.exit_code == 1
    assert "timed out" in run.stderr
    assert route.call_count == 1
    assert route.calls.last.request.extensions["timeout"]["read"] == 0.5


@pytest.mark.parametrize(("retries", "attempts"), [("0", 1), ("3", 4)])
def test_max_retries_bounds_the_attempts(on_api, api, retries, attempts, monkeypatch):
    monkeypatch.setattr("vbc_telephony._retry.time.sleep", lambda seconds: None)
    route = api.get("/cc/accounts/self/calls/c1").respond(503)
    run = on_api("--max-retries", retries, "calls", "get", "c1")
    assert run.exit_code == 1
    assert route.call_count == attempts


@pytest.mark.parametrize(
    "args",
    [("--timeout", "0"), ("--timeout", "soon"), ("--max-retries", "-1")],
    ids=lambda args: " ".join(args),
)
def test_bad_timeouts_and_retries_are_usage_errors(on_api, api, args):
    run = on_api(*args, "calls", "get", "c1")
    assert run.exit_code == 2
    assert not api.calls


def test_retry_waits_are_shown_on_stderr(on_api, api, monkeypatch):
    monkeypatch.setattr("vbc_telephony._retry.time.sleep", lambda seconds: None)
    api.get("/cc/accounts/self/calls/c1").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json={"call_id": "c1"})]
    )
    run = on_api("calls", "get", "c1")
    assert run.exit_code == 0
    assert "503 Service Unavailable; retrying in" in run.stderr


def test_usage_lines_name_arguments_plainly(vbc):
    run = vbc("legs", "record", "--help")
    usage = next(line for line in run.stdout.splitlines() if "Usage:" in line)
    assert usage.split() == ["Usage:", "vbc", "legs", "record", "[OPTIONS]", "CALL_ID", "LEG_ID"]


def test_completion_completes_commands_and_options():
    env = {"_VBC_COMPLETE": "complete_bash", "COMP_WORDS": "vbc ca", "COMP_CWORD": "1"}
    assert _script(**env).stdout.split() == ["calls"]
    env = {
        "_VBC_COMPLETE": "complete_bash",
        "COMP_WORDS": "vbc calls list --ord",
        "COMP_CWORD": "3",
    }
    assert _script(**env).stdout.split() == ["--order"]


def test_install_completion_writes_the_shell_script(tmp_path):
    done = _script("--install-completion", "bash", HOME=str(tmp_path), SHELL="/bin/bash")
    assert done.returncode == 0, done.stderr
    installed = (tmp_path / ".bash_completions" / "vbc.sh").read_text()
    assert "_VBC_COMPLETE" in installed
    assert ".bash_completions/vbc.sh" in (tmp_path / ".bashrc").read_text()


def test_a_token_that_is_not_printable_ascii_is_refused_before_sending(vbc, api):
    run = vbc("calls", "list", VBC_BASE_URL=API, VBC_TOKEN="tøken-ü")
    assert run.exit_code == 2
    assert "VBC_TOKEN" in run.stderr
    assert "printable ASCII" in run.stderr
    assert not api.calls


def test_output_to_a_full_device_is_one_error_line():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [VBC, "--version"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "vbc: error: cannot write the output: No space left on device"
    ]


def test_a_reader_that_has_gone_ends_the_command_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `vbc … | head` once head has exited
    try:
        done = subprocess.run(
            [VBC, "--version"], stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")
