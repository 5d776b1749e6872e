"""The retry policy: what is retried (and what never is), how long it waits, when it stops,
and what it logs. Waits go to a fake clock; nothing sleeps.

Whether a request is retried after it may have reached the server is decided per operation
(``_replay``): reads are, every operation that acts is not. The same through the sandbox,
with real timeouts: test_act_once.py."""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest
from fakes import (
    BASE_URL,
    CALL,
    OPERATIONS,
    TOKEN,
    Operation,
    Recorder,
    answer,
    json_response,
)
from spec_tools import operations

import vbc_telephony as vbc
from vbc_telephony._constants import LOGGER_NAME
from vbc_telephony._replay import OPERATIONS as REPLAY_BY_OPERATION
from vbc_telephony._replay import Replay

EXTENSION = {"type": "extension", "destination": "1234"}
PSTN = {"type": "pstn", "destination": "15551234567"}


def failing_then_ok(*failures: int | Exception) -> Recorder:
    """Answers each of ``failures`` in turn (a status, or an exception to raise), then 200."""
    pending = list(failures)

    def handle(request: httpx.Request) -> httpx.Response:
        if pending:
            failure = pending.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return json_response(failure, {"code": str(failure), "message": "try later"})
        return answer(request)

    return Recorder(handle)


def get(client: vbc.Telephony, **options: object) -> vbc.Call:
    return client.calls.get("1234", "c1", **options)


def create(client: vbc.Telephony) -> str:
    return client.calls.create("1234", from_=EXTENSION, to=PSTN)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_idempotent_requests_are_retried_on_throttling_and_gateway_errors(
    make_client, clock, status
):
    recorder = failing_then_ok(status, status)
    assert get(make_client(recorder)).call_id == CALL["call_id"]
    assert len(recorder.requests) == 3
    assert clock.sleeps == [0.5, 1.0]


READS = [op for op in OPERATIONS if op.method == "GET"]
ACTIONS = [op for op in OPERATIONS if op.method != "GET"]


def _name(op: Operation) -> str:
    return op.name


def test_every_operation_of_the_spec_is_classified_and_only_reads_are_safe():
    methods = {op["operationId"]: method for _, method, op in operations()}
    assert set(REPLAY_BY_OPERATION) == set(methods)
    safe = {name for name, replay in REPLAY_BY_OPERATION.items() if replay is Replay.SAFE}
    assert safe == {name for name, method in methods.items() if method == "get"}


@pytest.mark.parametrize("op", READS, ids=_name)
def test_every_read_is_retried_after_a_gateway_error_and_a_timeout(make_client, op):
    recorder = failing_then_ok(503, httpx.ReadTimeout("slow"))
    op.call(make_client(recorder))
    assert len(recorder.requests) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 500])
def test_other_error_statuses_are_not_retried(make_client, clock, status):
    recorder = failing_then_ok(status)
    with pytest.raises(vbc.APIStatusError):
        get(make_client(recorder))
    assert len(recorder.requests) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
        httpx.ReadError("reset"),
        httpx.PoolTimeout("busy"),
    ],
    ids=lambda failure: type(failure).__name__,
)
def test_idempotent_requests_are_retried_after_connection_failures(make_client, failure):
    recorder = failing_then_ok(failure)
    assert get(make_client(recorder)).call_id == CALL["call_id"]
    assert len(recorder.requests) == 2


def test_retries_give_up_with_the_last_answer(make_client, clock):
    recorder = failing_then_ok(503, 503, 503, 503)
    with pytest.raises(vbc.InternalServerError):
        get(make_client(recorder))
    assert len(recorder.requests) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_retries_give_up_with_the_last_failure(make_client):
    recorder = failing_then_ok(*[httpx.ConnectError("refused")] * 4)
    with pytest.raises(vbc.APIConnectionError):
        get(make_client(recorder))
    assert len(recorder.requests) == 3


# Every operation that acts (places, changes or ends a call; every leg action) acts once.

MAY_HAVE_ACTED = [
    500,
    502,
    503,
    504,
    httpx.ReadTimeout("the action may have happened"),
    httpx.WriteTimeout("part of the body may have left"),
    httpx.RemoteProtocolError("dropped after sending"),
    httpx.ReadError("reset after sending"),
]
CERTAINLY_DID_NOT_ACT = [
    429,
    httpx.ConnectError("refused"),
    httpx.ConnectTimeout("no connection"),
    httpx.PoolTimeout("no free connection"),
]


