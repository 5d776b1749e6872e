"""How commands fail: API errors exit 1 with one line (status, code, message), usage errors
exit 2 before anything is sent, Ctrl-C exits 130; never a traceback, never a secret.

The API here is respx; any request a test did not expect fails it. The fixtures check
every run's output for the secret markers as well.
"""

from __future__ import annotations

import httpx
import pytest
import respx
from cli_support import (
    API,
    PASSWORD_GRANT_ENV,
    SECRET_TOKEN,
    TOKEN_URL,
    assert_no_secret,
    run_script,
)

CALL_PATH = "/cc/accounts/self/calls/c1"
LEG_PATH = f"{CALL_PATH}/legs/l1"


@pytest.fixture
def api():
    with respx.mock(base_url=API) as router:
        yield router


def _one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("vbc: error: ")
    return lines[0].removeprefix("vbc: error: ")


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            404,
            {"code": "404", "message": "Call not found"},
            "404 Not Found [code 404]: Call not found",
        ),
        (
            401,
            {"code": "900901", "message": "Invalid Credentials", "description": "Access failure"},
            "401 Unauthorized [code 900901]: Invalid Credentials",
        ),
        (
            403,
            {"code": 403, "message": "Not your account"},
            "403 Forbidden [code 403]: Not your account",
        ),
        (400, {"message": "bad\n  state"}, "400 Bad Request: bad state"),
    ],
)
def test_an_api_error_is_one_line_with_status_code_and_message(on_api, api, status, body, expected):
    api.get(CALL_PATH).respond(status, json=body)
    run = on_api("calls", "get", "c1")
    assert (run.exit_code, run.stdout) == (1, "")
    assert _one_error_line(run.stderr) == expected


def test_an_html_error_page_still_makes_one_readable_line(on_api, api):
    api.put(LEG_PATH).respond(500, html="<html><body><h1>Internal\nError</h1></body></html>")
    run = on_api("legs", "hold", "c1", "l1")
    assert run.exit_code == 1
    line = _one_error_line(run.stderr)
    assert line.startswith("500 Internal Server Error: ")
    assert "Internal Error" in line


def test_a_conflict_on_a_leg_action_exits_1(on_api, api):
    api.put(LEG_PATH).respond(409, json={"code": "409", "message": "Leg is not on hold"})
    run = on_api("legs", "unhold", "c1", "l1")
    assert (run.exit_code, _one_error_line(run.stderr)) == (
        1,
        "409 Conflict [code 409]: Leg is not on hold",
    )


def test_a_timed_out_call_placement_fails_once_and_is_not_sent_again(on_api, api):
    route = api.post("/cc/accounts/self/calls").mock(side_effect=httpx.ReadTimeout("slow"))
    run = on_api("calls", "create", "--from", "extension:1", "--to", "pstn:15551234567")
    assert run.exit_code == 1
    assert "timed out" in _one_error_line(run.stderr)
    assert route.call_count == 1


def test_an_unusable_success_body_exits_1(on_api, api):
    api.get(CALL_PATH).respond(
        200, text='{"call_id": "c1", "legs": [', headers={"Content-Type": "application/json"}
    )
    run = on_api("calls", "get", "c1")
    assert run.exit_code == 1
    assert "does not match the spec" in _one_error_line(run.stderr)


# As typed; none of the arguments contains a space.
USAGE_ERRORS = {
    "missing argument": "calls get",
    "unknown option": "calls list --colour",
    "unknown command": "calls ring",
    "bad choice": "calls list --order sideways",
    "bad format": "devices list --format xml",
    "bad time": "calls list --since yesterday",
    "page size below 1": "calls list --page-size 0",
    "contact without type": "calls create --from 1234 --to pstn:1",
    "contact type the operation does not take": "calls create --from pstn:1 --to pstn:2",
    "bad DTMF digits": "legs dtmf c1 l1 12x",
    "audio URL that is not http(s)": "legs play c1 l1 file:///etc/passwd",
    "missing --service": "legs record c1 l1",
    "start after end": "calls list --since 200 --until 100",
    "id that is a path": "calls get ..",
    "--mock with --base-url": "--mock --base-url http://127.0.0.1:1 calls list",
}


