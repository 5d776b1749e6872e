"""The vendor diff finds each kind of change and classifies it for a client."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from spec_tools import ROOT

from vbc_spec.vendor_diff import Change, diff_vendor

VENDOR: dict[str, Any] = yaml.safe_load(
    (ROOT / "spec" / "vendor" / "telephony.yml").read_text(encoding="utf-8")
)
CALLS = "/cc/accounts/{account_id}/calls"
CALL = "/cc/accounts/{account_id}/calls/{call_id}"


def changed(edit: Callable[[dict[str, Any]], None]) -> list[Change]:
    new = copy.deepcopy(VENDOR)
    edit(new)
    return diff_vendor(VENDOR, new)


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


def test_the_same_file_has_no_changes() -> None:
    assert diff_vendor(VENDOR, copy.deepcopy(VENDOR)) == []


def test_an_added_operation_is_not_breaking() -> None:
    def add(doc: dict[str, Any]) -> None:
        doc["paths"][CALL]["patch"] = {"operationId": "patchCall", "responses": {"200": {}}}

    change = only(changed(add))
    assert (change.area, change.kind, change.where, change.breaking) == (
        "operation",
        "added",
        f"PATCH {CALL}",
        False,
    )


def test_a_removed_operation_is_breaking() -> None:
    change = only(changed(lambda doc: doc["paths"][CALL].pop("delete")))
    assert (change.area, change.kind, change.breaking) == ("operation", "removed", True)


def test_a_removed_parameter_is_breaking() -> None:
    def drop(doc: dict[str, Any]) -> None:
        op = doc["paths"][CALLS]["get"]
        op["parameters"] = [p for p in op["parameters"] if p["name"] != "extension"]

    change = only(changed(drop))
    assert (change.area, change.kind, change.what, change.breaking) == (
        "parameter",
        "removed",
        "parameter query extension",
        True,
    )


@pytest.mark.parametrize(("required", "breaking"), [(True, True), (False, False)])
def test_an_added_parameter_breaks_only_when_required(required: bool, breaking: bool) -> None:
    def add(doc: dict[str, Any]) -> None:
        doc["paths"][CALLS]["get"]["parameters"].append(
            {"name": "tenant", "in": "query", "required": required, "schema": {"type": "string"}}
        )

    assert only(changed(add)).breaking is breaking


def test_a_renamed_property_is_a_removal_and_an_addition_linked_as_a_rename() -> None:
    def rename(doc: dict[str, Any]) -> None:
        properties = doc["components"]["schemas"]["Call"]["properties"]
        properties["caller"] = properties.pop("from")

    found = changed(rename)
    removed = [c for c in found if c.kind == "removed"]
    added = [c for c in found if c.kind == "added"]
    assert [(c.where, c.what, c.breaking) for c in removed] == [
        ("schema Call", "property from", True)
    ]
    assert "possibly renamed to caller" in removed[0].detail
    assert [(c.where, c.what, c.breaking) for c in added] == [
        ("schema Call", "property caller", False)
    ]


def test_a_narrowed_request_enum_is_breaking_and_a_narrowed_response_enum_is_not() -> None:
    def narrow(doc: dict[str, Any]) -> None:
        schemas = doc["components"]["schemas"]
        schemas["CallPostRequestBody"]["properties"]["type"]["enum"].remove("odr")
        schemas["Call"]["properties"]["status"]["enum"].remove("busy")

    found = {c.where: c for c in changed(narrow)}
    request, response = found["schema CallPostRequestBody"], found["schema Call"]
    assert (request.what, request.detail, request.breaking) == (
        "property type",
        "enum narrowed: lost odr",
        True,
    )
    assert (response.detail, response.breaking) == ("enum narrowed: lost busy", False)


def test_a_widened_response_enum_is_breaking() -> None:
    def widen(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["Call"]["properties"]["status"]["enum"].append("parked")

    change = only(changed(widen))
    assert (change.detail, change.breaking) == ("enum widened: gained parked", True)


def test_a_dropped_response_code_is_breaking() -> None:
    change = only(changed(lambda doc: doc["paths"][CALL]["get"]["responses"].pop("404")))
    assert (change.area, change.kind, change.where, change.what, change.breaking) == (
        "response",
        "removed",
        f"GET {CALL}",
        "status 404",
        True,
    )


def test_a_removed_media_type_is_breaking() -> None:
    def drop(doc: dict[str, Any]) -> None:
        doc["paths"][CALL]["get"]["responses"]["200"]["content"].pop("application/json")

    change = only(changed(drop))
    assert (change.area, change.what, change.breaking) == (
        "media type",
        "status 200 application/json",
        True,
    )


def test_a_changed_type_is_breaking_and_reported_once_for_a_shared_schema() -> None:
    def retype(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["CallLeg"]["properties"]["leg_id"]["type"] = "integer"

    change = only(changed(retype))  # CallLeg is reached from three operations
    assert (change.where, change.what, change.detail, change.breaking) == (
        "schema CallLeg",
        "property leg_id",
        "type: string → integer",
        True,
    )


def test_a_property_newly_required_in_a_request_is_breaking() -> None:
    def require(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["CallPostRequestBody"]["required"] = ["to"]

    change = only(changed(require))
    assert (change.what, change.detail, change.breaking) == ("property to", "now required", True)


def test_texts_and_examples_are_not_changes() -> None:
    def reword(doc: dict[str, Any]) -> None:
        doc["paths"][CALLS]["get"]["summary"] = "List calls"
        doc["components"]["schemas"]["Call"]["properties"]["to"]["example"] = 42

    assert changed(reword) == []
