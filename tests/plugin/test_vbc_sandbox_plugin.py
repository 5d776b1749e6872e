"""The ``vbc_sandbox`` fixture as its users meet it: a project in a temporary directory, with
no conftest, tests its retry handling and its call flow against the sandbox; each test starts
from the same state; the server is one for the session and stops with it; without the extra,
the tests fail at once naming the install command.

The inner pytest session runs in-process, as in test_vbc_mock_plugin.py.
"""

from __future__ import annotations

import httpx
import pytest

USER_CODE = '''
import vbc_telephony as vbc


def dial(client: vbc.Telephony, extension: str, number: str) -> str:
    """Place a call from an extension to a phone number; its id."""
    return client.calls.create(
        "self", from_=vbc.Contact.extension(extension), to=vbc.Contact.pstn(number)
    )


def hold_everyone(client: vbc.Telephony, call_id: str) -> list[str]:
    """Hold every leg of a call; the legs' states afterwards."""
    for leg in client.legs.list("self", call_id):
        client.legs.hold("self", call_id, leg.leg_id)
    return [leg.status for leg in client.legs.list("self", call_id)]
'''

USER_TESTS = """
from pathlib import Path

import pytest
import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

from phonebook import dial, hold_everyone


def dials(sandbox: Sandbox) -> list[int | None]:
    # The statuses the sandbox answered to call-placing requests (None: dropped).
    calls = [r for r in sandbox.requests if r.method == "POST" and r.path.endswith("/calls")]
    return [r.status for r in calls]


def test_a_call_is_placed_answered_and_held(vbc_sandbox: Sandbox):
    with vbc_sandbox.client() as client:
        call_id = dial(client, "1001", "15551234567")
        assert [call.call_id for call in client.calls.list("self")] == [call_id]
        vbc_sandbox.answer(call_id)
        assert hold_everyone(client, call_id) == ["held", "held"]
    Path("sandbox-url.txt").write_text(vbc_sandbox.server_url)


def test_each_test_starts_from_the_seeded_state(vbc_sandbox):
    with vbc_sandbox.client() as client:
        assert list(client.calls.list("self")) == []


def test_throttling_is_retried(vbc_sandbox):
    vbc_sandbox.fail("POST", "/cc/accounts/*/calls", status=429, retry_after=0, count=2)
    with vbc_sandbox.client(max_retries=2) as client:
        dial(client, "1001", "15551234567")
    assert dials(vbc_sandbox) == [429, 429, 200]


def test_a_dropped_dial_is_not_repeated(vbc_sandbox):
    vbc_sandbox.fail("POST", "/cc/accounts/*/calls", drop=True)
    with vbc_sandbox.client() as client, pytest.raises(vbc.APIConnectionError):
        dial(client, "1001", "15551234567")
    assert dials(vbc_sandbox) == [None]


@pytest.mark.anyio
async def test_async(vbc_sandbox):
    async with vbc_sandbox.async_client() as client:
        assert [device async for device in client.devices.list("self")]
"""


def _project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(phonebook=USER_CODE, test_phonebook=USER_TESTS)


def test_a_users_project_tests_its_code_against_vbc_sandbox(pytester: pytest.Pytester) -> None:
    _project(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)
    server_url = (pytester.path / "sandbox-url.txt").read_text()
    assert server_url.startswith("http://127.0.0.1:")
    with pytest.raises(httpx.ConnectError):  # stopped with the session
        httpx.get(server_url, timeout=2.0)


def test_without_the_extra_the_tests_fail_at_once_saying_why(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(pytester)
    monkeypatch.setitem(__import__("sys").modules, "jsonschema_rs", None)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=5)
    result.stdout.fnmatch_lines(
        ["*vbc_sandbox could not start the sandbox: the sandbox needs its extra: pip install *"]
    )
    result.stdout.no_fnmatch_line("*Traceback*")
