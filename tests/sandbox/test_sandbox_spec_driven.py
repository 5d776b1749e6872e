"""The sandbox is made from the spec: a handler for every operationId and none other, an
action for every branch of each oneOf body, the spec's schemas as JSON Schema (the one
conversion the tests use too), and the extra's absence named in one line."""

from __future__ import annotations

import subprocess
import sys

from spec_tools import ref_name, spec

from vbc_telephony.sandbox._http import operations as _operations
from vbc_telephony.sandbox._http.openapi import load, operations, to_json_schema


def test_every_operation_has_a_handler_and_every_handler_an_operation() -> None:
    assert {op.operation_id for op in operations(load())} == set(_operations.HANDLERS)


def test_the_bundled_spec_is_the_projects() -> None:
    assert load() == spec()


def test_every_oneof_branch_of_a_body_has_an_action() -> None:
    schemas = spec()["components"]["schemas"]
    assert {ref_name(b) for b in schemas["LegAction"]["oneOf"]} == _operations.LEG_ACTIONS
    assert {ref_name(b) for b in schemas["UpdateCallRequest"]["oneOf"]} == _operations.CALL_UPDATES


def test_nullable_and_annotations_become_json_schema() -> None:
    document = {"components": {"schemas": {"Id": {"type": "string", "example": "x"}}}}
    schema = {
        "type": "object",
        "description": "d",
        "properties": {
            "example": {"$ref": "#/components/schemas/Id"},
            "n": {"type": "integer", "format": "int64", "nullable": True},
        },
    }
    assert to_json_schema(schema, document) == {
        "type": "object",
        "properties": {
            "example": {"type": "string"},
            "n": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        },
    }


def test_without_the_extra_the_sandbox_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['starlette'] = None\n"
        "from vbc_telephony.testing import Sandbox  # importable for type hints\n"
        "Sandbox()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "vbc_telephony.sandbox._extra.SandboxUnavailableError: "
        "the sandbox needs its extra: pip install 'vbc-telephony[sandbox]'"
    )


def test_the_pytest_plugin_loads_no_server_until_a_fixture_asks() -> None:
    code = (
        "import sys, vbc_telephony.testing.pytest_plugin\n"
        "print(sorted({'uvicorn', 'starlette', 'jsonschema_rs', 'yaml'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
