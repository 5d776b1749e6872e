"""``pip install vbc-telephony`` gives the client and the pytest plugin; the ``vbc`` command's
own dependencies (typer, rich) come with the ``cli`` extra, and without them ``vbc`` says in
one line what to install.

An install without the extra is simulated in a fresh interpreter whose imports of typer,
rich and click fail as they would if they were not installed (a ``sitecustomize`` on
``PYTHONPATH``); the development lock installs everything.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from spec_tools import ROOT

VBC = str(Path(sys.executable).with_name("vbc"))
CLI_ONLY = ("typer", "rich")

_BLOCKER = """
import sys

class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("typer", "rich", "click"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NotInstalled())
"""


@pytest.fixture
def without_cli_extra(tmp_path: Path) -> dict[str, str]:
    """An environment in which typer, rich and click cannot be imported."""
    (tmp_path / "sitecustomize.py").write_text(_BLOCKER)
    return {"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)}


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def test_the_cli_dependencies_are_an_extra_not_the_core():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {Requirement(line).name for line in project["dependencies"]}
    cli = {Requirement(line).name for line in project["optional-dependencies"]["cli"]}
    assert not core & set(CLI_ONLY)
    assert cli == set(CLI_ONLY)


def test_without_the_extra_vbc_names_the_install_command_in_one_line(without_cli_extra):
    done = _run([VBC, "calls", "list"], without_cli_extra)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "vbc: error: the vbc command needs typer: pip install 'vbc-telephony[cli]'\n"
    )


def test_without_the_extra_vbc_version_still_answers(without_cli_extra):
    done = _run([VBC, "--version"], without_cli_extra)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("vbc-telephony ")


def test_without_the_extra_the_client_and_the_pytest_plugin_work(without_cli_extra):
    code = (
        "import httpx, vbc_telephony as vbc\n"
        "import vbc_telephony.testing.pytest_plugin\n"
        "answer = lambda request: httpx.Response(200, json={'call_id': 'c1'})\n"
        "with vbc.Telephony(base_url='https://api.test', auth=vbc.BearerToken('t'),\n"
        "                   transport=httpx.MockTransport(answer)) as client:\n"
        "    print(client.calls.get('self', 'c1').call_id)\n"
        "import sys\n"
        "assert not {'typer', 'rich', 'click'} & set(sys.modules), sorted(sys.modules)\n"
    )
    done = _run([sys.executable, "-c", code], without_cli_extra)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "c1\n"


def test_the_blocker_blocks(without_cli_extra):
    done = _run([sys.executable, "-c", "import typer"], without_cli_extra)
    assert "ModuleNotFoundError: No module named 'typer'" in done.stderr