@pytest.mark.parametrize("args", USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_exit_2_and_send_nothing(on_api, api, args):
    run = on_api(*args.split())
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.strip()
    assert "Traceback" not in run.stderr
    assert not api.calls


def test_no_credentials_is_a_usage_error_that_says_how_to_give_them(vbc):
    run = vbc("--base-url", API, "calls", "list")
    assert run.exit_code == 2
    assert "VBC_TOKEN" in _one_error_line(run.stderr)


def test_a_partial_password_grant_is_a_usage_error(vbc):
    run = vbc("calls", "list", VBC_BASE_URL=API, VBC_USERNAME="alice")
    assert run.exit_code == 2
    assert "VBC_PASSWORD, VBC_CLIENT_ID, VBC_CLIENT_SECRET" in _one_error_line(run.stderr)


def test_a_malformed_token_is_a_usage_error_that_names_the_variable_only(vbc):
    run = vbc("calls", "list", VBC_BASE_URL=API, VBC_TOKEN=f"{SECRET_TOKEN} \n")
    assert run.exit_code == 2
    assert _one_error_line(run.stderr).startswith("VBC_TOKEN: ")


def test_a_token_is_never_sent_over_plain_http_to_another_host(vbc):
    run = vbc("calls", "list", VBC_BASE_URL="http://api.test/v3", VBC_TOKEN=SECRET_TOKEN)
    assert run.exit_code == 2
    assert "refusing to send the bearer token" in _one_error_line(run.stderr)


@pytest.mark.parametrize(
    ("where", "bug", "call_id"),
    [
        ("vbc_telephony.cli._output.show", ValueError("a bug of ours, not the user's"), "c1"),
        ("vbc_telephony.cli._output.show", TypeError("a bug of ours"), "c1"),
        # An id that is not a str takes the slow path, through required_id.
        ("vbc_telephony._models.required_id", ValueError("a bug in a converter"), True),
    ],
    ids=["ValueError in the CLI", "TypeError in the CLI", "ValueError in the client"],
)
def test_a_bug_of_ours_surfaces_as_itself_not_as_a_usage_error(
    on_api, api, monkeypatch, where, bug, call_id
):
    def broken(*args: object, **kwargs: object) -> None:
        raise bug

    monkeypatch.setattr(where, broken)
    api.get(CALL_PATH).respond(200, json={"call_id": call_id})
    run = on_api("calls", "get", "c1")
    assert run.exit_code == 1
    assert run.exception is bug  # CliRunner keeps it: the script would print its traceback


def test_a_bug_shows_its_traceback_in_the_installed_script(tmp_path):
    # A sitecustomize breaks the command's output the way a bug of ours would.
    (tmp_path / "sitecustomize.py").write_text(
        "import vbc_telephony.cli._output as output\n"
        "def broken(*args, **kwargs):\n    raise ValueError('a bug of ours')\n"
        "output.show = broken\n"
    )
    done = run_script(
        "calls",
        "list",
        timeout=60,
        PYTHONPATH=str(tmp_path),
        VBC_BASE_URL="http://127.0.0.1:9",  # nothing is sent: the bug comes first
        VBC_TOKEN=SECRET_TOKEN,
    )
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert done.stderr.rstrip().endswith("ValueError: a bug of ours")


def _interrupt(request: httpx.Request) -> httpx.Response:
    raise KeyboardInterrupt


def test_ctrl_c_exits_130_without_a_traceback(on_api):
    # respx records no call that ended in a KeyboardInterrupt: don't ask it to.
    with respx.mock(base_url=API, assert_all_called=False) as api:
        api.get("/cc/accounts/self/calls").mock(side_effect=_interrupt)
        run = on_api("calls", "list")
    assert run.exit_code == 130
    assert "Traceback" not in run.stderr + run.stdout


def _token_answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200,
        json={"access_token": "granted-1", "refresh_token": "r-1", "expires_in": 86400},
    )


