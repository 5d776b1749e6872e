"""The package's layers: the client core loads no server or subprocess code, and the CLI
loads the servers only for the commands that run one."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

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


def test_every_import_line_in_the_readme_runs() -> None:
    """What users wrote against the README keeps working, the old names included."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"^```python\n(.*?)^```", readme, re.DOTALL | re.MULTILINE))
    lines = {
        line.split("#")[0].strip()
        for line in re.findall(r"^\s*((?:from|import) [\w.]+ .*)$", blocks, re.MULTILINE)
        + re.findall(r"`((?:from|import) vbc_telephony[\w. ,]+)`", readme)
        if "myapp" not in line
    }
    assert any("vbc_telephony.testing" in line for line in lines)
    assert any("vbc_telephony.mock" in line for line in lines)
    subprocess.run([sys.executable, "-c", "\n".join(sorted(lines))], check=True, timeout=60)
