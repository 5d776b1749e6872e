"""The pacing every poll shares (``_polling.Pacer``), on a fake clock: requests an interval
apart, a 429 waits what Retry-After asks and is not counted, other transient failures back
off and count, errors that asking again cannot cure end it at once, the deadline; and the
arguments of watch and wait_for checked before anything is sent."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import vbc_telephony as vbc
from vbc_telephony._polling import Pacer, Polling
from vbc_telephony._request import CallOptions, Request

TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _pacer(
    clock: Clock, *, interval: float = 2.0, max_errors: int = 5, timeout: float | None = None
) -> Pacer:
    return Pacer(
        Polling(interval, max_errors, timeout),
        TIMEOUT,
        clock=clock,
        now=lambda: 0.0,
        random=lambda: 1.0,  # the longest wait the jitter allows
    )


def _status(status: int, retry_after: str | None = None) -> vbc.APIStatusError:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    response = httpx.Response(status, headers=headers, request=httpx.Request("GET", "http://x"))
    return vbc._exceptions.error_for_response(response)


def _poll(pacer: Pacer, clock: Clock) -> None:
    clock.now += pacer.wait()
    pacer.begin()


def test_polls_start_an_interval_apart_and_the_first_at_once() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    assert pacer.wait() == 0
    pacer.begin()
    clock.now += 0.5  # the request took that long
    pacer.succeeded()
    assert pacer.wait() == pytest.approx(1.5)


def test_a_429_waits_what_retry_after_asks_and_is_not_counted() -> None:
    clock = Clock()
    pacer = _pacer(clock, max_errors=1)
    for _ in range(10):
        _poll(pacer, clock)
        assert pacer.failed(_status(429, "7"))
        assert pacer.wait() == 7
    for _ in range(2000):  # without Retry-After: the back-off, capped, for as long as it lasts
        _poll(pacer, clock)
        assert pacer.failed(_status(429))
    assert pacer.wait() == 30.0
    _poll(pacer, clock)
    assert pacer.failed(_status(429, "0"))
    assert pacer.wait() == 2.0  # never sooner than the interval
    _poll(pacer, clock)
    assert pacer.failed(_status(429, "100000"))
    assert pacer.wait() == 60.0  # RETRY_AFTER_MAX


def test_transient_failures_back_off_and_max_errors_ends_it() -> None:
    clock = Clock()
    pacer = _pacer(clock, max_errors=5)
    waits = []
    for _ in range(4):
        _poll(pacer, clock)
        assert pacer.failed(_status(503))
        waits.append(pacer.wait())
    assert waits == [4.0, 8.0, 16.0, 30.0]  # doubling from twice the interval, capped
    _poll(pacer, clock)
    assert not pacer.failed(vbc.APIConnectionError("refused"))  # the fifth in a row
    assert isinstance(pacer.last_error, vbc.APIConnectionError)


def test_a_success_resets_the_count_of_failures() -> None:
    clock = Clock()
    pacer = _pacer(clock, max_errors=2)
    for _ in range(5):
        _poll(pacer, clock)
        assert pacer.failed(_status(502))
        _poll(pacer, clock)
        pacer.succeeded()
        assert pacer.last_error is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_an_error_asking_again_cannot_cure_is_not_ridden_out(status: int) -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _poll(pacer, clock)
    assert not pacer.failed(_status(status))
    assert not pacer.failed(vbc.APIResponseValidationError("not a page"))


def test_the_deadline_cuts_the_wait_and_each_request_s_timeouts() -> None:
    clock = Clock()
    pacer = _pacer(clock, interval=2.0, timeout=3.0)
    assert not pacer.expired()
    _poll(pacer, clock)
    request: Request[None] = Request({}, lambda _: None, CallOptions())
    prepared = pacer.prepare(request)
    assert prepared.options.max_retries == 0  # the poll is its own retry layer
    assert prepared.options.timeout == httpx.Timeout(connect=3.0, read=3.0, write=3.0, pool=3.0)
    clock.now += 1.5
    pacer.succeeded()
    assert pacer.wait() == pytest.approx(0.5)
    _poll(pacer, clock)
    assert pacer.wait() == pytest.approx(1.0)  # the deadline comes before the next poll
    clock.now += pacer.wait()
    assert pacer.expired()


def test_without_a_deadline_a_request_keeps_its_timeouts() -> None:
    pacer = _pacer(Clock())
    own = httpx.Timeout(7.0)
    request: Request[None] = Request({}, lambda _: None, CallOptions(own, 3))
    assert pacer.prepare(request).options == CallOptions(own, 0)


BAD_ARGUMENTS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"interval": 0}, ValueError, "interval"),
    ({"interval": -1.0}, ValueError, "interval"),
    ({"interval": float("nan")}, ValueError, "interval"),
    ({"interval": float("inf")}, ValueError, "interval"),
    ({"interval": "2"}, TypeError, "interval"),
    ({"max_errors": 0}, ValueError, "max_errors"),
    ({"max_errors": 1.5}, TypeError, "max_errors"),
    ({"timeout": 0}, ValueError, "timeout"),
    ({"since": [1, 2]}, TypeError, "since"),
]


@pytest.mark.parametrize(("kwargs", "error", "named"), BAD_ARGUMENTS)
def test_watch_refuses_bad_arguments_before_sending(
    kwargs: dict[str, Any], error: type[Exception], named: str
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    with vbc.Telephony(auth=vbc.BearerToken("t"), transport=httpx.MockTransport(refuse)) as c:
        with pytest.raises(error, match=named):
            c.calls.watch("self", **kwargs)
        with pytest.raises(ValueError, match="account_id"):
            c.calls.watch("")


@pytest.mark.parametrize(
    ("status", "error"),
    [([], ValueError), ("", ValueError), (["on-call", ""], ValueError), (5, TypeError)],
)
def test_wait_for_refuses_bad_statuses_before_sending(status: object, error: type) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    with vbc.Telephony(auth=vbc.BearerToken("t"), transport=httpx.MockTransport(refuse)) as c:
        with pytest.raises(error, match="status"):
            c.calls.wait_for("self", "call-1", status=status)  # type: ignore[arg-type]
        with pytest.raises(error, match="status"):
            c.legs.wait_for("self", "call-1", "leg-1", status=status)  # type: ignore[arg-type]


def test_a_watch_sends_nothing_until_it_is_iterated_and_has_no_raw_form() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    with vbc.Telephony(auth=vbc.BearerToken("t"), transport=httpx.MockTransport(refuse)) as c:
        assert isinstance(c.calls.watch("self"), vbc.CallWatch)
        assert isinstance(c.with_raw_response.calls.watch("self"), vbc.CallWatch)
        assert c.calls.watch("self").snapshot is None
