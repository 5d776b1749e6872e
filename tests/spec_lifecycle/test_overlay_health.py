"""Overlay health against synthetic vendor versions: applies, redundant, gone, conflicts."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from spec_tools import ROOT

from vbc_spec.build import read_overlay
from vbc_spec.health import Health, check_overlay
from vbc_spec.project import find_project, read_yaml

VENDOR: dict[str, Any] = read_yaml(ROOT / "spec" / "vendor" / "telephony.yml")
OVERLAY = read_overlay(find_project(ROOT))


def health(edit: Callable[[dict[str, Any]], None]) -> dict[str, list[Health]]:
    """The actions that are not plainly `applies`, by status."""
    new = copy.deepcopy(VENDOR)
    edit(new)
    found: dict[str, list[Health]] = {}
    for verdict in check_overlay(VENDOR, new, OVERLAY):
        if verdict.status != "applies":
            found.setdefault(verdict.status, []).append(verdict)
    return found


def test_every_action_applies_to_the_vendor_file_itself() -> None:
    assert health(lambda doc: None) == {}


def test_a_fix_the_vendor_adopted_is_now_redundant() -> None:
    def adopt(doc: dict[str, Any]) -> None:
        doc["openapi"] = "3.0.3"  # D1
        doc["servers"][0]["description"] = "Production"  # a D8 text

    found = health(adopt)
    assert set(found) == {"now redundant"}
    assert [(h.deviation, h.action.target) for h in found["now redundant"]] == [
        ("D1", "$"),
        ("D8", "$.servers[0]"),
    ]


def test_a_target_that_vanished_is_gone() -> None:
    def vanish(doc: dict[str, Any]) -> None:
        del doc["x-components"]

    found = health(vanish)
    assert set(found) == {"target gone"}
    (gone,) = found["target gone"]
    assert (gone.deviation, gone.action.target, gone.action.kind) == (
        "D3",
        "$['x-components']",
        "remove",
    )


def test_a_vendor_change_to_a_node_we_patch_is_a_conflict() -> None:
    def retitle(doc: dict[str, Any]) -> None:
        doc["info"]["title"] = "Telephony API"  # D2 overwrites the title
        doc["components"]["schemas"]["CallLeg"]["properties"]["leg_id"]["format"] = "ulid"

    found = health(retitle)
    assert set(found) == {"conflicts"}
    assert {(h.deviation, h.action.target) for h in found["conflicts"]} == {
        ("D2", "$.info"),
        ("R11", "$.components.schemas.CallLeg.properties.leg_id.format"),
    }
    assert all("the vendor changed" in h.detail for h in found["conflicts"])


def test_a_vendor_change_nowhere_near_our_actions_is_no_conflict() -> None:
    def unrelated(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["Call"]["properties"]["call_id"]["example"] = "other"

    assert health(unrelated) == {}


def test_an_update_that_can_no_longer_merge_is_a_conflict() -> None:
    def flatten(doc: dict[str, Any]) -> None:
        doc["servers"][0] = "https://api.vonage.com/t/vbc.prod/telephony/v3"  # not an object

    found = health(flatten)
    assert [h.deviation for h in found["conflicts"]] == ["D8"]
    assert "needs an object" in found["conflicts"][0].detail
