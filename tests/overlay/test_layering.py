"""The package's layers: the client core loads no server or subprocess code, and the CLI
loads the test tooling only for its mock commands."""

from __future__ import annotations

import json
import subprocess
import sys

# What only the test tooling (vbc_telephony.testing) may bring in.
SERVER_MODULES = {
    "vbc_telephony.testing._prism",
    "vbc_telephony.testing._prism_process",
    "vbc_telephony.testing._guard",
    "vbc_telephony.testing._upstream",
    "httptools",
    "http.server",
    "uvicorn",
    "starlette",
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
    assert not loaded & (SERVER_MODULES | {"subprocess", "vbc_telephony.testing"})


def test_the_cli_loads_the_test_tooling_only_when_a_mock_command_runs() -> None:
    loaded = _loaded_after("import vbc_telephony.cli")
    assert not loaded & SERVER_MODULES
