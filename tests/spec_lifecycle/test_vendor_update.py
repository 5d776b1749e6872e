"""`make vendor-update` (python -m vbc_spec update) end to end, on a copy of the project.

One synthetic vendor version carries one change of each kind; the report must name each.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from spec_tools import ROOT, TOOLS_ENV, write_yaml

from vbc_spec.build import build_project
from vbc_spec.project import find_project, read_yaml
from vbc_spec.release import next_version, project_version
from vbc_spec.report import render_markdown

# Its module-scoped fixture is costly: all its tests share one xdist worker, so it runs once.
pytestmark = pytest.mark.xdist_group("vendor-update")

VENDOR = ROOT / "spec" / "vendor" / "telephony.yml"
CALLS = "/cc/accounts/{account_id}/calls"
CALL = "/cc/accounts/{account_id}/calls/{call_id}"
RECORDINGS = "/cc/accounts/{account_id}/calls/{call_id}/recordings"
# What a run needs of the project; everything else stays behind.
_TREE = (
    "spec",
    "tools/generate.py",
    "openapi-python-client.yaml",
    "openapi.yaml",
    "docs",
    "generated/vbc_telephony_api",
    "overlay/vbc_telephony",
    "pyproject.toml",
)


def vendor() -> dict[str, Any]:
    return read_yaml(VENDOR)


def with_new_operation(doc: dict[str, Any]) -> None:
    legs = doc["paths"][f"{CALL}/legs"]["get"]
    doc["paths"][RECORDINGS] = {
        "get": {
            **copy.deepcopy(legs),
            "operationId": "getCallRecordings",
            "summary": "Get the recordings of a call",
        }
    }


def every_kind_of_change() -> dict[str, Any]:
    doc = vendor()
    with_new_operation(doc)  # an operation added
    get_calls = doc["paths"][CALLS]["get"]  # a parameter removed
    get_calls["parameters"] = [p for p in get_calls["parameters"] if p["name"] != "extension"]
    schemas = doc["components"]["schemas"]
    call = schemas["Call"]["properties"]  # a property renamed
    call["caller"] = call.pop("from")
    schemas["CallPostRequestBody"]["properties"]["type"]["enum"].remove("odr")  # enum narrowed
    del doc["paths"][CALL]["get"]["responses"]["404"]  # a response code dropped
    doc["openapi"] = "3.0.3"  # D1 adopted: now redundant
    del doc["x-components"]  # D3's target: gone
    doc["info"]["title"] = "Telephony API"  # D2 patches the title: conflict
    return doc


def write(path: Path, doc: dict[str, Any]) -> Path:
    write_yaml(path, doc)
    return path


def copy_tree(target: Path) -> Path:
    for part in _TREE:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)
    return target


def snapshot(tree: Path) -> dict[str, str]:
    return {
        str(p.relative_to(tree)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(tree.rglob("*"))
        if p.is_file()
    }


def vbc_spec(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vbc_spec", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=TOOLS_ENV,
    )


Run = tuple[subprocess.CompletedProcess[str], dict[str, Any], dict[str, str], dict[str, str]]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The update run on every kind of change: its result, report and the tree around it."""
    tree = copy_tree(tmp_path_factory.mktemp("tree"))
    new = write(tmp_path_factory.mktemp("new") / "telephony.yml", every_kind_of_change())
    before = snapshot(tree)
    result = vbc_spec("update", new, "--json", "--root", tree)
    return result, json.loads(result.stdout), before, snapshot(tree)


@pytest.fixture(scope="module")
def report(run: Run) -> dict[str, Any]:
    return run[1]


def changes(report: dict[str, Any]) -> set[tuple[str, str, str, str, bool]]:
    return {
        (c["area"], c["kind"], c["where"], c["what"], c["breaking"]) for c in report["vendor_diff"]
    }


def test_the_json_report_has_its_sections(report: dict[str, Any]) -> None:
    assert set(report) == {
        "old",
        "new",
        "no_change",
        "summary",
        "vendor_diff",
        "overlay_health",
        "client_impact",
        "accepted",
        "accept_refused",
        "bump",
    }
    assert report["old"] == {"path": "spec/vendor/telephony.yml", "version": "1.0.1"}
    assert report["no_change"] is False
    assert set(report["vendor_diff"][0]) == {"area", "kind", "where", "what", "detail", "breaking"}
    assert set(report["overlay_health"][0]) == {"action", "deviation", "status", "target", "detail"}
    assert set(report["client_impact"]) == {"api", "overlay_references", "error"}
    assert report["summary"]["breaking"] == sum(c["breaking"] for c in report["vendor_diff"])
    assert report["accepted"] is False


def test_an_added_operation_is_reported_non_breaking(report: dict[str, Any]) -> None:
    assert ("operation", "added", f"GET {RECORDINGS}", "operation", False) in changes(report)


def test_a_removed_parameter_is_reported_breaking(report: dict[str, Any]) -> None:
    assert ("parameter", "removed", f"GET {CALLS}", "parameter query extension", True) in changes(
        report
    )


def test_a_renamed_property_is_reported(report: dict[str, Any]) -> None:
    found = changes(report)
    assert ("property", "removed", "schema Call", "property from", True) in found
    assert ("property", "added", "schema Call", "property caller", False) in found


def test_a_narrowed_enum_is_reported_breaking(report: dict[str, Any]) -> None:
    (narrowed,) = [c for c in report["vendor_diff"] if "enum" in c["detail"]]
    assert (narrowed["where"], narrowed["what"], narrowed["detail"], narrowed["breaking"]) == (
        "schema CallPostRequestBody",
        "property type",
        "enum narrowed: lost odr",
        True,
    )


