"""The sandbox over raw HTTP: auth, the token endpoint, routing, validation, the control API
(ring, answer, hang up, faults, clock, journal, reset) and what only loopback may do."""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import time

import httpx
import loopback
import pytest
from sandbox_support import ALICE, BOB, CALLS, STATIC, place_call
from server.raw_http import exchange

from vbc_telephony._server.asgi import ErrorBoundary
from vbc_telephony.sandbox._http.application import build_app
from vbc_telephony.testing import Sandbox, SandboxConfig

GATEWAY_401 = {
    "code": "900901",
    "message": "Invalid Credentials",
    "description": (
        "Invalid Credentials. Make sure you have provided the correct security credentials"
    ),
}


def token_form(vbc_sandbox: Sandbox, **fields: str) -> dict[str, str]:
    return {"grant_type": "password", "scope": "openid", **vbc_sandbox.credentials, **fields}


# Auth.


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer nope", "Basic c2FuZGJveDpzYW5kYm94", "Bearer sandbox-token2"],
)
def test_without_a_valid_token_every_operation_is_401_in_the_gateways_shape(
    vbc_sandbox: Sandbox, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    answer = loopback.get(vbc_sandbox.base_url + CALLS, headers=headers)
    assert answer.status_code == 401
    assert answer.json() == GATEWAY_401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_another_account_is_401(http: httpx.Client) -> None:
    answer = http.get("/cc/accounts/1001/calls")
    assert answer.status_code == 401
    assert answer.json()["code"] == "900901"
    assert "1001" in answer.json()["description"]
    assert http.get("/cc/accounts/1000/calls").status_code == 200


def test_the_token_endpoint_grants_rotates_and_refuses(vbc_sandbox: Sandbox) -> None:
    issued = loopback.post(vbc_sandbox.token_url, data=token_form(vbc_sandbox))
    assert issued.status_code == 200
    assert issued.headers["cache-control"] == "no-store"
    body = issued.json()
    assert set(body) == {"access_token", "refresh_token", "scope", "token_type", "expires_in"}
    assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 86400, "openid")
    bearer = {"Authorization": f"Bearer {body['access_token']}"}
    assert loopback.get(vbc_sandbox.base_url + CALLS, headers=bearer).status_code == 200

    refresh = {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]}
    basic = base64.b64encode(b"sandbox:sandbox").decode()
    renewed = loopback.post(
        vbc_sandbox.token_url, data=refresh, headers={"Authorization": f"Basic {basic}"}
    )
    assert renewed.status_code == 200
    assert renewed.json()["refresh_token"] != body["refresh_token"]
    assert loopback.get(vbc_sandbox.base_url + CALLS, headers=bearer).status_code == 401

    again = loopback.post(vbc_sandbox.token_url, data={**refresh, **vbc_sandbox.credentials})
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize(
    ("send", "status", "error"),
    [
        ({"data": {"password": "wrong"}}, 400, "invalid_grant"),
        ({"data": {"client_secret": "wrong"}}, 401, "invalid_client"),
        ({"json": {"grant_type": "password"}}, 400, "invalid_request"),
        ({"content": b"grant_type=\xff", "form": True}, 400, "invalid_request"),
    ],
    ids=["wrong password", "wrong client", "json instead of a form", "not UTF-8"],
)
def test_token_refusals_are_oauth_errors(
    vbc_sandbox: Sandbox, send: dict[str, object], status: int, error: str
) -> None:
    if "data" in send:
        answer = loopback.post(vbc_sandbox.token_url, data=token_form(vbc_sandbox, **send["data"]))  # type: ignore[arg-type]
    elif "json" in send:
        answer = loopback.post(vbc_sandbox.token_url, json=send["json"])
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        answer = loopback.post(vbc_sandbox.token_url, content=send["content"], headers=headers)  # type: ignore[arg-type]
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert answer.json()["error_description"]


# Routing and validation.


