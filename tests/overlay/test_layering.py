"""The package's layers, and what each way in loads: the client core loads no server,
subprocess or CLI code; ``import vbc_telephony`` loads nothing but the package's shell, and
the client the generated models only on its first request; ``vbc --version`` loads neither
typer nor the client, and a command only its own group. Checked by the modules a fresh
interpreter holds, not by timing (``make bench`` times them)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import vbc_telephony

# What only the servers (vbc_telephony.mock, vbc_telephony.sandbox) may bring in.
SERVER_MODULES = {
    "vbc_telephony.mock._background",
    "vbc_telephony.mock._prism_process",
    "vbc_telephony.mock._guard",
    "vbc_telephony.mock._forwarding",
    "vbc_telephony.sandbox._http.application",
    "vbc_telephony.sandbox._background",
    "vbc_telephony._server.serving",
    "httptools",
    "uvicorn",
    "starlette",
    "jsonschema_rs",
    "yaml",
    "subprocess",
}
SERVER_PACKAGES = {
    "vbc_telephony.testing",
    "vbc_telephony.mock",
    "vbc_telephony.sandbox",
    "vbc_telephony._server",
}
# What the client's first request needs, and a program that has not sent one does not.
FIRST_REQUEST = {"vbc_telephony_api", "attr", "attrs"}
CLI = {"typer"}  # not rich: httpx itself imports it when it is installed


def _loaded_after(code: str) -> set[str]:
    """The top-level names of the modules a fresh interpreter has loaded after ``code``,
    and every module of this package by its full name."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    names = json.loads(result.stdout.splitlines()[-1])
    return {name.partition(".")[0] for name in names} | {
        name for name in names if name.startswith("vbc_telephony.")
    }


def _ours(loaded: set[str]) -> set[str]:
    return {name for name in loaded if name.startswith("vbc_telephony.")}


def test_importing_the_package_loads_only_its_shell():
    loaded = _loaded_after("import vbc_telephony")
    assert _ours(loaded) == set()
    assert not loaded & (FIRST_REQUEST | CLI | SERVER_MODULES | {"httpx", "anyio"})


def test_the_client_loads_no_generated_model_async_cli_or_server_code_before_a_request():
    loaded = _loaded_after(
        "import vbc_telephony as vbc\n"
        "client = vbc.Telephony(auth=vbc.PasswordGrant('u', 'p', 'id', 'secret'))\n"
        "vbc.AsyncTelephony, vbc.APIStatusError, vbc.Contact, vbc.Page, vbc.RetryTransport"
    )
    assert "vbc_telephony._client" in loaded
    assert not loaded & (FIRST_REQUEST | CLI | SERVER_MODULES)
    assert not {name for name in loaded if name.startswith(("vbc_telephony.cli", *SERVER_PACKAGES))}


def test_a_first_request_loads_the_generated_models_and_still_no_async_cli_or_server_code():
    loaded = _loaded_after(
        "import httpx, vbc_telephony as vbc\n"
        "answer = lambda request: httpx.Response(200, json={'call_id': 'c1'})\n"
        "with vbc.Telephony(base_url='https://api.test', auth=vbc.BearerToken('t'),\n"
        "                   transport=httpx.MockTransport(answer)) as client:\n"
        "    assert client.calls.get('self', 'c1').call_id == 'c1'"
    )
    assert loaded >= FIRST_REQUEST
    assert not loaded & (CLI | SERVER_MODULES)


def test_vbc_version_loads_neither_typer_nor_the_client():
    loaded = _loaded_after(
        "import sys\nsys.argv = ['vbc', '--version']\nfrom vbc_telephony.cli import main\nmain()"
    )
    assert "vbc_telephony.cli._version" in loaded
    assert not loaded & (FIRST_REQUEST | CLI | SERVER_MODULES)
    assert _ours(loaded) <= {
        "vbc_telephony._constants",
        "vbc_telephony.cli",
        "vbc_telephony.cli._version",
    }


def test_a_cli_command_loads_its_own_group_only():
    loaded = _loaded_after(
        "import sys\nfrom vbc_telephony.cli import app\n"
        "try:\n    app(['calls', '--help'], prog_name='vbc')\nexcept SystemExit:\n    pass"
    )
    assert "vbc_telephony.cli._calls" in loaded
    assert not loaded & {
        "vbc_telephony.cli._legs",
        "vbc_telephony.cli._servers",
        "vbc_telephony.cli._conformance",
        "vbc_telephony.testing",
    }
    assert not loaded & (SERVER_MODULES - {"subprocess"})  # typer's completion takes it


@pytest.mark.parametrize("name", vbc_telephony.__all__)
def test_every_public_name_is_where_the_package_says(name):
    assert getattr(vbc_telephony, name).__name__ == name
    assert name in dir(vbc_telephony)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Telephone'"):
        _ = vbc_telephony.Telephone


def test_the_cli_loads_no_server_until_a_command_runs_one() -> None:
    loaded = _loaded_after("import vbc_telephony.cli")
    assert not loaded & SERVER_MODULES


def test_every_import_line_of_the_docs_runs() -> None:
    """What users wrote against the README and the docs keeps working, the old names included
    (each page names the import of earlier releases beside the current one)."""
    root = Path(__file__).resolve().parents[2]
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    text = "\n".join(
        page.read_text(encoding="utf-8") for page in pages if "_build" not in page.parts
    )
    blocks = "\n".join(re.findall(r"^```python\n(.*?)^```", text, re.DOTALL | re.MULTILINE))
    lines = {
        line.split("#")[0].strip()
        for line in re.findall(r"^\s*((?:from|import) [\w.]+ .*)$", blocks, re.MULTILINE)
        + re.findall(r"`((?:from|import) vbc_telephony[\w. ,]+)`", text)
        if "myapp" not in line
    }
    for module in ("testing", "sandbox", "mock", "proxy"):
        assert any(f"vbc_telephony.{module} import" in line for line in lines), module
    assert "from vbc_telephony.testing import Sandbox, SandboxConfig" in lines
    assert "from vbc_telephony.testing import PrismMock" in lines
    subprocess.run([sys.executable, "-c", "\n".join(sorted(lines))], check=True, timeout=60)
