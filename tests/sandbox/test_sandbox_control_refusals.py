"""What a web page elsewhere cannot make a browser do to the sandbox's control API, over raw
HTTP as an attacker's page would send it: no simple (preflight-free) request changes
anything, a foreign ``Origin`` or ``Host`` (DNS rebinding) is 403, and bodies have the API's
bounds. Requests from the sandbox's own origin still work."""

from __future__ import annotations

import httpx
import loopback
import pytest
from sandbox_support import CALLS, STATIC, place_call
from server.raw_http import RawAnswer, exchange, is_error_shape

from vbc_telephony._server import asgi as _asgi
from vbc_telephony.testing import Sandbox

FAULT = b'{"method": "*", "path": "/cc/accounts/*/calls", "status": 503, "count": 1000}'


def _port(vbc_sandbox: Sandbox) -> int:
    return int(vbc_sandbox.server_url.rsplit(":", 1)[1])


def _control(
    vbc_sandbox: Sandbox, path: str, headers: dict[str, str], body: bytes = FAULT
) -> RawAnswer:
    head = {"Host": f"127.0.0.1:{_port(vbc_sandbox)}", "Connection": "close", **headers}
    lines = "".join(f"{name}: {value}\r\n" for name, value in head.items())
    request = (
        f"POST /_sandbox{path} HTTP/1.1\r\n{lines}Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    return exchange(_port(vbc_sandbox), request + body)


def _calls_answer(vbc_sandbox: Sandbox) -> int:
    return loopback.get(vbc_sandbox.base_url + CALLS, headers=STATIC, timeout=5).status_code


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/plain", "Origin": "http://evil.example"},
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "multipart/form-data; boundary=x"},
        {},
    ],
    ids=["text-plain-from-evil", "text-plain", "form", "multipart", "no-content-type"],
)
def test_a_request_a_page_can_send_without_preflight_changes_nothing(
    vbc_sandbox: Sandbox, headers: dict[str, str]
) -> None:
    answer = _control(vbc_sandbox, "/faults", headers)
    assert answer.status in (403, 415)
    assert is_error_shape(answer.json(), answer.status)
    assert _calls_answer(vbc_sandbox) == 200  # no fault was added


def test_a_form_posted_reset_does_not_reset(vbc_sandbox: Sandbox, http: httpx.Client) -> None:
    call_id = place_call(http)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert _control(vbc_sandbox, "/reset", form, b"").status == 415
    assert [call["call_id"] for call in http.get(CALLS).json()["calls"]] == [call_id]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "https://127.0.0.1:{port}"},
        {"Origin": "http://127.0.0.1:1"},
        {"Host": "evil.example:{port}"},
        {"Host": "evil.example:{port}", "Origin": "http://evil.example:{port}"},
        {"Host": "127.0.0.1:1"},
        {"Host": ""},
        {"Sec-Fetch-Site": "cross-site"},
    ],
    ids=[
        "foreign-origin",
        "null-origin",
        "other-scheme",
        "other-port",
        "rebound-host",
        "rebound-host-and-origin",
        "host-other-port",
        "empty-host",
        "cross-site-fetch",
    ],
)
def test_a_foreign_origin_or_host_is_403_even_with_json(
    vbc_sandbox: Sandbox, headers: dict[str, str]
) -> None:
    port = _port(vbc_sandbox)
    filled = {name: value.format(port=port) for name, value in headers.items()}
    answer = _control(vbc_sandbox, "/faults", {"Content-Type": "application/json", **filled})
    assert answer.status == 403
    assert is_error_shape(answer.json(), 403)
    assert _calls_answer(vbc_sandbox) == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"},
        {"Host": "localhost:{port}", "Origin": "http://localhost:{port}"},
        {"Host": "[::1]:{port}"},
    ],
    ids=["no-origin", "same-origin", "localhost", "ipv6-loopback-name"],
)
def test_the_sandboxs_own_origin_is_served(vbc_sandbox: Sandbox, headers: dict[str, str]) -> None:
    port = _port(vbc_sandbox)
    filled = {name: value.format(port=port) for name, value in headers.items()}
    answer = _control(vbc_sandbox, "/faults", {"Content-Type": "application/json", **filled})
    assert answer.status == 201, answer
    assert _calls_answer(vbc_sandbox) == 503


def test_a_control_body_that_stalls_is_408(
    vbc_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_asgi, "BODY_TIMEOUT", 0.5)
    port = _port(vbc_sandbox)
    request = (
        f"POST /_sandbox/calls HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"fr'
    ).encode()
    answer = exchange(port, request)
    assert answer.status == 408
    assert is_error_shape(answer.json(), 408)


def test_a_control_body_past_the_cap_is_413(vbc_sandbox: Sandbox) -> None:
    body = b'{"method": "*", "path": "/token", "status": 500, "x": "' + b"x" * 8_000_000 + b'"}'
    answer = _control(vbc_sandbox, "/faults", {"Content-Type": "application/json"}, body)
    assert answer.status == 413
    assert is_error_shape(answer.json(), 413)
    assert _calls_answer(vbc_sandbox) == 200