@pytest.mark.parametrize(
    "path", ["/", "/t/vbc.prod/telephony/v3", "/t/vbc.prod/telephony/v3/cc/accounts/self/calls/"]
)
def test_paths_that_are_not_the_api_are_404_in_the_error_shape(
    vbc_sandbox: Sandbox, path: str
) -> None:
    answer = loopback.get(vbc_sandbox.server_url + path, headers=STATIC)
    assert answer.status_code == 404
    assert answer.json()["code"] == "404"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", CALLS, "GET, POST"),
        ("POST", CALLS + "/x/legs", "GET"),
        ("OPTIONS", CALLS + "/x/legs/y", "GET, PUT, DELETE"),
        ("HEAD", "/registration/accounts/self/devices", "GET"),
    ],
)
def test_a_method_the_path_lacks_is_405_with_allow(
    http: httpx.Client, method: str, path: str, allow: str
) -> None:
    answer = http.request(method, path)
    assert answer.status_code == 405
    assert answer.headers["allow"] == allow


def test_the_token_endpoint_takes_post_only(vbc_sandbox: Sandbox) -> None:
    answer = loopback.get(vbc_sandbox.token_url)
    assert (answer.status_code, answer.headers["allow"]) == (405, "POST")


@pytest.mark.parametrize(
    ("method", "path", "body", "says"),
    [
        ("GET", CALLS + "?page=0", None, "query parameter 'page': 0 is less than the minimum of 1"),
        ("GET", CALLS + "?page_size=x", None, "query parameter 'page_size'"),
        ("GET", CALLS + "?order=up", None, "query parameter 'order'"),
        ("GET", CALLS + "?page=1&page=2", None, "query parameter 'page'"),
        ("POST", CALLS, {"from": ALICE}, '"to" is a required property'),
        ("POST", CALLS, {"from": ALICE, "to": {**BOB, "type": "leg"}}, "field 'to.type'"),
        ("POST", CALLS, {"from": ALICE, "to": BOB, "x": 1}, "'x' was unexpected"),
        ("POST", CALLS, None, "a JSON body is required"),
        ("PUT", CALLS + "/c/legs/l", {"dtmf": "12x"}, "field 'dtmf'"),
        ("PUT", CALLS + "/c/legs/l", {"stream": True, "stream_url": "ftp://x"}, "'stream_url'"),
        ("PUT", CALLS + "/c", {"state": "parked"}, '"from" is a required property'),
    ],
)
def test_what_the_spec_refuses_is_400_naming_the_field(
    http: httpx.Client, method: str, path: str, body: object, says: str
) -> None:
    answer = http.request(method, path, json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "400"
    assert says in answer.json()["message"]


@pytest.mark.parametrize(
    ("content", "content_type", "says"),
    [
        (b"{", "application/json", "not valid JSON"),
        (b'{"from": "\xff"}', "application/json", "not UTF-8"),
        (b"from=1", "application/x-www-form-urlencoded", "Content-Type must be application/json"),
    ],
)
def test_a_body_that_is_not_json_is_400(
    http: httpx.Client, content: bytes, content_type: str, says: str
) -> None:
    answer = http.post(CALLS, content=content, headers={"Content-Type": content_type})
    assert answer.status_code == 400
    assert says in answer.json()["message"]


# The API's state over raw HTTP.


def test_a_placed_call_is_text_then_listed_then_gone(http: httpx.Client) -> None:
    answer = http.post(CALLS, json={"from": ALICE, "to": BOB, "type": "click2dial"})
    assert answer.headers["content-type"].startswith("text/plain")
    call_id = answer.text
    call = http.get(f"{CALLS}/{call_id}").json()
    assert (call["status"], call["from"], call["to"], call["account_id"]) == (
        "ringing",
        1001,
        15551234567,
        1000,
    )
    assert [c["call_id"] for c in http.get(CALLS).json()["calls"]] == [call_id]
    ended = http.delete(f"{CALLS}/{call_id}")
    assert (ended.status_code, ended.json()["call_state"]) == (200, "ended")
    for method in ("GET", "DELETE"):
        assert http.request(method, f"{CALLS}/{call_id}").status_code == 404
    assert http.get(f"{CALLS}/{call_id}/legs").status_code == 404
    assert http.get(CALLS).json()["calls"] == []


def test_leg_actions_over_http(http: httpx.Client, control: httpx.Client) -> None:
    call_id = place_call(http)
    legs = f"{CALLS}/{call_id}/legs"
    leg_id = http.get(legs).json()[0]["leg_id"]
    leg = f"{legs}/{leg_id}"
    assert http.put(leg, json={"state": "held"}).status_code == 409  # still ringing
    assert control.post(f"/calls/{call_id}/answer").status_code == 204
    held = http.put(leg, json={"state": "held"})
    assert (held.status_code, held.json()["call_state"], held.json()["leg_id"]) == (
        200,
        "held",
        leg_id,
    )
    assert http.get(leg).json()["status"] == "held"
    conflict = http.put(leg, json={"state": "held"})
    assert conflict.status_code == 409
    assert conflict.json() == {"code": "409", "message": f"Leg {leg_id!r} is held already"}
    assert http.put(leg, json={"recording": "stop", "service": "ccr"}).status_code == 409
    assert http.put(leg, json={"state": "active"}).json()["call_state"] == "on-call"
    assert http.delete(leg).status_code == 204
    assert http.get(leg).status_code == 404
    other = http.get(legs).json()[0]["leg_id"]
    assert http.delete(f"{legs}/{other}").status_code == 204
    assert http.get(f"{CALLS}/{call_id}").status_code == 404  # its last leg went


def test_a_list_asked_again_shows_every_change(http: httpx.Client, control: httpx.Client) -> None:
    def statuses() -> list[list[str]]:
        calls = http.get(CALLS, params={"order": "asc"}).json()["calls"]
        return [[call["status"], *(leg["status"] for leg in call["legs"])] for call in calls]

    call_id = place_call(http)
    assert statuses() == [["ringing", "ringing", "ringing"]]
    control.post(f"/calls/{call_id}/answer")
    assert statuses() == [["on-call", "on-call", "on-call"]]
    leg_id = http.get(f"{CALLS}/{call_id}/legs").json()[1]["leg_id"]
    http.put(f"{CALLS}/{call_id}/legs/{leg_id}", json={"state": "held"})
    assert statuses() == [["on-call", "on-call", "held"]]
    second = place_call(http)
    assert statuses() == [["on-call", "on-call", "held"], ["ringing", "ringing", "ringing"]]
    http.delete(f"{CALLS}/{second}")
    assert len(statuses()) == 1


def test_devices_over_http(http: httpx.Client) -> None:
    page = http.get("/registration/accounts/self/devices", params={"page_size": 2}).json()
    assert (len(page["devices"]), page["pages"], page["current_page"]) == (2, 2, 1)
    assert (
        page["next_page_uri"] == "/registration/accounts/1000/devices?page=2&page_size=2&order=desc"
    )
    mac = page["devices"][0]["mac_address"]
    assert http.get(f"/registration/accounts/self/devices/{mac}").json() == page["devices"][0]
    assert http.get("/registration/accounts/self/devices/00-00-00-00-00-00").status_code == 404


# The control API.


def test_ring_answer_and_hang_up_through_the_control_api(
    http: httpx.Client, control: httpx.Client
) -> None:
    rung = control.post("/calls", json={"from": BOB, "to": ALICE})
    assert rung.status_code == 201
    call_id = rung.json()["call_id"]
    call = http.get(f"{CALLS}/{call_id}").json()
    assert (call["direction"], call["status"]) == ("inbound", "ringing")
    assert control.post(f"/calls/{call_id}/answer").status_code == 204
    assert http.get(f"{CALLS}/{call_id}").json()["status"] == "on-call"
    assert control.post(f"/calls/{call_id}/answer").status_code == 409
    assert control.post(f"/calls/{call_id}/hangup").status_code == 204
    assert control.post(f"/calls/{call_id}/hangup").status_code == 404
    assert http.get(f"{CALLS}/{call_id}").status_code == 404


def test_reject_ends_a_ringing_call_busy_through_the_control_api(
    http: httpx.Client, control: httpx.Client
) -> None:
    call_id = control.post("/calls", json={"from": BOB, "to": ALICE}).json()["call_id"]
    assert control.post(f"/calls/{call_id}/reject", json={"state": "busy"}).status_code == 204
    call = http.get(f"{CALLS}/{call_id}").json()
    assert call["status"] == "busy"
    assert [leg["status"] for leg in http.get(f"{CALLS}/{call_id}/legs").json()] == ["busy"] * 2
    again = control.post(f"/calls/{call_id}/reject", json={"state": "unanswered"})
    assert again.status_code == 409
    assert "ended busy" in again.json()["message"]
    assert control.post("/calls/nope/reject", json={"state": "busy"}).status_code == 404
    assert control.post(f"/calls/{call_id}/hangup").status_code == 204
    assert http.get(f"{CALLS}/{call_id}").status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "says"),
    [
        ("/calls", {"from": BOB}, '"to" is a required property'),
        ("/calls", {"from": BOB, "to": {"type": "leg", "destination": "x"}}, "'to.type'"),
        ("/faults", {"method": "GET", "path": "/x"}, "Invalid request body"),
        ("/faults", {"method": "GET", "path": "/x", "status": 200}, "'status'"),
        ("/clock", {"advance": -1}, "'advance'"),
        ("/calls/x/reject", {}, '"state" is a required property'),
        ("/calls/x/reject", {"state": "declined"}, "'state'"),
        ("/calls/x/reject", {"state": "busy", "why": "x"}, "'why'"),
        ("/calls/x/reject", [], "Invalid request body"),
    ],
)
def test_control_bodies_are_checked(
    control: httpx.Client, path: str, body: object, says: str
) -> None:
    answer = control.post(path, json=body)
    assert answer.status_code == 400
    assert says in answer.json()["message"]


