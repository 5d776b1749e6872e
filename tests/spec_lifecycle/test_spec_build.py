"""openapi.yaml and docs/deviations.md are exactly what `make spec` makes of spec/."""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any

import pytest
from spec_tools import ROOT

from vbc_spec.build import HEADER, build, build_project, read_overlay
from vbc_spec.deviations import GROUPS, deviations
from vbc_spec.errors import OverlayError
from vbc_spec.overlay import parse_overlay
from vbc_spec.project import find_project, read_yaml

PROJECT = find_project(ROOT)
VENDOR = ROOT / "spec" / "vendor" / "telephony.yml"


@pytest.fixture(scope="module")
def built() -> Any:
    return build_project(PROJECT)


def test_openapi_yaml_is_what_make_spec_writes(built: Any) -> None:
    assert (ROOT / "openapi.yaml").read_text(encoding="utf-8") == built.spec, (
        "openapi.yaml is stale or was edited by hand: change spec/overlay.yaml, run `make spec`"
    )


def test_deviations_md_is_what_make_spec_writes(built: Any) -> None:
    assert (ROOT / "docs" / "deviations.md").read_text(encoding="utf-8") == built.deviations, (
        "docs/deviations.md is stale: run `make spec`"
    )


def test_building_twice_gives_the_same_bytes(built: Any) -> None:
    assert build_project(PROJECT).spec == built.spec
    assert built.spec.startswith(HEADER)


def test_every_action_selects_something(built: Any) -> None:
    assert all(built.applied.matches), built.applied.unmatched


def test_the_vendor_file_is_the_one_its_readme_describes() -> None:
    readme = (VENDOR.parent / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(VENDOR.read_bytes()).hexdigest()
    assert f"`{digest}`" in readme
    version = read_yaml(VENDOR)["info"]["version"]
    assert f"`info.version` {version}" in readme


def test_every_deviation_has_its_row_and_actions() -> None:
    found = deviations(read_overlay(PROJECT))
    assert [d.id for d in found] == sorted(
        (d.id for d in found), key=lambda i: (list(GROUPS).index(i[0]), int(i[1:]))
    )
    page = (ROOT / "docs" / "deviations.md").read_text(encoding="utf-8")
    for deviation in found:
        assert deviation.actions
        assert re.search(rf"^\| {deviation.id} \|", page, re.MULTILINE), deviation.id


def test_readme_links_the_deviations_page() -> None:
    assert "(docs/deviations.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def _overlay_with(description: str, **extensions: str) -> Any:
    return parse_overlay(
        {
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [
                {"target": "$.info", "description": description, "update": {}, **extensions}
            ],
        }
    )


@pytest.mark.parametrize(
    ("description", "extensions", "message"),
    [
        ("no id here", {"x-vendor": "a", "x-ours": "b"}, "must start with a deviation id"),
        ("Z1: unknown group", {"x-vendor": "a", "x-ours": "b"}, "must start with a deviation id"),
        ("D1: no columns", {}, "exactly one of its actions must carry"),
    ],
)
def test_an_action_without_a_recorded_reason_fails_the_build(
    description: str, extensions: dict[str, str], message: str
) -> None:
    vendor = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    with pytest.raises(OverlayError, match=message):
        build(vendor, _overlay_with(description, **extensions))


def test_an_action_whose_target_is_gone_fails_the_build() -> None:
    vendor = read_yaml(VENDOR)
    changed = copy.deepcopy(vendor)
    del changed["x-components"]
    with pytest.raises(OverlayError, match=r"selects nothing: action \d+ \(\$\['x-components'\]\)"):
        build(changed, read_overlay(PROJECT))
