"""The generated package's public API, read with ast, and its diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_tools import ROOT

from vbc_spec.api_diff import diff_api, public_api, references
from vbc_spec.errors import ProjectError

GENERATED = ROOT / "generated" / "vbc_telephony_api"


def package(root: Path, api: str, models: str) -> Path:
    (root / "api" / "calls").mkdir(parents=True)
    (root / "models").mkdir()
    (root / "api" / "calls" / "__init__.py").write_text("")
    (root / "api" / "calls" / "list_calls.py").write_text(api)
    (root / "models" / "call.py").write_text(models)
    return root


OLD_API = """
def _get_kwargs(): ...
def sync(*, client: Client, page: int | Unset = UNSET, order: str | Unset = UNSET) -> Page | None:
    ...
"""
NEW_API = """
def sync(*, client: Client, page: int | Unset = UNSET, size: int = 100) -> Page | Error | None: ...
"""
OLD_MODELS = """
class Call:
    call_id: str
    status: Status | Unset = UNSET
class Status(str, Enum):
    BUSY = "busy"
    RINGING = "ringing"
"""
NEW_MODELS = """
class Call:
    call_id: int
    state: str | Unset = UNSET
class Status(str, Enum):
    BUSY = "busy"
"""


def test_the_generated_package_has_its_functions_and_models() -> None:
    api = public_api(GENERATED)
    sync = api["api.calls.list_calls.sync"]
    assert sync["page"] == "int | Unset = UNSET"
    assert sync["->"] == "CallsPage | Error | None"
    assert api["models.Call"]["call_id"] == "str"
    assert "models.CallLeg" in api
    assert not any(item.rsplit(".", 1)[-1].startswith("_") for item in api)


def test_changes_to_functions_parameters_fields_and_enums_are_found(tmp_path: Path) -> None:
    old = public_api(package(tmp_path / "old", OLD_API, OLD_MODELS))
    new = public_api(package(tmp_path / "new", NEW_API, NEW_MODELS))
    found = {(c.kind, c.item, c.member): c.detail for c in diff_api(old, new)}
    assert found == {
        ("removed", "api.calls.list_calls.sync", "order"): "str | Unset = UNSET",
        ("added", "api.calls.list_calls.sync", "size"): "int = 100",
        ("changed", "api.calls.list_calls.sync", "->"): "Page | None → Page | Error | None",
        ("removed", "models.Call", "status"): "Status | Unset = UNSET",
        ("added", "models.Call", "state"): "str | Unset = UNSET",
        ("changed", "models.Call", "call_id"): "str → int",
        ("removed", "models.Status", "RINGING"): "'ringing'",
    }


def test_added_and_removed_items_are_found(tmp_path: Path) -> None:
    old = public_api(package(tmp_path / "old", OLD_API, OLD_MODELS))
    new = public_api(package(tmp_path / "new", OLD_API, "class Device:\n    mac: str\n"))
    found = {(c.kind, c.item, c.name) for c in diff_api(old, new) if not c.member}
    assert found == {
        ("removed", "models.Call", "Call"),
        ("removed", "models.Status", "Status"),
        ("added", "models.Device", "Device"),
    }


def test_references_finds_whole_words_only(tmp_path: Path) -> None:
    (tmp_path / "cli").mkdir()
    (tmp_path / "_calls.py").write_text("from api.calls import list_calls\nCallLeg\n")
    (tmp_path / "cli" / "_legs.py").write_text("CallLegs = 1\n")
    assert references(tmp_path, {"list_calls", "CallLeg", "Device"}) == {
        "CallLeg": ["_calls.py"],
        "list_calls": ["_calls.py"],
    }


def test_a_folder_that_is_no_generated_package_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not a generated client package"):
        public_api(tmp_path)
