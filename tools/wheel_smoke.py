"""Install a built wheel into a new venv, never the checkout, and use it as a user would.

``make dist`` runs it on the wheel it built; tests/packaging runs it too. In a temporary
folder it creates a venv (no pip of its own: this interpreter's pip installs into it),
installs ``WHEEL[cli,sandbox]`` and pytest (versions held to requirements.lock, from the
configured indexes), and then, from outside the checkout:

- imports ``vbc_telephony`` and ``vbc_telephony_api``, and finds no ``vbc_spec`` (the
  checkout's tooling) and no ``vbc-spec`` script;
- runs ``vbc --version``: the wheel's version and the spec's ``info.version``;
- starts the sandbox, loads its page's files, places a call through the client and hangs
  it up;
- runs pytest in a throwaway project whose test uses the plugin's ``vbc_sandbox`` fixture.

Exit status 0 when all of it works; otherwise 1, with what failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
# `cli` may not be an extra (yet): pip warns about an unknown extra and goes on.
EXTRAS = "cli,sandbox"
_CALLERS_OWN = ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
_TIMEOUT = 300  # seconds, for each step; an install from the local caches takes ~20

CALL = """
import httpx
import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

with Sandbox() as sandbox, sandbox.client() as client:
    for path in ("", "/ui.js", "/ui.css", "/icon.svg"):  # the page, from the package's data
        assert httpx.get(sandbox.server_url + "/_sandbox/ui" + path).status_code == 200, path
    call_id = client.calls.create(
        "self", from_=vbc.Contact.extension("1001"), to=vbc.Contact.pstn("15551234567")
    )
    assert [c.call_id for c in client.calls.list("self")] == [call_id]
    client.calls.delete("self", call_id)
    assert list(client.calls.list("self")) == []
print("placed and hung up", call_id)
"""

PLUGIN_TEST = """
import vbc_telephony as vbc


def test_a_call_through_the_fixture(vbc_sandbox):
    with vbc_sandbox.client() as client:
        call_id = client.calls.create(
            "self", from_=vbc.Contact.extension("1001"), to=vbc.Contact.pstn("15551234567")
        )
        client.calls.delete("self", call_id)
    placed = [r for r in vbc_sandbox.requests if r.method == "POST" and r.path.endswith("/calls")]
    assert [r.status for r in placed] == [200]
"""


def smoke(wheel: Path, work: Path) -> None:
    """Every check, in ``work``; raises ``subprocess.CalledProcessError`` or ``AssertionError``."""
    env_dir = work / "venv"
    # No pip of its own (ensurepip takes seconds): this interpreter's pip installs into it.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # Not the checkout's settings: no PYTHONPATH into it, no options for the caller's own
    # pytest (plugins the venv does not have), and run from elsewhere.
    env = {k: v for k, v in os.environ.items() if k not in _CALLERS_OWN}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    def run(*args: str | Path, cwd: Path = work) -> str:
        result = subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"{' '.join(map(str, args))} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result.stdout

    # --no-compile: what the checks import is compiled as they import it, not every module of
    # every dependency up front.
    pip = (
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile",
        "--disable-pip-version-check",
    )  # fmt: skip
    run(*pip, "--constraint", LOCK, f"{wheel.resolve()}[{EXTRAS}]", "pytest")
    run(
        python,
        "-c",
        "import importlib.util, vbc_telephony, vbc_telephony_api;"
        " assert importlib.util.find_spec('vbc_spec') is None, 'vbc_spec is installed';"
        " print(vbc_telephony.__file__)",
    )
    assert not (env_dir / "bin" / "vbc-spec").exists(), "a vbc-spec script is installed"
    version = run(env_dir / "bin" / "vbc", "--version")
    name, number = wheel.name.split("-")[:2]
    assert number in version, f"vbc --version says {version!r}, the wheel is {number}"
    spec_version = run(
        python,
        "-c",
        "import importlib.resources, yaml;"
        " spec = importlib.resources.files('vbc_telephony_api') / 'openapi.yaml';"
        " print(yaml.safe_load(spec.read_text())['info']['version'])",
    ).strip()
    assert spec_version in version, f"vbc --version says {version!r}, the spec {spec_version}"
    print(f"{name} {number}: vbc --version: {version.strip()}")
    print(run(python, "-c", CALL).strip())
    project = work / "project"
    project.mkdir()
    (project / "test_dial.py").write_text(textwrap.dedent(PLUGIN_TEST))
    print(run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project).splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wheel", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vbc-wheel-") as work:
        try:
            smoke(args.wheel, Path(work))
        except (AssertionError, subprocess.TimeoutExpired) as error:
            print(f"wheel smoke test failed: {error}", file=sys.stderr)
            return 1
    print("wheel smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