@pytest.mark.parametrize(
    ("fault", "field"),
    [
        ({"status": 500.0}, "status"),
        ({"status": 503, "retry_after": 1.0}, "retry_after"),
        ({"status": 503, "count": 2.0}, "count"),
        ({"latency_ms": 10.0}, "latency_ms"),
        ({"path": "/", "status": 500}, "path"),
        ({"path": "//", "status": 500}, "path"),
        ({"path": "/cc/**", "status": 500}, "path"),
        ({"path": "/cc/accounts/*/calls/", "status": 500}, "path"),
        ({"path": "cc/accounts/*/calls", "status": 500}, "path"),
        ({"path": "/t/vbc.prod/telephony/v3/cc/accounts/*/calls", "status": 500}, "path"),
    ],
)
def test_a_fault_that_makes_no_sense_is_400_naming_the_field(
    http: httpx.Client, control: httpx.Client, fault: dict[str, object], field: str
) -> None:
    answer = control.post("/faults", json={"method": "*", "path": "/cc/accounts/*/calls", **fault})
    assert answer.status_code == 400, answer.text
    assert f"field {field!r}" in answer.json()["message"]
    assert http.get(CALLS).status_code == 200


@pytest.mark.parametrize(
    "path", ["/token", "/cc/accounts/*/calls/*/legs/*", "/registration/accounts/1000/devices"]
)
def test_a_fault_on_any_served_path_is_accepted(control: httpx.Client, path: str) -> None:
    assert (
        control.post("/faults", json={"method": "GET", "path": path, "status": 500}).status_code
        == 201
    )