@pytest.mark.parametrize("failure", MAY_HAVE_ACTED, ids=str)
@pytest.mark.parametrize("op", ACTIONS, ids=_name)
def test_an_action_is_never_retried_once_the_server_may_have_acted(make_client, op, failure):
    recorder = failing_then_ok(failure)
    with pytest.raises(vbc.VBCError):
        op.call(make_client(recorder))
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("failure", CERTAINLY_DID_NOT_ACT, ids=str)
@pytest.mark.parametrize("op", ACTIONS, ids=_name)
def test_an_action_is_retried_when_the_server_certainly_did_not_act(make_client, op, failure):
    recorder = failing_then_ok(failure, failure)
    op.call(make_client(recorder))
    assert len(recorder.requests) == 3
    assert {request.method for request in recorder.requests} == {op.method}


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (httpx.ReadTimeout("slow"), vbc.APITimeoutError),
        (httpx.WriteTimeout("slow"), vbc.APITimeoutError),
        (httpx.RemoteProtocolError("dropped"), vbc.APIConnectionError),
        (httpx.ReadError("reset"), vbc.APIConnectionError),
    ],
    ids=str,
)
@pytest.mark.parametrize("op", ACTIONS, ids=_name)
def test_an_action_that_may_have_happened_says_so(make_client, op, failure, error):
    with pytest.raises(error) as caught:
        op.call(make_client(failing_then_ok(failure)))
    message = str(caught.value)
    assert message.startswith(f"{op.method} /t/vbc.prod/telephony/v3{op.path} ")
    assert message.endswith("; the action may have happened, and was not repeated")


@pytest.mark.parametrize(
    ("op", "failure"),
    [
        (READS[0], httpx.ReadTimeout("slow")),
        (ACTIONS[0], httpx.ConnectError("refused")),
        (ACTIONS[0], httpx.ConnectTimeout("no connection")),
    ],
    ids=["a read timed out", "an action refused", "an action not connected"],
)
def test_no_such_warning_when_nothing_can_have_happened(make_client, op, failure):
    with pytest.raises(vbc.APIConnectionError) as caught:
        op.call(make_client(failing_then_ok(*[failure] * 3)))
    assert "may have happened" not in str(caught.value)


@pytest.mark.parametrize(
    ("method", "failure", "attempts"),
    [
        ("GET", 503, 2),
        ("HEAD", httpx.ReadTimeout("slow"), 2),
        ("OPTIONS", httpx.RemoteProtocolError("dropped"), 2),
        ("PUT", 503, 1),
        ("DELETE", httpx.ReadTimeout("slow"), 1),
        ("POST", httpx.RemoteProtocolError("dropped"), 1),
        ("PUT", 429, 2),
        ("PATCH", httpx.ConnectError("refused"), 2),
    ],
    ids=str,
)
def test_a_users_own_request_is_replayed_after_it_may_have_arrived_only_if_get_head_options(
    clock, method, failure, attempts
):
    recorder = failing_then_ok(failure)
    transport = vbc.RetryTransport(
        httpx.MockTransport(recorder), sleep=clock.sleep, clock=clock.monotonic
    )
    with httpx.Client(transport=transport) as http, contextlib.suppress(httpx.TransportError):
        http.request(method, "https://api.test/x")
    assert len(recorder.requests) == attempts


