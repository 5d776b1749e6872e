"""The auth module: each grant's token request, renewal, replay, fallback, safety, single-flight.

A fake token endpoint and API run in-process behind httpx.MockTransport: the endpoint issues
numbered token pairs, honours each refresh token once (rotation) and the API accepts only the
access tokens it currently considers valid.
"""

from __future__ import annotations

import base64
import json
import logging
import string
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vbc_telephony._auth import (
    AuthorizationCodeGrant,
    BearerToken,
    PasswordGrant,
    RefreshTokenGrant,
    Token,
)
from vbc_telephony._constants import LOGGER_NAME, TOKEN_REFRESH_MARGIN
from vbc_telephony._exceptions import AuthenticationError, InternalServerError

TOKEN_URL = "https://auth.test/token"
API = "https://api.test/v3/calls"
CLIENT_ID = "the-client-id"
CLIENT_SECRET = "the-client-secret"
PASSWORD = "the-password"
LIFETIME = 3600

AuthT = TypeVar("AuthT", bound=httpx.Auth)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class FakeServer:
    """Token endpoint and API in one MockTransport handler, counting what it receives."""

    def __init__(
        self,
        *,
        token_delay: float = 0.0,
        token_prefix: str = "tok",
        password: str = PASSWORD,
        client_secret: str = CLIENT_SECRET,
    ) -> None:
        self.token_delay = token_delay
        self.token_prefix = token_prefix
        self.password = password
        self.client_secret = client_secret
        self.lifetime: int | None = LIFETIME
        self.issue_refresh_tokens = True
        self.accept_tokens = True
        self.token_answer: Callable[[httpx.Request], httpx.Response] | None = None
        self.token_forms: list[dict[str, str]] = []
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.api_authorizations: list[str | None] = []  # as sent: a replay edits its request
        self.valid_access: set[str] = set()
        self.valid_refresh: set[str] = set()
        self.valid_codes: set[str] = {"the-code"}
        self._issued = 0
        self._lock = threading.Lock()
        self._held_401s: threading.Barrier | None = None
        self._held_401s_async: tuple[list[int], int, anyio.Event] | None = None

    def hold_401s(self, count: int) -> None:
        """Answer the next ``count`` 401s only once they have all been asked for."""
        self._held_401s = threading.Barrier(count, timeout=5)
        self._held_401s_async = ([0], count, anyio.Event())

    @property
    def grants(self) -> list[str]:
        return [form["grant_type"] for form in self.token_forms]

    def revoke_access_tokens(self) -> None:
        with self._lock:
            self.valid_access.clear()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            time.sleep(self.token_delay)
            return self._token(request)
        response = self._api(request)
        if response.status_code == 401 and self._held_401s is not None:
            self._held_401s.wait()
        return response

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            await anyio.sleep(self.token_delay)
            return self._token(request)
        response = self._api(request)
        if response.status_code == 401 and self._held_401s_async is not None:
            arrived, count, all_arrived = self._held_401s_async
            arrived[0] += 1
            if arrived[0] == count:
                all_arrived.set()
            with anyio.fail_after(5):
                await all_arrived.wait()
        return response

    def sync_client(self, auth: httpx.Auth, **kwargs: Any) -> httpx.Client:
        return httpx.Client(auth=auth, transport=httpx.MockTransport(self.handle), **kwargs)

    def async_client(self, auth: httpx.Auth) -> httpx.AsyncClient:
        return httpx.AsyncClient(auth=auth, transport=httpx.MockTransport(self.handle_async))

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        with self._lock:
            self.token_requests.append(request)
            self.token_forms.append(form)
            if self.token_answer is not None:
                return self.token_answer(request)
            if not self._grant_ok(request, form):
                return httpx.Response(400, json={"error": "invalid_grant"})
            self._issued += 1
            body: dict[str, Any] = {
                "access_token": f"{self.token_prefix}-access-{self._issued}",
                "scope": "openid",
                "token_type": "Bearer",
            }
            if self.lifetime is not None:
                body["expires_in"] = self.lifetime
            self.valid_access.add(body["access_token"])
            if self.issue_refresh_tokens:
                body["refresh_token"] = f"{self.token_prefix}-refresh-{self._issued}"
                self.valid_refresh.add(body["refresh_token"])
            return httpx.Response(200, json=body)

    def _grant_ok(self, request: httpx.Request, form: dict[str, str]) -> bool:
        grant = form.get("grant_type")
        if grant == "authorization_code":
            code = form.get("code", "")
            ok = code in self.valid_codes
            self.valid_codes.discard(code)
            return ok
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, self.client_secret):
            return False
        if grant == "password":
            return form.get("password") == self.password
        if grant == "refresh_token":
            token = form.get("refresh_token", "")
            ok = token in self.valid_refresh
            self.valid_refresh.discard(token)  # each refresh token works once
            return ok
        return False

    def _api(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.api_requests.append(request)
            self.api_authorizations.append(request.headers.get("Authorization"))
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if self.accept_tokens and scheme == "Bearer" and token in self.valid_access:
                return httpx.Response(200, json={"body": request.content.decode()})
            return httpx.Response(401, json={"code": "900901", "message": "Invalid Credentials"})


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def password_grant(**kwargs: Any) -> PasswordGrant:
    kwargs.setdefault("token_url", TOKEN_URL)
    return PasswordGrant("alice", PASSWORD, CLIENT_ID, CLIENT_SECRET, **kwargs)


def with_clock(auth: AuthT, clock: Clock) -> AuthT:
    auth._clock = clock  # type: ignore[attr-defined]
    return auth


@pytest.fixture
def debug_records() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger(LOGGER_NAME)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(previous)


# Each grant's token request.


def test_password_grant_posts_the_exact_form_with_the_suffixed_username(server):
    with server.sync_client(password_grant()) as client:
        assert client.get(API).status_code == 200
    (request,) = server.token_requests
    assert request.method == "POST"
    assert str(request.url) == TOKEN_URL
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in request.headers
    assert server.token_forms == [
        {
            "grant_type": "password",
            "username": "alice@vbc.prod",
            "password": PASSWORD,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scope": "openid",
        }
    ]


def test_password_grant_keeps_a_username_that_already_has_the_suffix(server):
    auth = PasswordGrant("bob@vbc.prod", PASSWORD, CLIENT_ID, CLIENT_SECRET, token_url=TOKEN_URL)
    with server.sync_client(auth) as client:
        client.get(API)
    assert server.token_forms[0]["username"] == "bob@vbc.prod"


def test_refresh_token_grant_posts_the_exact_form(server):
    server.valid_refresh.add("saved-refresh")
    auth = RefreshTokenGrant("saved-refresh", CLIENT_ID, CLIENT_SECRET, token_url=TOKEN_URL)
    with server.sync_client(auth) as client:
        assert client.get(API).status_code == 200
    assert "Authorization" not in server.token_requests[0].headers
    assert server.token_forms == [
        {
            "grant_type": "refresh_token",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "refresh_token": "saved-refresh",
        }
    ]


def test_authorization_code_grant_sends_basic_credentials_and_the_code_once(server, clock):
    auth = with_clock(
        AuthorizationCodeGrant(
            "the-code", "https://app.test/cb", CLIENT_ID, CLIENT_SECRET, token_url=TOKEN_URL
        ),
        clock,
    )
    with server.sync_client(auth) as client:
        assert client.get(API).status_code == 200
        clock.now += LIFETIME
        assert client.get(API).status_code == 200
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert server.token_requests[0].headers["Authorization"] == f"Basic {expected}"
    assert server.token_forms[0] == {
        "grant_type": "authorization_code",
        "code": "the-code",
        "redirect_uri": "https://app.test/cb",
    }
    assert server.grants == ["authorization_code", "refresh_token"]


def test_authorization_code_is_not_resent_when_no_refresh_token_came_with_it(server):
    server.issue_refresh_tokens = False
    auth = AuthorizationCodeGrant(
        "the-code", "https://app.test/cb", CLIENT_ID, CLIENT_SECRET, token_url=TOKEN_URL
    )
    with server.sync_client(auth) as client:
        assert client.get(API).status_code == 200
        server.revoke_access_tokens()
        assert client.get(API).status_code == 401
    assert server.grants == ["authorization_code"]
    assert len(server.api_requests) == 2


# When tokens are fetched and renewed.


def test_no_token_is_fetched_before_the_first_request_and_then_it_is_reused(server):
    with server.sync_client(password_grant()) as client:
        assert server.token_requests == []
        for _ in range(3):
            assert client.get(API).status_code == 200
    assert server.grants == ["password"]
    assert len(server.api_requests) == 3


def test_token_is_refreshed_before_it_expires_not_earlier(server, clock):
    auth = with_clock(password_grant(), clock)
    with server.sync_client(auth) as client:
        client.get(API)
        clock.now += LIFETIME - TOKEN_REFRESH_MARGIN - 1
        client.get(API)
        assert server.grants == ["password"]
        clock.now += 2
        assert client.get(API).status_code == 200
    assert server.grants == ["password", "refresh_token"]
    assert server.token_forms[1]["refresh_token"] == "tok-refresh-1"
    assert server.api_authorizations[-1] == "Bearer tok-access-2"


def test_short_lived_token_is_renewed_half_way_not_on_every_request(server, clock):
    server.lifetime = 20
    auth = with_clock(password_grant(), clock)
    with server.sync_client(auth) as client:
        client.get(API)
        clock.now += 9
        client.get(API)
        assert server.grants == ["password"]
        clock.now += 2
        client.get(API)
    assert server.grants == ["password", "refresh_token"]


def test_a_401_renews_the_token_and_replays_the_request_once_with_its_body(server):
    with server.sync_client(password_grant()) as client:
        client.get(API)
        server.revoke_access_tokens()
        response = client.post(API, content=iter([b"streamed ", b"body"]))
    assert response.status_code == 200
    assert response.json() == {"body": "streamed body"}
    assert server.grants == ["password", "refresh_token"]
    assert server.api_authorizations[1:] == ["Bearer tok-access-1", "Bearer tok-access-2"]
    first, replay = server.api_requests[1:]
    assert first.content == replay.content == b"streamed body"


def test_a_second_401_is_returned_as_is(server):
    server.accept_tokens = False
    with server.sync_client(password_grant()) as client:
        response = client.get(API)
    assert response.status_code == 401
    assert len(server.api_requests) == 2
    assert server.grants == ["password", "refresh_token"]


def test_bearer_token_is_sent_as_is_and_a_401_is_not_replayed(server):
    with server.sync_client(BearerToken("fixed-token")) as client:
        response = client.get(API)
    assert response.status_code == 401
    assert server.api_authorizations == ["Bearer fixed-token"]
    assert server.token_requests == []


def test_the_token_request_carries_the_clients_timeout(server):
    with server.sync_client(password_grant(), timeout=httpx.Timeout(3.0, connect=1.5)) as client:
        client.get(API)
    timeout = server.token_requests[0].extensions["timeout"]
    assert timeout == {"connect": 1.5, "read": 3.0, "write": 3.0, "pool": 3.0}


# Rotation, callback and fallback.


def test_rotated_refresh_token_replaces_the_old_one_and_reaches_on_token(server, clock):
    received: list[Token] = []
    auth = with_clock(password_grant(on_token=received.append), clock)
    with server.sync_client(auth) as client:
        for _ in range(3):
            assert client.get(API).status_code == 200
            clock.now += LIFETIME
    assert server.grants == ["password", "refresh_token", "refresh_token"]
    assert [form.get("refresh_token") for form in server.token_forms[1:]] == [
        "tok-refresh-1",
        "tok-refresh-2",
    ]
    assert [token.refresh_token for token in received] == [
        "tok-refresh-1",
        "tok-refresh-2",
        "tok-refresh-3",
    ]
    assert received[0].access_token == "tok-access-1"
    assert received[0].expires_at == datetime.fromtimestamp(1_700_000_000 + LIFETIME, UTC)
    assert (received[0].token_type, received[0].scope) == ("Bearer", "openid")


def test_a_refreshed_pair_without_a_refresh_token_keeps_the_previous_one(server, clock):
    received: list[Token] = []
    auth = with_clock(password_grant(on_token=received.append), clock)
    with server.sync_client(auth) as client:
        client.get(API)
        server.issue_refresh_tokens = False
        clock.now += LIFETIME
        client.get(API)
    assert [token.refresh_token for token in received] == ["tok-refresh-1", "tok-refresh-1"]


def test_a_refused_refresh_falls_back_to_the_password_grant(server, clock):
    received: list[Token] = []
    auth = with_clock(password_grant(on_token=received.append), clock)
    with server.sync_client(auth) as client:
        client.get(API)
        server.valid_refresh.clear()
        clock.now += LIFETIME
        assert client.get(API).status_code == 200
    assert server.grants == ["password", "refresh_token", "password"]
    assert [token.access_token for token in received] == ["tok-access-1", "tok-access-2"]


def test_a_refused_refresh_without_a_password_raises_authentication_error(server, clock):
    server.valid_refresh.add("saved-refresh")
    auth = with_clock(
        RefreshTokenGrant("saved-refresh", CLIENT_ID, CLIENT_SECRET, token_url=TOKEN_URL), clock
    )
    with server.sync_client(auth) as client:
        client.get(API)
        server.valid_refresh.clear()
        clock.now += LIFETIME
        with pytest.raises(AuthenticationError) as caught:
            client.get(API)
    error = caught.value
    assert (error.status_code, error.code) == (400, "invalid_grant")
    assert "refresh_token grant" in str(error)
    assert error.response.request.url == TOKEN_URL
    assert server.grants == ["refresh_token", "refresh_token"]


def test_a_refused_first_password_grant_raises_authentication_error(server):
    auth = PasswordGrant("alice", "wrong", CLIENT_ID, CLIENT_SECRET, token_url=TOKEN_URL)
    with server.sync_client(auth) as client, pytest.raises(AuthenticationError) as caught:
        client.get(API)
    assert caught.value.code == "invalid_grant"
    assert server.api_requests == []


def test_an_oauth_error_description_is_the_message(server):
    server.token_answer = lambda request: httpx.Response(
        401, json={"error": "invalid_client", "error_description": "Client Authentication failed."}
    )
    with server.sync_client(password_grant()) as client, pytest.raises(AuthenticationError) as e:
        client.get(API)
    assert str(e.value) == (
        "401 [invalid_client]: the token endpoint refused the password grant "
        "(Client Authentication failed.)"
    )


def test_a_token_endpoint_failure_keeps_its_status_type(server):
    server.token_answer = lambda request: httpx.Response(503, text="busy")
    with server.sync_client(password_grant()) as client, pytest.raises(InternalServerError):
        client.get(API)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<html>Bad gateway</html>", "is not JSON"),
        (b"", "is not JSON"),
        (b'{"access_token": "abc', "is not JSON"),
        (b"\xff\xfe not utf-8", "is not JSON"),
        (b'["access_token"]', "is not a JSON object"),
        (b"{}", "has no usable access_token"),
        (b'{"access_token": ""}', "has no usable access_token"),
        (b'{"access_token": 123}', "has no usable access_token"),
        (b'{"access_token": "two words"}', "has no usable access_token"),
        (b'{"access_token": null, "refresh_token": "r"}', "has no usable access_token"),
    ],
)
def test_an_unusable_token_answer_raises_authentication_error(server, content, problem):
    server.token_answer = lambda request: httpx.Response(200, content=content)
    with server.sync_client(password_grant()) as client, pytest.raises(AuthenticationError) as e:
        client.get(API)
    assert str(e.value) == f"200: the token endpoint's answer {problem}"
    assert e.value.body is None
    assert server.api_requests == []