def test_faults_status_retry_after_count_then_clear(
    http: httpx.Client, control: httpx.Client
) -> None:
    fault = {"method": "GET", "path": "/cc/accounts/*/calls", "status": 429, "retry_after": 1}
    assert control.post("/faults", json={**fault, "count": 2}).status_code == 201
    for _ in range(2):
        answer = http.get(CALLS)
        assert (answer.status_code, answer.headers["retry-after"]) == (429, "1")
        assert answer.json()["code"] == "900802"
    assert http.get(CALLS).status_code == 200
    control.post("/faults", json={**fault, "status": 503, "count": 5})
    failed = http.get(CALLS)
    assert (failed.status_code, failed.json()["code"]) == (503, "503")
    assert control.delete("/faults").status_code == 204
    assert http.get(CALLS).status_code == 200


def test_a_latency_fault_delays_then_answers(http: httpx.Client, control: httpx.Client) -> None:
    control.post(
        "/faults", json={"method": "*", "path": "/cc/accounts/self/calls", "latency_ms": 300}
    )
    with pytest.raises(httpx.ReadTimeout):
        http.get(CALLS, timeout=0.1)
    control.post(
        "/faults", json={"method": "POST", "path": "/cc/accounts/self/calls", "latency_ms": 50}
    )
    assert http.post(CALLS, json={"from": ALICE, "to": BOB}).status_code == 200


