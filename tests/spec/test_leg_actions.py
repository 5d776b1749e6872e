"""Every documented action matches exactly one branch of its oneOf; nonsense matches none."""

from __future__ import annotations

from typing import Any

import pytest
from documented_actions import (
    CALL_UPDATE_NONSENSE,
    CALL_UPDATES,
    CREATE_CALL_NONSENSE,
    LEG_ACTIONS,
    LEG_NONSENSE,
)
from openapi_schema_validator import OAS30Validator
from spec_tools import ref_name, resolve, spec


def _branches(union: str) -> dict[str, Any]:
    one_of = spec()["components"]["schemas"][union]["oneOf"]
    return {ref_name(ref): resolve(ref) for ref in one_of}


def _matching(union: str, body: object) -> list[str]:
    return [
        name for name, schema in _branches(union).items() if OAS30Validator(schema).is_valid(body)
    ]


@pytest.mark.parametrize(("body", "branch"), LEG_ACTIONS)
def test_each_leg_action_matches_exactly_its_branch(body: object, branch: str) -> None:
    assert _matching("LegAction", body) == [branch]


@pytest.mark.parametrize("body", LEG_NONSENSE)
def test_leg_nonsense_matches_no_branch_exactly_once(body: object) -> None:
    assert len(_matching("LegAction", body)) != 1


@pytest.mark.parametrize(("body", "branch"), CALL_UPDATES)
def test_each_call_update_matches_exactly_its_branch(body: object, branch: str) -> None:
    assert _matching("UpdateCallRequest", body) == [branch]


@pytest.mark.parametrize("body", CALL_UPDATE_NONSENSE)
def test_call_update_nonsense_is_invalid(body: object) -> None:
    assert len(_matching("UpdateCallRequest", body)) != 1


@pytest.mark.parametrize("body", CREATE_CALL_NONSENSE)
def test_create_call_nonsense_is_invalid(body: object) -> None:
    schema = resolve(spec()["components"]["schemas"]["CreateCallRequest"])
    assert not OAS30Validator(schema).is_valid(body)


def test_documented_request_examples_cover_every_leg_branch() -> None:
    examples = spec()["paths"]["/cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}"]["put"][
        "requestBody"
    ]["content"]["application/json"]["examples"]
    covered = {
        name for example in examples.values() for name in _matching("LegAction", example["value"])
    }
    assert covered == set(_branches("LegAction"))
