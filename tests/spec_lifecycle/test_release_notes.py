"""`make release-notes` on synthetic change sets: a copy of the tree, recorded as a release,
then changed (never the real tree). Each change set must give its bump and changelog lines."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spec_tools import ROOT, TOOLS_ENV, write_yaml

from vbc_spec.project import find_project, read_yaml
from vbc_spec.release import (
    compare,
    next_version,
    project_version,
    record_release,
    write_changelog,
)

# What a release diff reads; the rest of the project stays behind.
_TREE = (
    "spec",
    "tools/generate.py",
    "openapi.yaml",
    "pyproject.toml",
    "generated/vbc_telephony_api",
    "overlay/vbc_telephony",
)
CALLS = "/cc/accounts/{account_id}/calls"
# On one worker: the released tree (a copy, and its API surface read) is made once.
pytestmark = pytest.mark.xdist_group("release-notes")
DATE = datetime.date(2030, 1, 2)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tree, recorded as the release of its version."""
    tree = tmp_path_factory.mktemp("released")
    for part in _TREE:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (tree / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, tree / part)
    record_release(find_project(tree), "0" * 40, datetime.date(2030, 1, 1))
    return tree


def changed(released: Path, tmp_path: Path, *edits: Callable[[Path], None]) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(released, tree)
    for edit in edits:
        edit(tree)
    return tree


