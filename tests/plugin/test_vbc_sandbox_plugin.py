"""The ``vbc_sandbox`` fixture as its users meet it: a project in a temporary directory, with
no conftest, tests its retry handling and its call flow against the sandbox (the example of
docs/testing-sandbox.md, word for word); each test starts from the same state; the server is
one for the session and stops with it; without the extra, the tests fail at once naming the
install command.

The inner pytest session runs in-process, as in test_vbc_mock_plugin.py.
"""

from __future__ import annotations

import sys

import httpx
import loopback
import pytest
from docs_examples import ROOT, blocks

PAGE = ROOT / "docs" / "testing-sandbox.md"


def _docs_file(path: str) -> str:
    """The page's example file ``path`` (a block whose first line names it)."""
    (block,) = [block for block in blocks(PAGE) if block.file_path == path]
    return block.code


USER_TESTS = """
from pathlib import Path


def test_each_test_starts_from_the_seeded_state(vbc_sandbox):
    with vbc_sandbox.client() as client:
        assert list(client.calls.list("self")) == []
    Path("sandbox-url.txt").write_text(vbc_sandbox.server_url)


async def _devices(vbc_sandbox):
    async with vbc_sandbox.async_client() as client:
        return [device async for device in client.devices.list("self")]


def test_async(vbc_sandbox):
    import asyncio

    assert len(asyncio.run(_devices(vbc_sandbox))) == 3
"""


def _project(pytester: pytest.Pytester) -> None:
    pytester.mkpydir("myapp")
    pytester.makepyfile(
        **{
            "myapp/dialer": _docs_file("myapp/dialer.py"),
            "test_dialer": _docs_file("tests/test_dialer.py"),
            "test_more": USER_TESTS,
        }
    )


def test_a_users_project_tests_its_code_against_vbc_sandbox(pytester: pytest.Pytester) -> None:
    _project(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["test_dialer.py ...*", "test_more.py ..*"])
    server_url = (pytester.path / "sandbox-url.txt").read_text()
    assert server_url.startswith("http://127.0.0.1:")
    with pytest.raises(httpx.ConnectError):  # stopped with the session
        loopback.get(server_url, timeout=2.0)


def test_without_the_extra_the_tests_fail_at_once_saying_why(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(pytester)
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)
    # Nor has such a user schemathesis, which needs jsonschema_rs too (its plugin would not load).
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:schemathesis")
    result.assert_outcomes(errors=5)
    result.stdout.fnmatch_lines(
        ["*vbc_sandbox could not start the sandbox: the sandbox needs its extra: pip install *"]
    )
    result.stdout.no_fnmatch_line("*Traceback*")
