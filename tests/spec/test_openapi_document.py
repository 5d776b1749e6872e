"""openapi.yaml is a valid, lint-clean document whose examples conform to their schemas."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from spec_tools import ROOT, SPEC_PATH, operations, resolve, spec

# The vendor's eleven operations: their paths and methods are the API's; the ids are ours.
EXPECTED_OPERATIONS = {
    ("get", "/cc/accounts/{account_id}/calls"): "list_calls",
    ("post", "/cc/accounts/{account_id}/calls"): "create_call",
    ("get", "/cc/accounts/{account_id}/calls/{call_id}"): "get_call",
    ("put", "/cc/accounts/{account_id}/calls/{call_id}"): "update_call",
    ("delete", "/cc/accounts/{account_id}/calls/{call_id}"): "delete_call",
    ("get", "/cc/accounts/{account_id}/calls/{call_id}/legs"): "list_legs",
    ("get", "/cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}"): "get_leg",
    ("put", "/cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}"): "update_leg",
    ("delete", "/cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}"): "delete_leg",
    ("get", "/registration/accounts/{account_id}/devices"): "list_devices",
    ("get", "/registration/accounts/{account_id}/devices/{device_id}"): "get_device",
}


def test_document_is_valid_openapi() -> None:
    validate(spec())


def test_spectral_oas_ruleset_reports_nothing() -> None:
    npx = shutil.which("npx")
    assert npx, "Node.js (npx) is needed; `make test` installs the npm packages"
    result = subprocess.run(
        [
            npx,
            "--no",
            "spectral",
            "lint",
            "--ruleset",
            str(ROOT / ".spectral.yaml"),
            "--fail-severity",
            "hint",
            "--format",
            "text",
            str(SPEC_PATH),
        ],
        cwd=ROOT / "mock",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_operations_are_the_vendors_with_snake_case_ids() -> None:
    found = {(method, path): op["operationId"] for path, method, op in operations()}
    assert found == EXPECTED_OPERATIONS
    for _, _, op in operations():
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", op["operationId"])
        assert op["tags"]
        assert op["summary"]
        assert op["description"]


def test_only_create_call_answers_plain_text() -> None:
    for _, _, op in operations():
        for status, response in resolve(op["responses"]).items():
            media = set(response.get("content", {}))
            if op["operationId"] == "create_call" and status == "200":
                assert media == {"text/plain"}
            else:
                assert media <= {"application/json"}, (op["operationId"], status, media)


def test_every_operation_needs_a_bearer_token() -> None:
    document = spec()
    assert document["security"] == [{"bearerAuth": []}]
    assert all("security" not in op for _, _, op in operations())
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def _schema_examples(schema: Any, where: str) -> Iterator[tuple[str, Any, Any]]:
    """(where, example, schema) for ``schema`` and every schema nested in it."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if "example" in schema:
        yield where, schema["example"], schema
    for key in ("properties",):
        for name, sub in schema.get(key, {}).items():
            yield from _schema_examples(sub, f"{where}.{name}")
    for key in ("oneOf", "anyOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from _schema_examples(sub, f"{where}.{key}[{i}]")
    if isinstance(schema.get("items"), dict):
        yield from _schema_examples(schema["items"], f"{where}[]")


def _all_examples() -> Iterator[tuple[str, Any, Any]]:
    document = spec()
    for name, schema in document["components"]["schemas"].items():
        yield from _schema_examples(schema, f"schemas.{name}")

    # Parameters and media types: their own examples, and those of inline schemas.
    def holders(node: Any, where: str) -> Iterator[tuple[str, Any]]:
        if isinstance(node, dict):
            if "schema" in node:
                yield where, node
            for key, value in node.items():
                if key != "schemas":
                    yield from holders(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from holders(item, f"{where}[{i}]")

    for where, holder in holders({"paths": document["paths"], **document["components"]}, ""):
        yield from _schema_examples(holder["schema"], where + ".schema")
        if "example" in holder:
            yield where, holder["example"], holder["schema"]
        for key, example in holder.get("examples", {}).items():
            yield f"{where}.examples.{key}", resolve(example)["value"], holder["schema"]


def test_every_example_conforms_to_its_schema() -> None:
    examples = list(_all_examples())
    assert len(examples) >= 50  # the walk really reaches the examples
    failures = []
    for where, example, schema in examples:
        errors = list(OAS30Validator(resolve(schema)).iter_errors(example))
        if errors:
            failures.append(f"{where}: {example!r}: {errors[0].message}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "name",
    ["Call", "CallLeg", "CallsPage", "Device", "DevicesPage", "CallUpdated", "LegUpdated"],
)
def test_response_examples_use_numbers_like_the_live_api(name: str) -> None:
    example = spec()["components"]["schemas"][name]["example"]
    flat = repr(example)
    # ids and times arrive as JSON numbers from the live API; the examples must show that.
    assert re.search(r"'account_id': \d+", flat), flat