def test_a_drop_fault_closes_the_connection_unanswered(
    vbc_sandbox: Sandbox, control: httpx.Client, http: httpx.Client
) -> None:
    control.post("/faults", json={"method": "POST", "path": "/cc/accounts/*/calls", "drop": True})
    port = int(vbc_sandbox.server_url.rsplit(":", 1)[1])
    body = json.dumps({"from": ALICE, "to": BOB}).encode()
    request = (
        b"POST /t/vbc.prod/telephony/v3/cc/accounts/self/calls HTTP/1.1\r\nHost: t\r\n"
        b"Authorization: Bearer sandbox-token\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    answer = exchange(port, request)
    assert (answer.status, answer.body, answer.timed_out) == (None, b"", False)
    assert http.get(CALLS).json()["calls"] == []  # a faulted request does nothing
    assert vbc_sandbox.requests[0].status is None


def test_the_clock_expires_tokens(vbc_sandbox: Sandbox, control: httpx.Client) -> None:
    token = loopback.post(vbc_sandbox.token_url, data=token_form(vbc_sandbox)).json()[
        "access_token"
    ]
    bearer = {"Authorization": f"Bearer {token}"}
    assert loopback.get(vbc_sandbox.base_url + CALLS, headers=bearer).status_code == 200
    now = control.post("/clock", json={"advance": 86400}).json()["now"]
    assert now > 0
    assert loopback.get(vbc_sandbox.base_url + CALLS, headers=bearer).status_code == 401


@pytest.mark.parametrize("advance", [1e308, 253402300800, 10**400])
def test_the_clock_stays_within_the_specs_bounds(
    http: httpx.Client, control: httpx.Client, advance: float
) -> None:
    for _ in range(2):
        answer = control.post("/clock", json={"advance": advance})
        assert answer.status_code == 400
        assert "field 'advance'" in answer.json()["message"]
    call_id = place_call(http)  # the clock still works
    assert http.get(f"{CALLS}/{call_id}").status_code == 200


def test_the_clock_goes_up_to_the_latest_time_the_api_sends(
    http: httpx.Client, control: httpx.Client
) -> None:
    latest = 253402300799
    now = control.post("/clock", json={"advance": 0}).json()["now"]
    moved = control.post("/clock", json={"advance": latest - now - 5}).json()["now"]
    assert latest - 10 < moved <= latest
    start = http.get(f"{CALLS}/{place_call(http)}").json()["start_time"]
    assert latest - 10 < start <= latest
    assert control.post("/clock", json={"advance": 60}).status_code == 400


def test_the_journal_records_requests_without_secrets(
    vbc_sandbox: Sandbox, control: httpx.Client, http: httpx.Client
) -> None:
    loopback.post(vbc_sandbox.token_url, data=token_form(vbc_sandbox))
    http.get(CALLS, params={"page_size": 5, "order": "asc"})
    http.post(CALLS, json={"from": ALICE, "to": BOB})
    loopback.get(vbc_sandbox.base_url + CALLS)
    journal = control.get("/requests").json()["requests"]
    assert [(e["method"], e["status"], e["token_valid"]) for e in journal] == [
        ("POST", 200, None),
        ("GET", 200, True),
        ("POST", 200, True),
        ("GET", 401, False),
    ]
    arrived = journal[0].pop("time")
    assert journal[0] == {
        "method": "POST",
        "path": "/token",
        "query": {},
        "body": {"grant_type": "password"},
        "status": 200,
        "token_valid": None,
    }
    # When each arrived, on the sandbox's clock: in order, and now.
    times = [arrived, *(entry["time"] for entry in journal[1:])]
    assert times == sorted(times)
    assert abs(times[-1] - time.time()) < 60
    assert journal[1]["query"] == {"page_size": "5", "order": "asc"}
    assert journal[2]["body"] == {"from": ALICE, "to": BOB}
    text = str(journal)
    assert "sandbox-token" not in text
    assert vbc_sandbox.credentials["password"] not in text.replace("sandbox@", "")
    assert vbc_sandbox.credentials["client_secret"] not in text.replace("sandbox@", "")


def test_the_journal_keeps_no_large_bodies(http: httpx.Client, control: httpx.Client) -> None:
    http.post(CALLS, json={"from": ALICE, "to": BOB, "type": "x" * 70_000})
    http.post(CALLS, json={"from": ALICE, "to": BOB, "type": "x"})
    bodies = [entry["body"] for entry in control.get("/requests").json()["requests"]]
    assert bodies == [None, {"from": ALICE, "to": BOB, "type": "x"}]


def test_reset_returns_to_the_seeded_state(
    vbc_sandbox: Sandbox, http: httpx.Client, control: httpx.Client
) -> None:
    first = place_call(http)
    control.post("/faults", json={"method": "*", "path": "/x", "status": 500})
    assert control.post("/reset").status_code == 204
    assert http.get(CALLS).json()["calls"] == []
    assert control.get("/requests").json()["requests"][-1]["path"].endswith("/calls")
    assert place_call(http) == first  # the seed's first id again


def test_a_request_in_flight_during_a_reset_has_no_effect_and_is_not_journaled(
    http: httpx.Client, control: httpx.Client
) -> None:
    seeded_first = place_call(http)  # the seed's first call id
    assert control.post("/reset").status_code == 204
    control.post(
        "/faults", json={"method": "POST", "path": "/cc/accounts/*/calls", "latency_ms": 1500}
    )
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        slow = pool.submit(http.post, CALLS, json={"from": ALICE, "to": BOB})
        time.sleep(0.3)  # the POST has reached the sandbox and waits out its latency
        assert control.post("/reset").status_code == 204
        answer = slow.result()
    assert answer.status_code == 503
    assert "reset" in answer.json()["message"]
    assert control.get("/requests").json()["requests"] == []
    time.sleep(1.5)  # past the latency: nothing turns up late
    assert http.get(CALLS).json()["calls"] == []
    assert place_call(http) == seeded_first  # the stale POST took no seeded id
    assert [entry["path"] for entry in control.get("/requests").json()["requests"]] == [
        "/t/vbc.prod/telephony/v3" + CALLS,
        "/t/vbc.prod/telephony/v3" + CALLS,
    ]


def test_the_control_api_answers_loopback_clients_only() -> None:
    app = ErrorBoundary(build_app(SandboxConfig(seed=1)))

    async def from_elsewhere() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as remote:
            reset = await remote.post("/_sandbox/reset")
            api = await remote.get("/t/vbc.prod/telephony/v3" + CALLS, headers=STATIC)
            return reset, api

    reset, api = asyncio.run(from_elsewhere())
    assert (reset.status_code, reset.json()["code"]) == (403, "403")
    assert api.status_code == 200