class _DroppedMidBody(httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        yield b'{"call_id": "c1", "le'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


def test_a_body_dropped_midway_is_retried_for_get_and_not_for_create(make_client):
    sent: list[str] = []

    def drop_first(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if len(sent) == 1:
            return httpx.Response(200, stream=_DroppedMidBody())
        return answer(request)

    assert get(make_client(drop_first)).call_id == CALL["call_id"]
    assert sent == ["GET", "GET"]
    sent.clear()
    with pytest.raises(vbc.APIConnectionError):
        create(make_client(drop_first))
    assert sent == ["POST"]


# How long it waits.


def test_backoff_doubles_from_half_a_second_up_to_eight(make_client, clock):
    recorder = failing_then_ok(*[503] * 6)
    get(make_client(recorder, max_retries=6))
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


@pytest.mark.parametrize("jitter", [0.0, 0.25, 0.999])
def test_the_wait_is_a_uniform_fraction_of_the_backoff(make_client, clock, jitter):
    get(make_client(failing_then_ok(503, 503, 503), jitter=jitter, max_retries=3))
    assert clock.sleeps == pytest.approx([jitter * 0.5, jitter * 1.0, jitter * 2.0])


def _throttled(retry_after: str) -> httpx.Response:
    return json_response(
        429, {"code": "900802", "message": "throttled"}, **{"Retry-After": retry_after}
    )


def _retry_after_case(value: str) -> Recorder:
    pending = [value]

    def handle(request: httpx.Request) -> httpx.Response:
        return _throttled(pending.pop()) if pending else answer(request)

    return Recorder(handle)


@pytest.mark.parametrize(
    ("retry_after", "expected_wait"),
    [
        ("3", 3.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("-4", 0.0),
        ("in a while", 0.5),  # unreadable: the computed backoff
        ("nan", 0.5),
    ],
)
def test_retry_after_seconds_replace_the_backoff(make_client, clock, retry_after, expected_wait):
    get(make_client(_retry_after_case(retry_after)))
    assert clock.sleeps == [expected_wait]


@pytest.mark.parametrize(("offset", "expected_wait"), [(12, 12.0), (-30, 0.0)])
def test_retry_after_http_dates_are_honoured(make_client, clock, offset, expected_wait):
    when = datetime.fromtimestamp(clock.wall() + offset, UTC)
    get(make_client(_retry_after_case(format_datetime(when, usegmt=True))))
    assert clock.sleeps == [expected_wait]


def test_retry_after_is_capped(clock):
    transport = vbc.RetryTransport(
        httpx.MockTransport(_retry_after_case("86400")),
        deadline=600,
        sleep=clock.sleep,
        clock=clock.monotonic,
        now=clock.wall,
    )
    with httpx.Client(transport=transport) as http:
        assert http.get("https://api.test/x").status_code == 200
    assert clock.sleeps == [60.0]


def test_a_wait_past_the_deadline_is_not_started(make_client, clock):
    recorder = _retry_after_case("86400")  # capped to 60 s: the whole deadline
    with pytest.raises(vbc.RateLimitError):
        get(make_client(recorder))
    assert len(recorder.requests) == 1
    assert clock.sleeps == []


def test_no_retry_starts_after_the_deadline_and_each_retry_gets_only_what_is_left(clock):
    seen: list[dict[str, float]] = []

    def always_busy(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.extensions["timeout"]))
        return httpx.Response(503)

    transport = vbc.RetryTransport(
        httpx.MockTransport(always_busy),
        max_retries=10,
        deadline=5.0,
        sleep=clock.sleep,
        clock=clock.monotonic,
        now=clock.wall,
        random=lambda: 1.0,
    )
    with httpx.Client(transport=transport, timeout=30.0) as http:
        assert http.get("https://api.test/x").status_code == 503
    assert clock.sleeps == [0.5, 1.0, 2.0]  # the next, 4 s, would end after 5 s
    assert [t["read"] for t in seen] == [30.0, 4.5, 3.5, 1.5]
    assert all(t["connect"] == t["read"] for t in seen[1:])


# How many times.


def test_max_retries_zero_disables_retries(make_client):
    recorder = failing_then_ok(503)
    with pytest.raises(vbc.InternalServerError):
        get(make_client(recorder, max_retries=0))
    assert len(recorder.requests) == 1


def test_max_retries_per_call_overrides_the_client(make_client):
    recorder = failing_then_ok(503, 503, 503, 503)
    client = make_client(recorder, max_retries=0)
    assert get(client, max_retries=4).call_id == CALL["call_id"]
    assert len(recorder.requests) == 5
    failing = failing_then_ok(503)
    client = make_client(failing, max_retries=5)
    with pytest.raises(vbc.InternalServerError):
        get(client, max_retries=0)
    assert len(failing.requests) == 1


def test_the_transport_uses_its_own_setting_for_requests_without_one(clock):
    recorder = failing_then_ok(503, 503, 503)
    transport = vbc.RetryTransport(
        httpx.MockTransport(recorder), max_retries=1, sleep=clock.sleep, clock=clock.monotonic
    )
    with httpx.Client(transport=transport) as http:
        assert http.get("https://api.test/x").status_code == 503
    assert len(recorder.requests) == 2


def _busy_then_ok(count: int) -> Recorder:
    """503 (with ``Retry-After: 0``: no real waiting) ``count`` times, then the answer."""
    pending = [count]

    def handle(request: httpx.Request) -> httpx.Response:
        if pending[0]:
            pending[0] -= 1
            return httpx.Response(503, headers={"Retry-After": "0"})
        return answer(request)

    return Recorder(handle)


def test_an_http_clients_retry_transport_sets_the_count():
    recorder = _busy_then_ok(5)
    transport = vbc.RetryTransport(httpx.MockTransport(recorder), max_retries=5)
    with httpx.Client(transport=transport) as http:
        client = vbc.Telephony(base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), http_client=http)
        assert get(client).call_id == CALL["call_id"]
        assert len(recorder.requests) == 6  # not the client's default of 2 retries
        assert get(client, max_retries=0).call_id  # a call's own count still wins
    assert "max_retries=None" in repr(client)


def test_the_clients_max_retries_sets_its_own_transports_count():
    recorder = _busy_then_ok(4)
    transport = httpx.MockTransport(recorder)
    with vbc.Telephony(
        base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), transport=transport, max_retries=4
    ) as client:
        assert get(client).call_id == CALL["call_id"]
    assert len(recorder.requests) == 5


