"""The pytest plugin as its users meet it: a project in a temporary directory, with no
conftest and no copy of the spec, asks for ``vbc_mock`` and its tests pass; without Node.js
they fail at once with a clear message.

The inner pytest session loads its plugins from the installed entry points, as in a user's
project (it runs in-process only because a fresh interpreter spends seconds importing the
other plugins installed here).
"""

from __future__ import annotations

import json

import httpx
import loopback
import pytest
from prism_tools import assert_prism_is_gone

# A user's code, and its tests against the mock, sync and async.
USER_CODE = '''
import vbc_telephony as vbc


def busy_extensions(client: vbc.Telephony, account: str = "self") -> set[str]:
    """The extensions that are on a call right now."""
    return {call.to for call in client.calls.list(account) if call.status == "on-call"}


async def leg_count(client: vbc.AsyncTelephony, account: str, call_id: str) -> int:
    return len(await client.legs.list(account, call_id))
'''

USER_TESTS = """
import json
from pathlib import Path

import httpx
import pytest

from vbc_telephony.testing.pytest_plugin import VBCMock
from callreport import busy_extensions, leg_count


def test_busy_extensions(vbc_mock: VBCMock):
    with vbc_mock.client() as client:
        assert busy_extensions(client) == {"1001"}


def test_the_mock_is_on_loopback_and_wants_a_token(vbc_mock):
    assert vbc_mock.base_url.startswith("http://127.0.0.1:")
    assert httpx.get(vbc_mock.base_url + "/cc/accounts/self/calls").status_code == 401
    # For the test of this project: where the guard and Prism were, and Prism's process.
    mock = vbc_mock._mock
    Path("mock.json").write_text(json.dumps([vbc_mock.base_url, mock.prism_url, mock.prism_pid]))


@pytest.mark.anyio
async def test_leg_count(vbc_mock):
    async with vbc_mock.async_client() as client:
        assert await leg_count(client, "self", "3fa85f64-5717-4562-b3fc-2c963f66afa6") == 1
"""


def _project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(callreport=USER_CODE, test_callreport=USER_TESTS)


def test_a_users_project_tests_its_code_against_vbc_mock(pytester):
    _project(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["plugins:*vbc-telephony-*"])  # found by its entry point
    # Stopped with the session: the guard, Prism's port and Prism's whole process group.
    mock_url, prism_url, prism_pid = json.loads((pytester.path / "mock.json").read_text())
    with pytest.raises(httpx.ConnectError):
        loopback.get(mock_url, timeout=2.0)
    assert_prism_is_gone(prism_pid, prism_url)


def test_without_node_the_tests_fail_at_once_saying_why(pytester, monkeypatch):
    _project(pytester)
    monkeypatch.setenv("PATH", str(pytester.mkdir("empty-bin")))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(["*vbc_mock could not start the Prism mock*npx* was not found*"])
    result.stdout.no_fnmatch_line("*Traceback*")