def spec_edit(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def edit(tree: Path) -> None:
        path = tree / "openapi.yaml"
        doc = read_yaml(path)
        change(doc)
        write_yaml(path, doc)

    return edit


def text_edit(relative: str, old: str, new: str, count: int = -1) -> Callable[[Path], None]:
    def edit(tree: Path) -> None:
        path = tree / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def notes(tree: Path) -> tuple[str, str]:
    """The bump, and the changelog entry written for it."""
    project = find_project(tree)
    diff = compare(project)
    write_changelog(project, diff, DATE)
    return diff.bump, (tree / "CHANGELOG.md").read_text(encoding="utf-8")


def section(changelog: str, title: str) -> list[str]:
    match = re.search(rf"^### {title}\n\n(?P<body>(?:- .*\n)+)", changelog, re.MULTILINE)
    return match.group("body").splitlines() if match else []


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = doc["components"]["schemas"]
    return found


# -- major ----------------------------------------------------------------------------------


def drop_extension(doc: dict[str, Any]) -> None:
    op = doc["paths"][CALLS]["get"]
    op["parameters"] = [
        p
        for p in op["parameters"]
        if p.get("$ref") != "#/components/parameters/Extension" and p.get("name") != "extension"
    ]


def test_a_removed_parameter_is_major(released: Path, tmp_path: Path) -> None:
    generated = "generated/vbc_telephony_api/api/calls/list_calls.py"
    tree = changed(
        released,
        tmp_path,
        spec_edit(drop_extension),
        # What regenerating would do to the client: the argument goes from its functions.
        text_edit(generated, "    extension: str | Unset = UNSET,\n", ""),
    )
    bump, changelog = notes(tree)
    assert bump == "major"
    breaking = section(changelog, "Breaking")
    assert (
        f"- `GET {CALLS}`: parameter query extension removed. Migration: stop passing"
        f" `extension` to GET {CALLS}." in breaking
    )
    assert any(
        line.startswith("- `vbc_telephony_api.api.calls.list_calls.sync(extension)`:")
        and "Migration: stop passing `extension`" in line
        for line in breaking
    ), breaking
    assert f"- `GET {CALLS}`: parameter query extension removed" in section(changelog, "Removed")


def test_a_removed_model_field_is_major(released: Path, tmp_path: Path) -> None:
    tree = changed(
        released,
        tmp_path,
        spec_edit(lambda doc: schemas(doc)["Device"]["properties"].pop("device_ip")),
    )
    bump, changelog = notes(tree)
    assert bump == "major"
    assert (
        "- `schema Device`: property device_ip removed. Migration: stop reading or sending"
        " `device_ip` of schema Device." in section(changelog, "Breaking")
    )


def test_a_narrowed_request_enum_is_major(released: Path, tmp_path: Path) -> None:
    def narrow(doc: dict[str, Any]) -> None:
        schemas(doc)["CreateCallRequest"]["properties"]["type"]["enum"].remove("odr")

    bump, changelog = notes(changed(released, tmp_path, spec_edit(narrow)))
    assert bump == "major"
    assert (
        "- `schema CreateCallRequest`: property type changed (enum narrowed: lost odr)."
        " Migration: send only the values schema CreateCallRequest still accepts"
        " (enum narrowed: lost odr)." in section(changelog, "Breaking")
    )


def test_a_changed_base_path_is_major(released: Path, tmp_path: Path) -> None:
    def move(doc: dict[str, Any]) -> None:
        doc["servers"][0]["url"] = "https://api.vonage.com/t/vbc.prod/telephony/v4"

    bump, changelog = notes(changed(released, tmp_path, spec_edit(move)))
    assert bump == "major"
    assert section(changelog, "Breaking") == [
        "- `servers`: base path changed (/t/vbc.prod/telephony/v3 → /t/vbc.prod/telephony/v4)."
        " Migration: update any base_url you pass (/t/vbc.prod/telephony/v3 →"
        " /t/vbc.prod/telephony/v4)."
    ]


# -- minor ----------------------------------------------------------------------------------


def test_a_changed_default_is_major_with_the_old_value_as_its_migration(
    released: Path, tmp_path: Path
) -> None:
    tree = changed(
        released,
        tmp_path,
        text_edit(
            "overlay/vbc_telephony/_client.py",
            "max_retries: int | None = None,",
            "max_retries: int | None = 0,",
        ),
    )
    bump, changelog = notes(tree)
    assert bump == "major"
    assert (
        "- `vbc_telephony.Telephony.__init__(max_retries)`: default: None → 0. Migration: pass"
        " `max_retries=None` where you relied on the old default."
    ) in section(changelog, "Breaking")


def test_an_added_operation_is_minor(released: Path, tmp_path: Path) -> None:
    def add(doc: dict[str, Any]) -> None:
        doc["paths"][f"{CALLS}/{{call_id}}/recordings"] = {
            "get": {**doc["paths"][CALLS]["get"], "operationId": "getRecordings"}
        }

    bump, changelog = notes(changed(released, tmp_path, spec_edit(add)))
    assert bump == "minor"
    assert section(changelog, "Added") == [
        f"- `GET {CALLS}/{{call_id}}/recordings`: operation added"
    ]
    assert section(changelog, "Breaking") == []


def test_an_added_optional_field_is_minor(released: Path, tmp_path: Path) -> None:
    model = "generated/vbc_telephony_api/models/device.py"
    tree = changed(
        released,
        tmp_path,
        spec_edit(
            lambda doc: schemas(doc)["Device"]["properties"].update(label={"type": "string"})
        ),
        text_edit(
            model,
            "    mac_address: str\n",
            "    mac_address: str\n    label: str | Unset = UNSET\n",
        ),
    )
    bump, changelog = notes(tree)
    assert bump == "minor"
    added = section(changelog, "Added")
    assert "- `schema Device`: property label added (optional)" in added
    assert "- `vbc_telephony_api.models.device.Device.label`: new attribute" in added


# -- patch ----------------------------------------------------------------------------------


def test_a_docstring_only_change_is_a_patch(released: Path, tmp_path: Path) -> None:
    tree = changed(
        released,
        tmp_path,
        text_edit("overlay/vbc_telephony/__init__.py", '"""', '"""Reworded. ', 1),
    )
    bump, changelog = notes(tree)
    assert bump == "patch"
    assert section(changelog, "Changed") == ["- `vbc_telephony`: documentation"]
    for title in ("Breaking", "Added", "Removed"):
        assert section(changelog, title) == []


def test_no_change_needs_no_bump(released: Path, tmp_path: Path) -> None:
    assert notes(changed(released, tmp_path))[0] == "none"


# -- the entry and the command ----------------------------------------------------------------


def test_the_entry_is_headed_by_the_version_when_it_is_high_enough(
    released: Path, tmp_path: Path
) -> None:
    tree = changed(released, tmp_path, spec_edit(drop_extension))
    version = next_version(project_version(find_project(released)), "major")
    _, low = notes(tree)
    assert "## [Unreleased]" in low
    text_edit("pyproject.toml", 'version = "', f'version = "{version}"  # was "', 1)(tree)
    _, high = notes(tree)
    assert f"## [{version}] - 2030-01-02" in high
    assert "## [Unreleased]" not in high
    assert "at 0.x, a breaking change bumps the minor version" in high


def test_hand_written_fixed_lines_survive_a_recomputed_entry(
    released: Path, tmp_path: Path
) -> None:
    tree = changed(released, tmp_path, spec_edit(drop_extension))
    notes(tree)
    text_edit("CHANGELOG.md", "### Breaking", "### Fixed\n\n- A hang on shutdown.\n\n### Breaking")(
        tree
    )
    _, again = notes(tree)
    assert section(again, "Fixed") == ["- A hang on shutdown."]
    assert again.count("## [") == 1


def test_make_release_notes_check_fails_while_the_version_is_too_low(
    released: Path, tmp_path: Path
) -> None:
    tree = changed(released, tmp_path, spec_edit(drop_extension))
    result = subprocess.run(
        [sys.executable, "-m", "vbc_spec", "release-notes", "--check", "--root", str(tree)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=TOOLS_ENV,
    )
    assert result.returncode == 1, result.stderr
    assert "a major change" in result.stdout
    least = next_version(project_version(find_project(released)), "major")
    assert f"must be at least {least}" in result.stdout
    assert not (tree / "CHANGELOG.md").exists()