def test_max_retries_beside_an_http_client_is_refused_not_ignored():
    with httpx.Client() as http, pytest.raises(ValueError, match="max_retries or http_client"):
        vbc.Telephony(auth=vbc.BearerToken(TOKEN), http_client=http, max_retries=1)


@pytest.mark.parametrize(
    ("client_class", "transport_class"),
    [(vbc.Telephony, vbc.RetryTransport), (vbc.AsyncTelephony, vbc.AsyncRetryTransport)],
)
def test_a_retry_transport_passed_as_transport_is_refused(client_class, transport_class):
    # The client wraps its transport in its own: the two would multiply the attempts.
    with pytest.raises(ValueError, match=f"wrapped in the client's own {transport_class.__name__}"):
        client_class(auth=vbc.BearerToken(TOKEN), transport=transport_class())


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"max_retries": -1}, ValueError),
        ({"max_retries": "2"}, TypeError),
        ({"deadline": 0}, ValueError),
        ({"deadline": "60"}, TypeError),  # a wrong type is a TypeError, as everywhere
    ],
)
def test_the_transport_refuses_bad_settings(kwargs, error):
    with pytest.raises(error):
        vbc.RetryTransport(**kwargs)


@pytest.mark.anyio
async def test_async_requests_follow_the_same_policy(make_async_client, clock):
    recorder = failing_then_ok(503, httpx.ConnectError("refused"))
    async with make_async_client(recorder) as client:
        assert (await client.calls.get("1234", "c1")).call_id == CALL["call_id"]
        assert clock.sleeps == [0.5, 1.0]
        failing = failing_then_ok(500)
        client_500 = make_async_client(failing)
        with pytest.raises(vbc.InternalServerError):
            await client_500.calls.create("1234", from_=EXTENSION, to=PSTN)
        assert len(failing.requests) == 1
        dropped = failing_then_ok(httpx.ReadTimeout("slow"))
        with pytest.raises(vbc.APITimeoutError):
            await make_async_client(dropped).calls.create("1234", from_=EXTENSION, to=PSTN)
        assert len(dropped.requests) == 1


# What it logs.


def test_each_attempt_is_logged_at_debug_and_each_wait_at_info(make_client, caplog):
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    recorder = failing_then_ok(503, httpx.ConnectError("refused"))
    client = make_client(recorder)
    list(client.calls.list("1234", extension="1001", order="desc"))
    records = [r for r in caplog.records if r.name == LOGGER_NAME]
    debug = [r.getMessage() for r in records if r.levelno == logging.DEBUG]
    waits = [r.getMessage() for r in records if r.levelno == logging.INFO]
    assert not [r for r in records if r.levelno >= logging.WARNING]  # quiet unless asked
    path = "/t/vbc.prod/telephony/v3/cc/accounts/1234/calls"
    assert debug == [
        f"GET {path} -> 503 in 0.0 ms (attempt 1 of 3)",
        f"GET {path} -> ConnectError in 0.0 ms (attempt 2 of 3)",
        f"GET {path} -> 200 in 0.0 ms (attempt 3 of 3)",
    ]
    assert waits == [
        f"GET {path}: 503 Service Unavailable; retrying in 0.50 s (retry 1 of 2)",
        f"GET {path}: ConnectError; retrying in 1.00 s (retry 2 of 2)",
    ]
    for message in debug + waits:
        assert "extension" not in message
        assert "?" not in message
        assert TOKEN not in message


@pytest.mark.parametrize("method", ["get", "create"])
def test_a_tls_certificate_failure_is_not_retried(make_client, method):
    def refuse_certificate(request: httpx.Request) -> httpx.Response:
        try:
            raise ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed")
        except ssl.SSLError as tls:
            raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]") from tls

    recorder = Recorder(refuse_certificate)
    client = make_client(recorder)
    with pytest.raises(vbc.APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        get(client) if method == "get" else create(client)
    assert len(recorder.requests) == 1
