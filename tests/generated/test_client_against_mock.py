"""Every generated operation, fed hypothesis-generated valid inputs, round-trips through Prism.

Inputs are drawn from the operation's parameter and body schemas in openapi.yaml; the
answer must come back as the operation's success model, parsed without error.
"""

from __future__ import annotations

import importlib
import inspect
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator
from schema_strategies import from_schema
from spec_tools import operations, ref_name, resolve, spec, to_json_schema

from vbc_telephony.mock import PrismMock
from vbc_telephony_api import AuthenticatedClient, models

# Path ids the client will meet: the overlay refuses ids that are not path-safe.
_IDS = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,35}\Z").filter(lambda s: s not in {".", ".."})
_OPERATIONS = sorted((op["operationId"], path, method) for path, method, op in operations())


def _model_for(schema_ref: dict[str, Any]) -> type[Any]:
    return getattr(models, ref_name(schema_ref))


def _body_strategy(operation: dict[str, Any]) -> st.SearchStrategy[Any] | None:
    if "requestBody" not in operation:
        return None
    ref = operation["requestBody"]["content"]["application/json"]["schema"]
    schema = spec()["components"]["schemas"][ref_name(ref)]
    if "oneOf" not in schema:
        model = _model_for(ref)
        return from_schema(to_json_schema(ref)).map(model.from_dict)
    branches = [(_model_for(b), OAS30Validator(resolve(b))) for b in schema["oneOf"]]

    def to_model(body: dict[str, Any]) -> Any:
        matching = [model for model, validator in branches if validator.is_valid(body)]
        assert len(matching) == 1, (body, matching)  # the union really is exclusive
        return matching[0].from_dict(body)

    return from_schema(to_json_schema(ref)).map(to_model)


def _inputs(path: str, method: str) -> st.SearchStrategy[dict[str, Any]]:
    item = spec()["paths"][path]
    operation = item[method]
    parameters = [resolve(p) for p in item.get("parameters", []) + operation.get("parameters", [])]
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for parameter in parameters:
        if parameter["in"] == "path":
            fields[parameter["name"]] = _IDS
        else:
            value = from_schema(to_json_schema(parameter["schema"]))
            if parameter["name"] == "order":
                value = value.map(models.SortOrder)
            fields[parameter["name"]] = st.none() | value
    body = _body_strategy(operation)
    if body is not None:
        fields["body"] = body
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


def _expected(operation: dict[str, Any]) -> tuple[int, Any]:
    status = "204" if "204" in operation["responses"] else "200"
    content = operation["responses"][status].get("content")
    if content is None:
        return 204, type(None)
    if "text/plain" in content:
        return 200, str
    name = ref_name(content["application/json"]["schema"])
    return 200, list if name == "CallLegList" else getattr(models, name)


@pytest.mark.parametrize(("operation_id", "path", "method"), _OPERATIONS)
def test_operation_round_trips_through_the_mock(
    prism: PrismMock, operation_id: str, path: str, method: str
) -> None:
    operation = spec()["paths"][path][method]
    module = importlib.import_module(f"vbc_telephony_api.api.{operation['tags'][0]}.{operation_id}")
    positional = [
        name
        for name, p in inspect.signature(module.sync_detailed).parameters.items()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    status, parsed_type = _expected(operation)
    client = AuthenticatedClient(base_url=prism.base_url, token="contract-test")

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_inputs(path, method))
    def check(inputs: dict[str, Any]) -> None:
        args = [inputs.pop(name) for name in positional]
        response = module.sync_detailed(*args, client=client, **inputs)
        assert response.status_code == status, response.content[:300]
        assert isinstance(response.parsed, parsed_type), response.parsed
        if parsed_type is list:
            assert [leg.to_dict() for leg in response.parsed] == json.loads(response.content)
        elif hasattr(response.parsed, "to_dict"):
            assert response.parsed.to_dict() == json.loads(response.content)

    with client:
        check()
