"""pyproject.toml's version is at least what the changes since the last release require."""

from __future__ import annotations

from spec_tools import ROOT

from vbc_spec.project import find_project
from vbc_spec.release import compare, last_release, render_notes


def test_the_version_is_at_least_what_the_diff_since_the_last_release_requires() -> None:
    diff = compare(find_project(ROOT))
    assert diff.satisfied, render_notes(diff)


def test_the_last_release_is_recorded_in_the_repository() -> None:
    release = last_release(find_project(ROOT))
    assert len(release.commit) == 40
    for name in ("openapi.yaml", "vbc_telephony.json", "vbc_telephony_api.json"):
        assert (release.folder / name).is_file()
