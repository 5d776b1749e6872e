"""The vendor diff finds each kind of change and classifies it for a client."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from spec_tools import ROOT

from vbc_spec.project import read_yaml
from vbc_spec.vendor_diff import Change, diff_vendor

VENDOR: dict[str, Any] = read_yaml(ROOT / "spec" / "vendor" / "telephony.yml")
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


# -- servers, security schemes, response headers ---------------------------------------


def test_a_changed_base_path_is_breaking() -> None:
    def move(doc: dict[str, Any]) -> None:
        doc["servers"][0]["url"] = "https://api.vonage.com/t/vbc.prod/telephony/v4"

    change = only(changed(move))
    assert (change.area, change.kind, change.what, change.breaking) == (
        "server",
        "changed",
        "base path",
        True,
    )
    assert change.detail == "/t/vbc.prod/telephony/v3 → /t/vbc.prod/telephony/v4"


def test_a_moved_host_with_the_same_base_path_and_an_added_server_are_not_breaking() -> None:
    def move(doc: dict[str, Any]) -> None:
        doc["servers"][0]["url"] = "https://api.eu.vonage.com/t/vbc.prod/telephony/v3"
        doc["servers"].append({"url": "https://sandbox.vonage.com/t/vbc.prod/telephony/v3"})

    found = {(c.what, c.breaking) for c in changed(move)}
    assert found == {("default server", False), ("server", False)}


def test_a_removed_or_changed_security_scheme_is_breaking_and_an_added_one_is_not() -> None:
    def edit(doc: dict[str, Any]) -> None:
        schemes = doc["components"]["securitySchemes"]
        schemes["bearerAuth"]["scheme"] = "basic"
        schemes["bearerAuth"]["description"] = "reworded"
        schemes["apiKey"] = {"type": "apiKey", "in": "header", "name": "X-Key"}

    found = {(c.kind, c.what, c.breaking): c.detail for c in changed(edit)}
    assert found == {
        ("changed", "security scheme bearerAuth", True): "scheme: bearer → basic",
        ("added", "security scheme apiKey", False): "",
    }
    gone = only(changed(lambda doc: doc["components"]["securitySchemes"].pop("bearerAuth")))
    assert (gone.kind, gone.what, gone.breaking) == ("removed", "security scheme bearerAuth", True)


def test_a_new_security_requirement_is_breaking() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["components"]["securitySchemes"]["apiKey"] = {
            "type": "apiKey",
            "in": "header",
            "name": "X-Key",
        }
        doc["paths"][CALL]["get"]["security"] = [{"apiKey": []}]

    found = {(c.where, c.what, c.breaking) for c in changed(edit)}
    assert (f"GET {CALL}", "security", True) in found


def with_header(doc: dict[str, Any], name: str) -> None:
    response = doc["paths"][CALL]["get"]["responses"]["200"]
    response.setdefault("headers", {})[name] = {"schema": {"type": "integer"}}


def test_a_removed_response_header_is_breaking_and_an_added_one_is_not() -> None:
    old = copy.deepcopy(VENDOR)
    with_header(old, "X-RateLimit-Remaining")
    new = copy.deepcopy(VENDOR)
    with_header(new, "Retry-After")
    found = {(c.area, c.kind, c.what, c.breaking) for c in diff_vendor(old, new)}
    assert found == {
        ("response header", "removed", "status 200 header X-RateLimit-Remaining", True),
        ("response header", "added", "status 200 header Retry-After", False),
    }


def test_a_retyped_response_header_is_breaking() -> None:
    old = copy.deepcopy(VENDOR)
    with_header(old, "Retry-After")
    new = copy.deepcopy(old)
    new["paths"][CALL]["get"]["responses"]["200"]["headers"]["Retry-After"]["schema"] = {
        "type": "string"
    }
    change = only(diff_vendor(old, new))
    assert (change.what, change.detail, change.breaking) == (
        "status 200 header Retry-After",
        "type: integer → string",
        True,
    )


# -- oneOf / allOf branches, recursion -------------------------------------------------

LEG = "/cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}"


def leg_action(doc: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = doc["paths"][LEG]["put"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    return schema


def test_reordered_one_of_branches_are_no_change() -> None:
    def reorder(doc: dict[str, Any]) -> None:
        leg_action(doc)["oneOf"].reverse()

    assert changed(reorder) == []


def test_reordered_all_of_branches_are_no_change() -> None:
    def compose(doc: dict[str, Any], order: slice) -> None:
        schemas = doc["components"]["schemas"]
        schemas["Combined"] = {"allOf": [{"$ref": "#/components/schemas/Call"}, {"type": "object"}]}
        schemas["Combined"]["allOf"] = schemas["Combined"]["allOf"][order]
        response = doc["paths"][CALL]["get"]["responses"]["200"]["content"]["application/json"]
        response["schema"] = {"$ref": "#/components/schemas/Combined"}

    old, new = copy.deepcopy(VENDOR), copy.deepcopy(VENDOR)
    compose(old, slice(None))
    compose(new, slice(None, None, -1))
    assert diff_vendor(old, new) == []


def test_a_removed_request_branch_is_breaking_and_an_added_one_is_not() -> None:
    def drop_dtmf(doc: dict[str, Any]) -> None:
        branches = leg_action(doc)["oneOf"]
        branches[:] = [b for b in branches if b.get("title") != "DTMF"]

    removed = only(changed(drop_dtmf))
    assert (removed.what, removed.detail, removed.breaking) == (
        "request body application/json",
        "oneOf: branch DTMF removed",
        True,
    )
    new = copy.deepcopy(VENDOR)
    drop_dtmf(new)
    added = only(diff_vendor(new, VENDOR))
    assert (added.detail, added.breaking) == ("oneOf: branch DTMF added", False)


def test_a_changed_branch_among_reordered_ones_is_compared_with_its_counterpart() -> None:
    def edit(doc: dict[str, Any]) -> None:
        branches = leg_action(doc)["oneOf"]
        branches.reverse()
        (dtmf,) = [b for b in branches if b.get("title") == "DTMF"]
        dtmf["properties"]["dtmf"]["maxLength"] = 20

    change = only(changed(edit))
    assert (change.what, change.detail, change.breaking) == (
        "request body application/json oneOf[DTMF] property dtmf",
        "maxLength: None → 20",
        True,
    )


def recursive(name: str) -> dict[str, Any]:
    doc = copy.deepcopy(VENDOR)
    doc["components"]["schemas"][name] = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
        },
    }
    response = doc["paths"][CALL]["get"]["responses"]["200"]["content"]["application/json"]
    response["schema"] = {"$ref": f"#/components/schemas/{name}"}
    return doc


def test_a_renamed_recursive_schema_is_compared_once_and_ends() -> None:
    old, new = recursive("Node"), recursive("TreeNode")
    new["components"]["schemas"]["TreeNode"]["properties"]["id"]["type"] = "integer"
    found = {(c.where, c.what, c.detail, c.breaking) for c in diff_vendor(old, new)}
    assert found == {
        (f"GET {CALL}", "status 200 application/json", "refers to TreeNode (was Node)", False),
        ("schema TreeNode", "property id", "type: string → integer", True),
        ("schema Node", "schema", "", False),
        ("schema TreeNode", "schema", "", False),
    }