def test_a_dropped_response_code_is_reported_breaking(report: dict[str, Any]) -> None:
    assert ("response", "removed", f"GET {CALL}", "status 404", True) in changes(report)


def statuses(report: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(h["deviation"], h["target"]): h["status"] for h in report["overlay_health"]}


def test_the_adopted_fix_is_now_redundant(report: dict[str, Any]) -> None:
    assert statuses(report)[("D1", "$")] == "now redundant"


def test_the_vanished_target_is_gone(report: dict[str, Any]) -> None:
    assert statuses(report)[("D3", "$['x-components']")] == "target gone"


def test_the_changed_node_we_patch_is_a_conflict(report: dict[str, Any]) -> None:
    assert statuses(report)[("D2", "$.info")] == "conflicts"


def test_the_client_impact_lists_the_public_api_changes(report: dict[str, Any]) -> None:
    client = report["client_impact"]
    assert client["error"] is None
    found = {(a["kind"], a["path"], a["member"], a["breaking"]) for a in client["api"]}
    api = "vbc_telephony_api.api"
    assert ("added", f"{api}.legs.get_call_recordings", "", False) in found
    assert ("removed", f"{api}.calls.list_calls.sync", "extension", True) in found
    assert ("added", "vbc_telephony_api.models.call.Call.caller", "", False) in found
    assert client["overlay_references"]["list_calls"] == [
        "_generated.py",
        "_replay.py",
        "cli/_calls.py",
        "sandbox/_http/operations.py",
    ]
    assert "Call" in client["overlay_references"]


def test_the_report_gives_the_bump_the_vendor_file_alone_needs(report: dict[str, Any]) -> None:
    version = project_version(find_project(ROOT))
    assert report["bump"] == {
        "level": "major",
        "from": version,
        "to": next_version(version, "major"),
    }
    assert f"this file alone needs a **major** bump: {version} → " in render_markdown(report)


def test_an_added_operation_alone_needs_a_minor_bump(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "tree")
    doc = vendor()
    with_new_operation(doc)
    result = vbc_spec("update", write(tmp_path / "telephony.yml", doc), "--json", "--root", tree)
    assert json.loads(result.stdout)["bump"]["level"] == "minor", result.stderr


def test_breaking_changes_fail_the_run_and_it_changes_nothing(run: Run) -> None:
    result, _, before, after = run
    assert result.returncode == 1, result.stderr
    assert after == before


def test_the_markdown_report_renders_every_section(report: dict[str, Any]) -> None:
    text = render_markdown(report)
    for heading in ("# Vendor update", "## Vendor diff", "## Overlay health", "## Client impact"):
        assert heading in text
    assert "| **breaking** | parameter removed |" in text
    assert "| D3 | target gone |" in text


def test_fail_on_never_exits_0_with_the_same_findings(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "tree")
    new = write(tmp_path / "telephony.yml", every_kind_of_change())
    result = vbc_spec("update", new, "--fail-on", "never", "--root", tree)
    assert result.returncode == 0, result.stderr
    assert "| D3 | target gone |" in result.stdout


def test_accept_is_refused_while_an_action_target_is_gone(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "tree")
    new = write(tmp_path / "telephony.yml", every_kind_of_change())
    before = snapshot(tree)
    result = vbc_spec("update", new, "--accept", "--fail-on", "never", "--root", tree)
    assert result.returncode == 1
    assert "**Not accepted**: fix spec/overlay.yaml first" in result.stdout
    assert snapshot(tree) == before


def test_accept_writes_the_vendor_file_spec_docs_and_client_into_the_tree(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "tree")
    doc = vendor()
    with_new_operation(doc)
    new = write(tmp_path / "telephony.yml", doc)
    result = vbc_spec("update", new, "--accept", "--root", tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "**Accepted**" in result.stdout
    assert (tree / "spec/vendor/telephony.yml").read_bytes() == new.read_bytes()
    built = build_project(find_project(tree))
    assert (tree / "openapi.yaml").read_text(encoding="utf-8") == built.spec
    assert f"{RECORDINGS}:" in built.spec
    package = tree / "generated/vbc_telephony_api"
    assert (package / "api/legs/get_call_recordings.py").is_file()
    assert (package / "openapi.yaml").read_text(encoding="utf-8") == built.spec
    again = vbc_spec("update", new, "--root", tree)
    assert again.returncode == 0
    assert "**No change**" in again.stdout


def test_the_current_vendor_file_is_no_change() -> None:
    result = vbc_spec("update", VENDOR, "--root", ROOT)
    assert result.returncode == 0, result.stderr
    assert "**No change**" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read the new vendor file"), ("a: [", "not valid YAML"), ("a: 1", "no `paths`")],
)
def test_unusable_input_exits_2_saying_why(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "telephony.yml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = vbc_spec("update", path, "--root", ROOT)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_that_is_no_checkout_is_refused(tmp_path: Path) -> None:
    result = vbc_spec("build", "--root", tmp_path)
    assert result.returncode == 2
    assert "is not a vbc-telephony checkout" in result.stderr


def test_without_its_dependencies_it_says_what_to_install() -> None:
    hide = "import sys; sys.modules['jsonpath_rfc9535'] = None"
    run = "from vbc_spec.cli import main; sys.exit(main(['build']))"
    result = subprocess.run(
        [sys.executable, "-c", f"{hide}; {run}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=TOOLS_ENV,
    )
    assert result.returncode == 2
    assert "jsonpath_rfc9535 is not installed: pip install -r requirements.lock" in result.stderr