@pytest.mark.parametrize("expires_in", [None, "soon", -5, 0, 1e300, float("nan"), True])
def test_an_unusable_expires_in_means_renewal_only_after_a_401(server, clock, expires_in):
    def answer(request: httpx.Request) -> httpx.Response:
        server.valid_access.add("only-token")
        # The standard library writes NaN where httpx's json= would refuse it.
        body = json.dumps({"access_token": "only-token", "expires_in": expires_in})
        return httpx.Response(200, content=body.encode())

    server.token_answer = answer
    received: list[Token] = []
    auth = with_clock(password_grant(on_token=received.append), clock)
    with server.sync_client(auth) as client:
        client.get(API)
        clock.now += 10 * LIFETIME
        client.get(API)
    assert len(server.token_requests) == 1
    assert received[0].expires_at is None


# Plain http.


@pytest.mark.parametrize(
    "make_auth",
    [lambda: BearerToken("fixed-token"), password_grant],
    ids=["bearer", "password"],
)
def test_no_token_goes_to_a_plain_http_host_that_is_not_loopback(server, make_auth):
    with (
        server.sync_client(make_auth()) as client,
        pytest.raises(ValueError, match=r"to http://api\.test: use https"),
    ):
        client.get("http://api.test/v3/calls")
    assert server.api_requests == server.token_requests == []


