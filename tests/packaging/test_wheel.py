"""The wheel and the sdist are what users get: built, checked, installed and used.

The wheel is built from a copy of the checkout's tracked files (the tree itself is not
written to), as ``make dist`` builds it. Its contents are checked file by file; then
tools/wheel_smoke.py installs it into a new venv and uses it there (~15 s).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from spec_tools import ROOT

# Built once for the module: keep its tests on one worker.
pytestmark = pytest.mark.xdist_group("wheel")

# What must be in the wheel: the packages' markers, the spec, and the sandbox's page.
REQUIRED = {
    "vbc_telephony_api/openapi.yaml",
    "vbc_telephony_api/py.typed",
    "vbc_telephony/py.typed",
    "vbc_telephony/__init__.py",
    "vbc_telephony/testing/pytest_plugin.py",
    "vbc_telephony/sandbox/_page/ui.html",
    "vbc_telephony/sandbox/_page/ui.css",
    "vbc_telephony/sandbox/_page/ui.js",
    "vbc_telephony/sandbox/_page/icon.svg",
}
# Top-level folders of the checkout that are never shipped.
FORBIDDEN = ("tests/", "bench/", "tools/", "vbc_spec/", ".venv/", "releases/", "spec/", "docs/")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tracked = (
        subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        )
        .stdout.decode()
        .split("\0")
    )
    source = tmp_path_factory.mktemp("source")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return out


def wheel(dist: Path) -> Path:
    (found,) = dist.glob("*.whl")
    return found


def test_the_wheel_has_the_packages_their_markers_and_the_spec(dist: Path) -> None:
    names = set(zipfile.ZipFile(wheel(dist)).namelist())
    assert names >= REQUIRED
    shipped = {name.split("/", 1)[0] for name in names}
    assert shipped == {
        "vbc_telephony",
        "vbc_telephony_api",
        wheel(dist).name.rsplit("-", 3)[0] + ".dist-info",
    }


def test_the_wheel_ships_no_tests_tools_or_checkout_files(dist: Path) -> None:
    names = zipfile.ZipFile(wheel(dist)).namelist()
    assert not [n for n in names if n.startswith(FORBIDDEN) or "/tests/" in n or ".pyc" in n]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    scripts = zipfile.ZipFile(wheel(dist)).read(entry_points).decode()
    assert "vbc = vbc_telephony.cli:main" in scripts
    assert "vbc_spec" not in scripts


def test_twine_finds_both_distributions_valid(dist: Path) -> None:
    files = sorted(map(str, dist.iterdir()))
    assert len(files) == 2  # the sdist and the wheel
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.heavy
def test_the_installed_wheel_works_outside_the_checkout(dist: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "wheel_smoke.py"), str(wheel(dist))],
        # The caller's own pytest options stay out of the venv's pytest.
        env={**os.environ, "PYTEST_ADDOPTS": "-p a_plugin_the_venv_does_not_have"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "placed and hung up" in result.stdout
    assert "1 passed" in result.stdout
