"""Defects of ``vbc conformance`` (issue 16), each reproduced: a runtime failure reported as
a usage error, schemathesis looked for beside the interpreter (which breaks outside a POSIX
venv), a transport opened on every token refresh and never closed, and a global monkeypatch
of schemathesis at import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_support import script_env

pytestmark = pytest.mark.xdist_group("conformance")

VENV = Path(sys.prefix)


def _gateway_env(gateway) -> dict[str, str]:
    from live_gateway import password_grant_env

    return {**password_grant_env(gateway.server_url), "VBC_BASE_URL": gateway.base_url}


@pytest.fixture
def gateway():
    sys.path.insert(0, str(Path(__file__).parents[1] / "traffic"))
    from live_gateway import RunningGateway

    with RunningGateway() as running:
        yield running


def _vbc(python: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "vbc_telephony.cli", *args],
        env=script_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_schemathesis_that_cannot_run_is_a_failure_not_a_usage_error(gateway, tmp_path):
    # A schemathesis that is installed but broken: the run fails, the user's call was right.
    shadow = tmp_path / "shadow" / "schemathesis"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('broken install')\n")
    (shadow / "cli").mkdir()
    (shadow / "cli" / "__init__.py").write_text("")
    done = _vbc(
        sys.executable, "conformance", "--max-examples", "1",
        PYTHONPATH=os.pathsep.join([str(shadow.parent), os.environ.get("PYTHONPATH", "")]),
        **_gateway_env(gateway),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "schemathesis did not run" in done.stderr
    assert "Invalid value" not in done.stderr


def test_schemathesis_is_found_in_a_venv_of_another_layout(gateway, tmp_path):
    # The Windows layout: the interpreter in Scripts/, no `schemathesis` script beside it.
    venv = tmp_path / "venv"
    (venv / "Scripts").mkdir(parents=True)
    shutil.copy(VENV / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / "lib").symlink_to(VENV / "lib")
    (venv / "Scripts" / "python").symlink_to(Path(sys.executable))
    python = str(venv / "Scripts" / "python")
    done = _vbc(python, "conformance", "--max-examples", "1", "--phases", "examples",
                **_gateway_env(gateway))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "0 finding(s)" in done.stderr


def _in_fresh_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=script_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_each_token_refresh_closes_the_transport_it_opened():
    done = _in_fresh_python(
        """
        import httpx
        opened, closed = [], set()
        class Counted(httpx.HTTPTransport):
            def __init__(self, *a, **k):
                opened.append(self); super().__init__(*a, **k)
            def close(self):
                closed.add(id(self)); super().close()
            def __exit__(self, *exc_info):
                closed.add(id(self)); super().__exit__(*exc_info)
        httpx.HTTPTransport = Counted
        from vbc_telephony.cli import _conformance_hooks as hooks
        credentials = hooks._Credentials()
        for _ in range(3):
            assert credentials.get(None, None) == "Bearer tok-1234"
        print(len(opened), len(closed))
        """,
        VBC_TOKEN="tok-1234",
        VBC_CONFORMANCE_BASE_URL="http://127.0.0.1:9/api",
    )
    assert done.returncode == 0, done.stderr
    opened, closed = map(int, done.stdout.split())
    assert opened >= 3
    assert closed == opened


def test_importing_the_hooks_patches_nothing_in_schemathesis():
    done = _in_fresh_python(
        """
        from schemathesis.openapi.checks import JsonSchemaError
        before = JsonSchemaError.asdict
        import vbc_telephony.cli._conformance_hooks
        print(JsonSchemaError.asdict is before, JsonSchemaError.asdict.__module__)
        """,
        VBC_TOKEN="tok-1234",
        VBC_CONFORMANCE_BASE_URL="http://127.0.0.1:9/api",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "True", done.stdout
