"""The Prism mock behind its guard: auth, validation, documented actions, and its lifecycle."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import loopback
import pytest
from documented_actions import CALL_UPDATES, LEG_ACTIONS
from prism_tools import assert_prism_is_gone
from spec_tools import ROOT, operations

from vbc_telephony.mock import PrismMock, PrismUnavailableError
from vbc_telephony.mock._defaults import PRISM_VERSION

AUTH = {"Authorization": "Bearer any-token-works"}
CALL = "/cc/accounts/1234/calls/3fa85f64-5717-4562-b3fc-2c963f66afa6"
LEG = CALL + "/legs/0d0a16ab-a508-4d58-bf24-5dc3cb248f3e"
CREATE_BODY = {
    "from": {"destination": "1234", "type": "extension"},
    "to": {"destination": "15551234567", "type": "pstn"},
}


def _concrete(path: str) -> str:
    return path.format(account_id="1234", call_id="c1", leg_id="l1", device_id="38-99-62-93-E2-A9")


@pytest.mark.parametrize(("path", "method"), [(p, m) for p, m, _ in operations()])
def test_missing_authorization_gets_401_in_the_error_shape(
    prism: PrismMock, path: str, method: str
) -> None:
    body = {"put": {"state": "held"}, "post": CREATE_BODY}.get(method)
    response = loopback.request(method, prism.base_url + _concrete(path), json=body)
    assert response.status_code == 401
    assert response.json()["message"]


@pytest.mark.parametrize(("body", "branch"), LEG_ACTIONS)
def test_every_documented_leg_action_is_accepted(
    prism: PrismMock, body: object, branch: str
) -> None:
    response = loopback.put(prism.base_url + LEG, json=body, headers=AUTH)
    assert response.status_code == 200, (branch, response.headers.get("sl-violations"))
    assert response.json()["leg_id"]


@pytest.mark.parametrize(("body", "branch"), CALL_UPDATES)
def test_every_documented_call_update_is_accepted(
    prism: PrismMock, body: object, branch: str
) -> None:
    response = loopback.put(prism.base_url + CALL, json=body, headers=AUTH)
    assert response.status_code == 200, (branch, response.headers.get("sl-violations"))


def test_invalid_body_gets_400_naming_the_problem(prism: PrismMock) -> None:
    response = loopback.put(prism.base_url + LEG, json={"state": "bogus"}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["message"]
    violations = json.loads(response.headers["sl-violations"])
    assert any(v["location"][-1] == "state" for v in violations)


@pytest.mark.parametrize("raw", [b"{", b"abc", b"NaN", b'{"state": "held"', b"\xff\xfe"])
def test_malformed_json_gets_400_instead_of_a_hang(prism: PrismMock, raw: bytes) -> None:
    response = loopback.put(
        prism.base_url + LEG,
        content=raw,
        headers={**AUTH, "Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]


def test_create_call_answers_the_new_id_as_plain_text(prism: PrismMock) -> None:
    response = loopback.post(
        prism.base_url + "/cc/accounts/1234/calls", json=CREATE_BODY, headers=AUTH
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.strip()


def test_create_call_without_a_destination_is_rejected(prism: PrismMock) -> None:
    response = loopback.post(prism.base_url + "/cc/accounts/1234/calls", json={}, headers=AUTH)
    assert response.status_code == 400


def test_mock_stops_every_process_even_when_the_body_fails() -> None:
    mock = PrismMock(ROOT / "openapi.yaml")
    seen: list[tuple[int, str]] = []

    def use_then_fail() -> None:
        with mock:
            assert mock.prism_pid is not None
            assert mock.prism_url is not None
            seen.append((mock.prism_pid, mock.prism_url))
            answer = loopback.get(mock.base_url + "/cc/accounts/1/calls", headers=AUTH)
            assert answer.status_code == 200
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        use_then_fail()
    assert seen
    assert_prism_is_gone(*seen[0])
    with pytest.raises(httpx.ConnectError):
        loopback.get(mock.base_url + "/", timeout=2)


def test_a_mock_that_cannot_start_says_why_and_leaves_nothing(tmp_path: Path) -> None:
    mock = PrismMock(tmp_path / "missing.yaml")
    with pytest.raises(PrismUnavailableError, match=r"missing\.yaml"):
        mock.start()
    assert not mock.running


def test_a_spec_prism_refuses_is_named_in_one_line_without_its_help(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# not an OpenAPI document\n")
    mock = PrismMock(notes)
    with pytest.raises(PrismUnavailableError) as refused:
        mock.start()
    assert str(refused.value) == (
        f'Prism exited before it was ready: "{notes}" is not a valid JSON Schema'
    )
    assert not mock.running


def test_prism_pin_matches_the_lockfile() -> None:
    package = json.loads((ROOT / "mock" / "package.json").read_text())
    lock = json.loads((ROOT / "mock" / "package-lock.json").read_text())
    assert package["devDependencies"]["@stoplight/prism-cli"] == PRISM_VERSION
    assert lock["packages"]["node_modules/@stoplight/prism-cli"]["version"] == PRISM_VERSION
