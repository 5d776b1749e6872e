"""The package's layers: the client core loads no server or subprocess code, and the CLI
loads the servers only for the commands that run one."""

from __future__ import annotations

import json
import subprocess
import sys

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
}
SERVER_PACKAGES = {
    "vbc_telephony.testing",
    "vbc_telephony.mock",
    "vbc_telephony.sandbox",
    "vbc_telephony._server",
}


def _loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(result.stdout))


def test_the_client_core_loads_no_server_or_subprocess_code() -> None:
    loaded = _loaded_after("import vbc_telephony")
    assert not loaded & (SERVER_MODULES | SERVER_PACKAGES | {"subprocess"})


def test_the_cli_loads_no_server_until_a_command_runs_one() -> None:
    loaded = _loaded_after("import vbc_telephony.cli")
    assert not loaded & SERVER_MODULES
