"""Hostile input gets a 4xx in the spec's Error shape, never a hang, a 5xx or a traceback, and
the sandbox goes on serving: malformed framing, hostile JSON keys, deep nesting, non-ASCII
tokens, truncated and oversized bodies."""

from __future__ import annotations

import json

import loopback
import pytest
from sandbox_support import CALLS, STATIC
from server.raw_http import MALFORMED, RawAnswer, exchange

from vbc_telephony._server import asgi as _asgi
from vbc_telephony.testing import Sandbox

PATH = b"/t/vbc.prod/telephony/v3/cc/accounts/self/calls"


def _port(vbc_sandbox: Sandbox) -> int:
    return int(vbc_sandbox.server_url.rsplit(":", 1)[1])


def _is_4xx_error(answer: RawAnswer) -> bool:
    if answer.status is None or not 400 <= answer.status < 500 or answer.timed_out:
        return False
    body = answer.json()
    return isinstance(body, dict) and bool(body.get("message"))


def _post(body: bytes, *, token: bytes = b"sandbox-token") -> bytes:
    return (
        b"POST " + PATH + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
        b"Authorization: Bearer " + token + b"\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    ) + body


@pytest.fixture(autouse=True)
def _still_serves(vbc_sandbox: Sandbox, capfd: pytest.CaptureFixture[str]) -> None:
    yield
    answer = loopback.get(vbc_sandbox.base_url + CALLS, headers=STATIC, timeout=5)
    assert answer.status_code == 200
    assert vbc_sandbox.requests  # the journal, whatever it recorded, is still readable
    assert "Traceback" not in "".join(capfd.readouterr())


@pytest.mark.parametrize("request_bytes", MALFORMED.values(), ids=list(MALFORMED))
def test_malformed_framing(vbc_sandbox: Sandbox, request_bytes: bytes) -> None:
    answer = exchange(_port(vbc_sandbox), request_bytes)
    assert answer.status == 400
    assert _is_4xx_error(answer)


@pytest.mark.parametrize(
    "body",
    [
        {"__proto__": {"admin": True}, "from": {}, "to": {}},
        {"constructor": 1},
        {"\u202e\u0000": 1},
        {"é" * 300: "x"},
        {"from": {"type": "extension", "destination": "1", "\ud800x": 1}},
    ],
    ids=["__proto__", "constructor", "control characters", "long non-ASCII", "lone surrogate"],
)
def test_hostile_json_keys(vbc_sandbox: Sandbox, body: dict[str, object]) -> None:
    raw = json.dumps(body).encode()
    answer = exchange(_port(vbc_sandbox), _post(raw))
    assert answer.status == 400
    assert _is_4xx_error(answer)


def test_a_lone_surrogate_on_the_control_api(vbc_sandbox: Sandbox) -> None:
    raw = b'{"from": {"type": "pstn", "destination": "\\ud800"}, "to": {}}'
    answer = loopback.post(
        vbc_sandbox.server_url + "/_sandbox/calls",
        content=raw,
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert answer.status_code == 400
    assert "lone surrogate" in answer.json()["message"]


@pytest.mark.parametrize("depth", [33, 5000, 200_000])
def test_deep_nesting(vbc_sandbox: Sandbox, depth: int) -> None:
    answer = exchange(_port(vbc_sandbox), _post(b"[" * depth + b"]" * depth))
    assert answer.status in (400, 413)
    assert _is_4xx_error(answer)


@pytest.mark.parametrize(
    "token", ["sändbox-token".encode("latin-1"), "токен".encode(), b"\xff\xfe", b"x" * 8000]
)
def test_non_ascii_and_huge_tokens_are_401(vbc_sandbox: Sandbox, token: bytes) -> None:
    answer = exchange(_port(vbc_sandbox), _post(b"{}", token=token))
    assert answer.status in (400, 401, 431)
    assert _is_4xx_error(answer)


def test_non_ascii_form_fields_at_the_token_endpoint(vbc_sandbox: Sandbox) -> None:
    form = "grant_type=password&username=Ω&password=\u0000".encode()
    head = (
        b"POST /token HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: %d\r\n\r\n" % len(form)
    )
    answer = exchange(_port(vbc_sandbox), head + form)
    assert answer.status in (400, 401)
    assert isinstance(answer.json(), dict)


def test_a_truncated_body_is_408_not_a_hang(
    vbc_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_asgi, "BODY_TIMEOUT", 0.5)
    head = _post(b"")
    truncated = head.replace(b"Content-Length: 0", b"Content-Length: 100") + b'{"from"'
    answer = exchange(_port(vbc_sandbox), truncated)
    assert answer.status == 408
    assert _is_4xx_error(answer)


def test_an_oversized_body_is_413(vbc_sandbox: Sandbox) -> None:
    head = _post(b"").replace(b"Content-Length: 0", b"Content-Length: 99999999")
    answer = exchange(_port(vbc_sandbox), head)
    assert answer.status == 413
    assert _is_4xx_error(answer)


@pytest.mark.parametrize(
    "query",
    [b"page=%ff%fe", b"page=1e3", b"page=" + b"9" * 5000, b"extension=%00", b"order=%E2%80%AE"],
)
def test_hostile_query_strings(vbc_sandbox: Sandbox, query: bytes) -> None:
    request = (
        b"GET " + PATH + b"?" + query + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
        b"Authorization: Bearer sandbox-token\r\n\r\n"
    )
    answer = exchange(_port(vbc_sandbox), request)
    assert answer.status in (200, 400)
    assert answer.status == 200 or _is_4xx_error(answer)
