"""The versions the suite runs are inside the ranges the package declares, and pinned.

pyproject.toml gives each dependency (core, extras and the tooling's dependency groups) a
range with an upper bound; the suite runs the exact versions of requirements.lock. If the
lock drifted outside a range, a user could install a version nobody tested; if a declared
dependency were not pinned, the suite would run whatever pip picked that day.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from spec_tools import ROOT

_PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
_PROJECT = _PYPROJECT["project"]
_DECLARED = [
    Requirement(line)
    for line in _PROJECT["dependencies"]
    + [line for extra in _PROJECT["optional-dependencies"].values() for line in extra]
    # The checkout's tooling (not installed with the package) is held to the same rule.
    + [line for group in _PYPROJECT["dependency-groups"].values() for line in group]
    if not line.startswith("vbc-telephony")  # an extra that names other extras
]
_LOCKED = {
    canonicalize_name(name): pinned
    for name, _, pinned in (
        line.partition("==")
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
}


@pytest.mark.parametrize("requirement", _DECLARED, ids=str)
def test_each_declared_dependency_is_pinned_inside_its_range(requirement: Requirement) -> None:
    pinned = _LOCKED.get(canonicalize_name(requirement.name))
    assert pinned is not None, f"{requirement.name} is not pinned in requirements.lock"
    assert requirement.specifier.contains(pinned), f"{requirement.name}=={pinned} ∉ {requirement}"
    assert version(requirement.name) == pinned, "the venv is not the lock: run make"


@pytest.mark.parametrize("requirement", _DECLARED, ids=str)
def test_each_range_has_an_upper_bound(requirement: Requirement) -> None:
    assert any(spec.operator in ("<", "<=", "==", "~=") for spec in requirement.specifier)