def test_no_credentials_go_to_a_plain_http_token_endpoint_that_is_not_loopback():
    with pytest.raises(ValueError, match="https"):
        PasswordGrant("a", "p", "c", "s", token_url="http://auth.test/token")


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.8.9.10", "[::1]", "localhost"], ids=lambda host: host
)
def test_plain_http_is_allowed_to_loopback_hosts(server, host):
    auth = password_grant(token_url=f"http://{host}:8080/token")
    with server.sync_client(auth) as client:
        assert client.get(f"http://{host}:4010/v3/calls").status_code == 200
    assert server.token_requests[0].url.scheme == "http"


# Bad arguments.


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: BearerToken(""), ValueError),
        (lambda: BearerToken("   "), ValueError),
        (lambda: BearerToken("hunter2\nhunter2"), ValueError),
        (lambda: BearerToken("hunter2 hunter2"), ValueError),
        (lambda: BearerToken(None), TypeError),
        (lambda: BearerToken(b"bytes"), TypeError),
        (lambda: PasswordGrant("", "p", "c", "s"), ValueError),
        (lambda: PasswordGrant("u", "", "c", "s"), ValueError),
        (lambda: PasswordGrant("u", 1234, "c", "s"), TypeError),
        (lambda: PasswordGrant("u", "hunter2", "c", " "), ValueError),
        (lambda: PasswordGrant("u", "p", "c", "s", scope=""), ValueError),
        (lambda: PasswordGrant("u", "p", "c", "s", on_token="print"), TypeError),
        (lambda: PasswordGrant("u", "p", "c", "s", token_url="token"), ValueError),
        (lambda: PasswordGrant("u", "p", "c", "s", token_url="https://[::1"), ValueError),
        (lambda: PasswordGrant("u", "p", "c", "s", token_url=42), TypeError),
        (lambda: PasswordGrant("u", "p", "c", "s", token_url="ftp://auth.test/"), ValueError),
        (lambda: RefreshTokenGrant("", "c", "s"), ValueError),
        (lambda: RefreshTokenGrant("r", "c", None), TypeError),
        (lambda: AuthorizationCodeGrant("code", "", "c", "s"), ValueError),
    ],
)
def test_bad_arguments_raise_before_anything_is_sent(make, error):
    with pytest.raises(error) as caught:
        make()
    assert "hunter2" not in str(caught.value)


