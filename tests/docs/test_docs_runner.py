"""The runner of the docs' examples can fail: a block that raises, a command that fails, a
project test that fails, a request off loopback or a fence without a language each fail the
page, naming the block; a block marked ``# live API:`` is not run but must compile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docs_examples import UnrunnableBlock, run_page

from vbc_telephony.testing import Sandbox

FENCE = "```"


def _page(tmp_path: Path, *blocks: tuple[str, str]) -> Path:
    text = "# A page\n\n" + "\n".join(f"{FENCE}{lang}\n{code}{FENCE}\n" for lang, code in blocks)
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def _run(page: Path, sandbox: Sandbox, pytester: pytest.Pytester, tmp_path: Path) -> list:
    workdir = tmp_path / "work"
    workdir.mkdir(parents=True)
    return run_page(page, sandbox, pytester, workdir)


LISTING = """import os
import vbc_telephony as vbc

with vbc.Telephony(auth=vbc.BearerToken(os.environ["VBC_TOKEN"])) as client:
    calls = list(client.calls.list("self", {argument}=5))
"""


def test_a_renamed_argument_fails_the_page(vbc_sandbox, pytester, tmp_path) -> None:
    _run(
        _page(tmp_path, ("python", LISTING.format(argument="max_items"))),
        vbc_sandbox,
        pytester,
        tmp_path,
    )
    page = _page(tmp_path, ("python", LISTING.format(argument="limit")))
    with pytest.raises(AssertionError, match=r"page.md:3: the example raised TypeError.*limit"):
        _run(page, vbc_sandbox, pytester, tmp_path / "again")


def test_a_live_block_is_not_run_but_must_compile(vbc_sandbox, pytester, tmp_path) -> None:
    live = "# live API: needs a real account\nraise SystemExit('run')\n"
    skipped = _run(_page(tmp_path, ("python", live)), vbc_sandbox, pytester, tmp_path)
    assert [block.live_reason for block in skipped] == ["needs a real account"]
    broken = _page(tmp_path, ("python", "# live API: needs a real account\ndef (:\n"))
    with pytest.raises(SyntaxError):
        _run(broken, vbc_sandbox, pytester, tmp_path / "again")


def test_a_fence_without_a_language_is_refused(vbc_sandbox, pytester, tmp_path) -> None:
    with pytest.raises(UnrunnableBlock, match="must name its language"):
        _run(_page(tmp_path, ("", "print(1)\n")), vbc_sandbox, pytester, tmp_path)


@pytest.mark.parametrize(
    ("commands", "error"),
    [
        ("$ false\n", "exited 1"),
        ("$ make no-such-target\n", "exited 2"),
        ("$ pip install '.[no-such-extra]'\n", "no such extra"),
        ("$ pip install requests\n", "install only vbc-telephony"),
        ("$ export VBC_TOKEN=not-the-sandbox\n$ test $VBC_TOKEN = sandbox-token\n", "exited 1"),
    ],
)
def test_a_failing_command_fails_the_page(commands, error, vbc_sandbox, pytester, tmp_path) -> None:
    page = _page(tmp_path, ("console", commands))
    with pytest.raises(AssertionError, match=re.escape(error)):
        _run(page, vbc_sandbox, pytester, tmp_path)


def test_commands_run_against_the_sandbox(vbc_sandbox, pytester, tmp_path) -> None:
    commands = (
        "$ export VBC_TOKEN=…   # a placeholder: the sandbox's token is kept\n"
        "$ test $VBC_TOKEN = sandbox-token\n"
        "$ make docs            # checked (make -n), not run\n"
        "$ pip install '.[sandbox]'\n"
        "$ vbc calls create --from extension:1001 --to pstn:15551234567 > call.json\n"
        "some output\n"
    )
    _run(_page(tmp_path, ("console", commands)), vbc_sandbox, pytester, tmp_path)
    assert '"call_id"' in (tmp_path / "work" / "call.json").read_text()
    assert len(vbc_sandbox.requests) == 1


def test_a_failing_project_test_fails_the_page(vbc_sandbox, pytester, tmp_path) -> None:
    code = "# myapp/numbers.py\ndef two():\n    return 3\n"
    tests = (
        "# tests/test_numbers.py\nfrom myapp.numbers import two\n\n\n"
        "def test_two():\n    assert two() == 2\n"
    )
    page = _page(tmp_path, ("python", code), ("python", tests))
    with pytest.raises(AssertionError, match=r"the tests of \S*page.md:\d+ did not pass"):
        _run(page, vbc_sandbox, pytester, tmp_path)


def test_an_example_cannot_reach_the_network(vbc_sandbox, pytester, tmp_path) -> None:
    page = _page(tmp_path, ("python", "import httpx\nhttpx.get('https://example.com/')\n"))
    with pytest.raises(AssertionError, match=r"sent a request to example\.com"):
        _run(page, vbc_sandbox, pytester, tmp_path)