def test_the_password_grant_fetches_a_token_at_the_token_url_and_uses_it(vbc, api):
    token = api.post(TOKEN_URL).mock(side_effect=_token_answer)
    calls = api.get(CALL_PATH).respond(404, json={"code": "404", "message": "gone"})
    run = vbc("-v", "calls", "get", "c1", VBC_BASE_URL=API, **PASSWORD_GRANT_ENV)
    assert run.exit_code == 1
    form = dict(httpx.QueryParams(token.calls.last.request.content.decode()))
    assert form["username"] == "alice@vbc.prod"
    assert calls.calls.last.request.headers["Authorization"] == "Bearer granted-1"
    assert "granted-1" not in run.stderr


def test_a_refused_password_grant_exits_1_and_shows_no_secret(vbc, api):
    api.post(TOKEN_URL).respond(401, json={"error": "invalid_grant"})
    run = vbc("-v", "calls", "list", VBC_BASE_URL=API, **PASSWORD_GRANT_ENV)
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-1].startswith("vbc: error: 401")
    assert [call.request.url.host for call in api.calls] == ["auth.test"]


def test_verbose_logs_each_request_without_the_token(on_api, api):
    api.get(CALL_PATH).respond(404, json={"code": "404", "message": "gone"})
    run = on_api("--verbose", "calls", "get", "c1")
    assert run.exit_code == 1
    log, error = run.stderr.splitlines()
    assert log.startswith("vbc: GET /t/vbc.prod/telephony/v3/cc/accounts/self/calls/c1 -> 404")
    assert error.startswith("vbc: error: 404")


SECRET_SCENARIOS = {
    "success, verbose": (200, "-v calls list", 0),
    "API refuses the token": (401, "-v calls list", 1),
    "server error": (500, "calls list", 1),
    "usage error": (200, "calls list --since never", 2),
    "client refuses an argument": (200, "legs dtmf c1 l1 xyz", 2),
}


@pytest.mark.parametrize(
    ("status", "command", "exit_code"), SECRET_SCENARIOS.values(), ids=SECRET_SCENARIOS.keys()
)
def test_no_secret_is_ever_printed(vbc, status, command, exit_code):
    env = {**PASSWORD_GRANT_ENV, "VBC_TOKEN": SECRET_TOKEN, "VBC_BASE_URL": API}
    body = {"calls": [], "current_page": 1, "pages": 1} if status == 200 else {"message": "no"}
    with respx.mock(base_url=API, assert_all_called=False) as api:
        api.get("/cc/accounts/self/calls").respond(status, json=body)
        run = vbc(*command.split(), **env)
    assert run.exit_code == exit_code
    assert_no_secret(run.stdout, run.stderr)


SANDBOX_SETTINGS = {
    "answer-after not a number": (["--answer-after", "nan"], "answer_after must be seconds"),
    "answer-after for ever": (["--answer-after", "inf"], "answer_after must be seconds"),
    "ended-visible-for not a number": (
        ["--ended-visible-for", "nan"],
        "ended_visible_for must be seconds",
    ),
    "unanswered-after not a number": (
        ["--unanswered-after", "nan"],
        "unanswered_after must be seconds",
    ),
    "account-id self": (["--account-id", "self"], "account_id must be an account's id"),
    "account-id a path": (["--account-id", "a/b"], "account_id must be an account's id"),
    "empty username": (["--username", " "], "username must not be empty"),
    "devices past the cap": (["--devices", "100000000"], "not in the range 0<=x<=10000"),
}


@pytest.mark.parametrize(("args", "says"), SANDBOX_SETTINGS.values(), ids=SANDBOX_SETTINGS.keys())
def test_sandbox_settings_it_cannot_keep_are_usage_errors_before_it_serves(
    vbc, monkeypatch, args, says
):
    import vbc_telephony.sandbox

    monkeypatch.setattr(vbc_telephony.sandbox, "serve", lambda *_, **__: pytest.fail("served"))
    run = vbc("sandbox", *args)
    assert run.exit_code == 2
    assert says in run.stderr
    assert "Traceback" not in run.stderr