# No secret shows.


def test_reprs_show_no_secret():
    grant = password_grant()
    assert repr(grant) == "PasswordGrant(username='alice@vbc.prod', client_id='the-client-id')"
    refresh = RefreshTokenGrant("the-refresh", CLIENT_ID, CLIENT_SECRET)
    assert repr(refresh) == "RefreshTokenGrant(client_id='the-client-id')"
    code = AuthorizationCodeGrant("the-code", "https://app.test/cb", CLIENT_ID, CLIENT_SECRET)
    assert "the-code" not in repr(code)
    assert CLIENT_SECRET not in repr(code)
    assert repr(BearerToken("the-bearer")) == "BearerToken(<redacted>)"
    token = Token("the-access", "the-refresh", None, "Bearer", "openid")
    for text in (repr(token), str(token), repr([token])):
        assert "the-access" not in text
        assert "the-refresh" not in text
        assert "<redacted>" in text


def test_obtaining_a_token_logs_the_grant_and_expiry_at_debug(server, clock, debug_records):
    with server.sync_client(with_clock(password_grant(), clock)) as client:
        client.get(API)
    (record,) = debug_records
    assert record.levelno == logging.DEBUG
    assert record.getMessage() == (
        "obtained a token with the password grant (expires at 2023-11-14T23:13:20+00:00)"
    )


