"""Every response model parses whatever its schema allows, and round-trips it unchanged.

Hypothesis builds bodies from the response schemas in openapi.yaml, so numbers where the
vendor declared strings, digit strings for counters and times, unknown states and extra
properties all come up.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_strategies import from_schema
from spec_tools import ref_name, spec, to_json_schema

from vbc_telephony_api import models

# Every schema an operation answers with, and the generated class that parses it.
RESPONSE_MODELS = {
    "Call": models.Call,
    "CallLeg": models.CallLeg,
    "CallsPage": models.CallsPage,
    "Device": models.Device,
    "DevicesPage": models.DevicesPage,
    "CallUpdated": models.CallUpdated,
    "LegUpdated": models.LegUpdated,
    "Error": models.Error,
}


def _schema(name: str) -> dict[str, Any]:
    return to_json_schema(spec()["components"]["schemas"][name])


def test_the_table_covers_every_object_that_responses_reference() -> None:
    document = spec()
    referenced = set()
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                for response in operation["responses"].values():
                    if "$ref" in response:
                        response = document["components"]["responses"][
                            ref_name(response)
                        ]
                    for media in response.get("content", {}).values():
                        referenced.add(ref_name(media["schema"]))
    assert referenced - {"CallLegList", "CreatedCallId"} == set(RESPONSE_MODELS)


@pytest.mark.parametrize("name", sorted(RESPONSE_MODELS))
def test_model_parses_and_round_trips_schema_data(name: str) -> None:
    model = RESPONSE_MODELS[name]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(from_schema(_schema(name)))
    def check(body: dict[str, Any]) -> None:
        assert model.from_dict(body).to_dict() == body

    check()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(from_schema(_schema("CallLegList")))
def test_leg_lists_parse_item_by_item(body: list[dict[str, Any]]) -> None:
    assert [models.CallLeg.from_dict(item).to_dict() for item in body] == body


@settings(max_examples=30, deadline=None)
@given(
    from_schema(_schema("Call")),
    st.sampled_from(["parked", "held", "active", "on-call", "whatever-comes-next"]),
    st.one_of(st.integers(min_value=0, max_value=10**12), st.from_regex(r"\A[0-9]{1,12}\Z")),
)
def test_unknown_states_and_numbers_for_strings_parse(
    body: dict[str, Any], state: str, number: int | str
) -> None:
    body = {**body, "status": state, "account_id": number, "from": number, "start_time": number}
    call = models.Call.from_dict(body)
    assert call.status == state
    assert call.account_id == number
    assert call.to_dict() == body
