"""The judge: an exchange checked against the spec, by schemathesis's checks and names, each
finding naming its operation and field; what it does not know is a finding too."""

from __future__ import annotations

import json

import pytest

from vbc_telephony._traffic._exchange import Exchange
from vbc_telephony._traffic._judge import PROXY_ANSWER, Judge

API = "https://api.vonage.com/t/vbc.prod/telephony/v3"
JSON = (("content-type", "application/json"),)
CALL = {"call_id": "c1", "from": 15551234567, "to": 1001, "status": "ringing", "legs": []}
GET_CALL = "GET /cc/accounts/{account_id}/calls/{call_id}"


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge.from_file()


def _exchange(
    path: str,
    status: int = 200,
    body: object = CALL,
    *,
    method: str = "GET",
    request: object = None,
    headers: tuple[tuple[str, str], ...] = JSON,
    prefix: str = API,
) -> Exchange:
    return Exchange(
        method=method,
        url=prefix + path,
        request_headers=JSON if request is not None else (),
        request_body="" if request is None else json.dumps(request),
        status=status,
        response_headers=headers,
        response_body=body if isinstance(body, str) else json.dumps(body),
    )


def _lines(judge: Judge, exchange: Exchange) -> list[str]:
    return [finding.line() for finding in judge.judge(exchange).findings]


def test_what_the_live_service_sends_conforms(judge):
    # Numbers where the vendor's file said strings, an unlisted state, extra keys.
    call = {**CALL, "account_id": 5551000, "status": "parked", "start_time": "1700000000"}
    verdict = judge.judge(_exchange("/cc/accounts/5551000/calls/c1", body=call))
    assert verdict.operation == GET_CALL
    assert verdict.findings == ()


@pytest.mark.parametrize("prefix", [API, "http://127.0.0.1:4010", "http://h/other/prefix"])
def test_operations_are_found_under_any_prefix(judge, prefix):
    verdict = judge.judge(_exchange("/cc/accounts/self/calls/c1", prefix=prefix))
    assert verdict.operation == GET_CALL


def test_a_changed_type_names_the_field(judge):
    body = {**CALL, "legs": [{"leg_id": "l1", "status": 3}]}
    assert _lines(judge, _exchange("/cc/accounts/self/calls/c1", body=body)) == [
        f'{GET_CALL}: response_schema_conformance at legs/0/status: 3 is not of type "string"'
    ]


def test_a_missing_required_field_names_it(judge):
    body = {"calls": [{"status": "ringing"}]}
    [line] = _lines(judge, _exchange("/cc/accounts/self/calls", body=body))
    assert line.endswith('at calls/0: "call_id" is a required property')


def test_an_undocumented_status_is_a_finding(judge):
    [line] = _lines(judge, _exchange("/cc/accounts/self/calls/c1", status=418))
    assert line == (
        f"{GET_CALL}: status_code_conformance: Undocumented HTTP status code: 418"
        " (documented: 200, 401, 404, 429)"
    )


def test_a_server_error_is_two_findings(judge):
    checks = [f.check for f in judge.judge(_exchange("/cc/accounts/self/calls/c1", 503)).findings]
    assert checks == ["not_a_server_error", "status_code_conformance"]


def test_an_undocumented_media_type_is_a_finding(judge):
    exchange = _exchange("/cc/accounts/self/calls/c1", headers=(("content-type", "text/html"),))
    [line] = _lines(judge, exchange)
    assert "content_type_conformance: Undocumented Content-Type: text/html" in line


def test_a_body_that_is_not_json_is_a_finding(judge):
    [line] = _lines(judge, _exchange("/cc/accounts/self/calls/c1", body="<html>"))
    assert "response_schema_conformance: JSON deserialization error" in line


def test_an_undocumented_path_or_method_is_a_finding(judge):
    [line] = _lines(judge, _exchange("/cc/accounts/self/recordings"))
    assert "undocumented_operation" in line
    [line] = _lines(judge, _exchange("/cc/accounts/self/calls/c1", method="PATCH"))
    assert line == (
        "PATCH /cc/accounts/{account_id}/calls/{call_id}: undocumented_operation:"
        " Undocumented method: the path has GET, PUT, DELETE"
    )


def test_a_request_the_spec_refuses_is_a_finding(judge):
    exchange = _exchange(
        "/cc/accounts/self/calls/c1/legs/l1",
        method="PUT",
        request={"state": "frozen"},
        body={"call_id": "c1", "leg_id": "l1"},
    )
    [line] = _lines(judge, exchange)
    assert line.startswith("PUT /cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}:")
    assert "request_schema_conformance" in line
    assert Judge.from_file(check_requests=False).judge(exchange).findings == ()


def test_the_token_endpoint_the_control_api_and_the_proxys_own_answers_are_not_judged(judge):
    token = _exchange("/token", prefix="https://api.vonage.com", method="POST", body={})
    control = _exchange("/_sandbox/calls/c1/answer", prefix="http://127.0.0.1:4011", method="POST")
    failed = Exchange("GET", API + "/cc/accounts/self/calls", (), "", 502, (), "",
                      comment=PROXY_ANSWER + "refused")  # fmt: skip
    assert [judge.judge(e).kind for e in (token, control, failed)] == ["token", "control", "proxy"]
    assert all(judge.judge(e).findings == () for e in (token, control, failed))


def test_the_created_call_id_is_checked_as_text(judge):
    exchange = _exchange(
        "/cc/accounts/self/calls",
        method="POST",
        request={"from": {"type": "extension", "destination": "1001"},
                 "to": {"type": "pstn", "destination": "15551234567"}},
        body="e2610a31-88be-4f12-90c0-ee98dbfaf80b",
        headers=(("content-type", "text/plain; charset=utf-8"),),
    )  # fmt: skip
    assert judge.judge(exchange).findings == ()