# A marker no output contains by chance (hypothesis happily tries words such as
# "access_token"), then any characters a secret may hold.
_SECRET = st.text(string.ascii_letters + string.digits + string.punctuation, max_size=30).map(
    lambda tail: f"Zq9x{tail}"
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(password=_SECRET, client_secret=_SECRET, token_prefix=_SECRET)
def test_no_secret_reaches_a_repr_a_log_record_or_an_error(password, client_secret, token_prefix):
    secrets = [password, client_secret, token_prefix]
    server = FakeServer(token_prefix=token_prefix, password=password, client_secret=client_secret)
    clock = Clock()
    auth = with_clock(
        PasswordGrant("alice", password, CLIENT_ID, client_secret, token_url=TOKEN_URL), clock
    )
    texts = [repr(auth), str(auth)]
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        with server.sync_client(auth) as client:
            client.get(API)  # the password grant
            clock.now += LIFETIME
            server.valid_refresh.clear()
            client.get(API)  # a refused refresh, then the password grant again
            server.token_answer = lambda request: httpx.Response(400, json={"error": "x"})
            clock.now += LIFETIME
            with pytest.raises(AuthenticationError) as caught:
                client.get(API)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    texts += [repr(caught.value), str(caught.value), repr(auth._token)]  # type: ignore[attr-defined]
    texts += [record.getMessage() for record in records]
    assert len(records) == 4
    for text in texts:
        for secret in secrets:
            assert secret not in text


# Single-flight.


def run_threads(count: int, target: Callable[[], None]) -> None:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            target()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []


def test_twenty_threads_without_a_token_cause_one_token_request():
    server = FakeServer(token_delay=0.05)
    statuses: list[int] = []
    with server.sync_client(password_grant()) as client:
        run_threads(20, lambda: statuses.append(client.get(API).status_code))
    assert statuses == [200] * 20
    assert server.grants == ["password"]


def test_twenty_threads_meeting_an_expired_token_cause_one_refresh(clock):
    server = FakeServer(token_delay=0.05)
    with server.sync_client(with_clock(password_grant(), clock)) as client:
        client.get(API)
        clock.now += LIFETIME
        run_threads(20, lambda: client.get(API).raise_for_status())
    assert server.grants == ["password", "refresh_token"]


def test_twenty_threads_meeting_a_401_cause_one_refresh():
    server = FakeServer(token_delay=0.05)
    with server.sync_client(password_grant()) as client:
        client.get(API)
        server.revoke_access_tokens()
        server.hold_401s(20)  # so that all 20 requests carry the revoked token
        run_threads(20, lambda: client.get(API).raise_for_status())
    assert server.grants == ["password", "refresh_token"]


@pytest.mark.anyio
async def test_twenty_tasks_without_a_token_cause_one_token_request():
    server = FakeServer(token_delay=0.05)
    statuses: list[int] = []

    async def get(client: httpx.AsyncClient) -> None:
        statuses.append((await client.get(API)).status_code)

    async with server.async_client(password_grant()) as client, anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(get, client)
    assert statuses == [200] * 20
    assert server.grants == ["password"]


@pytest.mark.anyio
async def test_twenty_tasks_meeting_a_401_cause_one_refresh():
    server = FakeServer(token_delay=0.05)
    statuses: list[int] = []

    async def get(client: httpx.AsyncClient) -> None:
        statuses.append((await client.get(API)).status_code)

    async with server.async_client(password_grant()) as client:
        await client.get(API)
        server.revoke_access_tokens()
        server.hold_401s(20)  # so that all 20 requests carry the revoked token
        async with anyio.create_task_group() as tg:
            for _ in range(20):
                tg.start_soon(get, client)
    assert statuses == [200] * 20
    assert server.grants == ["password", "refresh_token"]


@pytest.mark.anyio
async def test_a_failed_token_request_releases_the_lock_for_the_next_task():
    server = FakeServer()
    server.token_answer = lambda request: httpx.Response(400, json={"error": "invalid_grant"})
    async with server.async_client(password_grant()) as client:
        with pytest.raises(AuthenticationError):
            await client.get(API)
        server.token_answer = None
        with anyio.fail_after(5):
            assert (await client.get(API)).status_code == 200


def test_a_failed_token_request_releases_the_lock_for_the_next_thread(server):
    server.token_answer = lambda request: httpx.Response(200, text="not json")
    with server.sync_client(password_grant()) as client:
        with pytest.raises(AuthenticationError):
            client.get(API)
        server.token_answer = None
        run_threads(1, lambda: client.get(API).raise_for_status())
