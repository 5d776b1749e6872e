"""No secret (token, refresh token, password, client secret) ever appears in a log record of
any logger, a repr or an error message, whatever the secret and whatever happens."""

from __future__ import annotations

import logging
import string
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from fakes import BASE_URL, FakeClock, answer, json_response
from hypothesis import given, settings
from hypothesis import strategies as st

import vbc_telephony as vbc

# A marker prefix: without it hypothesis finds "secrets" such as "NotFoundErro" that ordinary
# output contains by coincidence.
secrets = st.text(string.ascii_letters + string.digits + "-._~+/", min_size=8, max_size=40).map(
    lambda text: f"S3CR3T{text}"
)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name} {record.getMessage()}")


@contextmanager
def every_log_record() -> Iterator[list[str]]:
    """Everything any logger (httpx and httpcore included) says at DEBUG and above."""
    root = logging.getLogger()
    handler, level = _Collect(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.messages
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _server(access_token: str, refresh_token: str) -> httpx.MockTransport:
    served: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.test":
            token = {"access_token": access_token, "refresh_token": refresh_token}
            return json_response(200, {**token, "expires_in": 86400, "token_type": "Bearer"})
        served.append(request.url.path)
        if request.headers.get("Authorization") != f"Bearer {access_token}":
            return json_response(401, {"code": "900901", "message": "Invalid Credentials"})
        if len(served) == 1:
            return json_response(503, {"code": "503", "message": "busy"}, **{"Retry-After": "1"})
        if request.url.path.endswith("/missing"):
            return json_response(404, {"code": 404, "message": "No matching resource"})
        if request.url.path.endswith("/broken"):
            raise httpx.ReadError("connection reset")
        return answer(request)

    return httpx.MockTransport(handle)


def _exercise(client: vbc.Telephony) -> list[str]:
    """Successes, a retry, error statuses and a transport failure; the errors' texts."""
    texts = [repr(client)]
    client.calls.get("1234", "c1")
    list(client.calls.list("1234", extension="1001"))
    for call_id in ("missing", "broken"):
        try:
            client.calls.get("1234", call_id)
        except vbc.VBCError as error:
            texts += [str(error), repr(error)]
    return texts


@settings(max_examples=25, deadline=None)
@given(access_token=secrets, refresh_token=secrets, password=secrets, client_secret=secrets)
def test_no_secret_reaches_a_log_a_repr_or_an_error(
    access_token, refresh_token, password, client_secret
):
    clock = FakeClock()
    grants = [
        vbc.BearerToken(access_token),
        vbc.PasswordGrant(
            "alice", password, "client-id", client_secret, token_url="https://auth.test/token"
        ),
    ]
    for auth in grants:
        transport = vbc.RetryTransport(
            _server(access_token, refresh_token), sleep=clock.sleep, clock=clock.monotonic
        )
        with every_log_record() as messages, httpx.Client(transport=transport) as http:
            client = vbc.Telephony(base_url=BASE_URL, auth=auth, http_client=http)
            texts = [*_exercise(client), repr(auth)]
        assert any("retrying" in message for message in messages)
        assert len(texts) == 6
        for text in messages + texts:
            for secret in (access_token, refresh_token, password, client_secret):
                assert secret not in text
