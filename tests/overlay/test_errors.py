"""Every failure becomes a typed error: error statuses, transport failures, unusable bodies."""

from __future__ import annotations

import httpx
import pytest
from fakes import CALL, OPERATION_IDS, OPERATIONS, TOKEN, json_response

import vbc_telephony as vbc
from vbc_telephony._server.serving import free_port

STATUSES = {
    400: vbc.BadRequestError,
    401: vbc.AuthenticationError,
    403: vbc.PermissionDeniedError,
    404: vbc.NotFoundError,
    409: vbc.ConflictError,
    429: vbc.RateLimitError,
    500: vbc.InternalServerError,
    502: vbc.InternalServerError,
    503: vbc.InternalServerError,
    504: vbc.InternalServerError,
}


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
@pytest.mark.parametrize("status", sorted(STATUSES))
def test_every_error_status_raises_its_class(make_client, status, operation):
    body = {"code": str(status), "message": f"status {status}"}
    client = make_client(lambda request: json_response(status, body), max_retries=0)
    with pytest.raises(STATUSES[status]) as caught:
        operation.call(client)
    error = caught.value
    assert isinstance(error, vbc.APIStatusError)
    assert isinstance(error, vbc.VBCError)
    assert (error.status_code, error.code, error.message) == (status, str(status), body["message"])
    assert error.body == body
    assert error.response.status_code == status
    assert str(error) == f"{status} [{status}]: status {status}"


def test_the_gateway_error_shape_is_understood(make_client):
    body = {
        "code": "900901",
        "message": "Invalid Credentials",
        "description": "Invalid Credentials. Make sure you have provided the correct credentials",
    }
    client = make_client(lambda request: json_response(401, body))
    with pytest.raises(vbc.AuthenticationError) as caught:
        client.calls.get("1234", "c1")
    assert caught.value.code == "900901"
    assert caught.value.message == "Invalid Credentials"
    assert caught.value.body == body


def test_a_numeric_code_is_a_str_and_a_description_stands_in_for_a_message(make_client):
    client = make_client(lambda request: json_response(404, {"code": 404, "description": "gone"}))
    with pytest.raises(vbc.NotFoundError) as caught:
        client.calls.get("1234", "c1")
    assert (caught.value.code, caught.value.message) == ("404", "gone")


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "502 Bad Gateway"),
        (500, b"", "Internal Server Error"),
        (503, b'{"code": "503", "mess', "non-JSON body"),
        (404, b"[1, 2]", "Not Found"),
    ],
)
def test_an_unparseable_error_body_still_gives_a_readable_error(
    make_client, status, body, expected
):
    client = make_client(lambda request: httpx.Response(status, content=body), max_retries=0)
    with pytest.raises(STATUSES[status]) as caught:
        client.calls.get("1234", "c1")
    assert expected in caught.value.message
    assert caught.value.code is None


def test_an_unfollowed_redirect_is_an_api_status_error(make_client):
    client = make_client(
        lambda request: httpx.Response(302, headers={"Location": "https://elsewhere.test/"})
    )
    with pytest.raises(vbc.APIStatusError) as caught:
        client.calls.get("1234", "c1")
    assert type(caught.value) is vbc.APIStatusError
    assert caught.value.status_code == 302


TRANSPORT_FAILURES = [
    (httpx.ConnectError("[Errno 111] Connection refused"), vbc.APIConnectionError),
    (httpx.ConnectTimeout("timed out"), vbc.APITimeoutError),
    (httpx.ReadTimeout("timed out"), vbc.APITimeoutError),
    (httpx.WriteTimeout("timed out"), vbc.APITimeoutError),
    (httpx.PoolTimeout("timed out"), vbc.APITimeoutError),
    (httpx.RemoteProtocolError("Server disconnected without sending a response."), None),
    (httpx.ReadError("[Errno 104] Connection reset by peer"), None),
    (httpx.WriteError("[Errno 32] Broken pipe"), None),
]


@pytest.mark.parametrize("operation", OPERATIONS, ids=OPERATION_IDS)
@pytest.mark.parametrize(
    ("failure", "expected"),
    TRANSPORT_FAILURES,
    ids=[type(failure).__name__ for failure, _ in TRANSPORT_FAILURES],
)
def test_transport_failures_never_escape_as_httpx_errors(make_client, operation, failure, expected):
    def fail(request: httpx.Request) -> httpx.Response:
        raise failure

    with pytest.raises(vbc.APIConnectionError) as caught:
        operation.call(make_client(fail, max_retries=0))
    assert type(caught.value) is (expected or vbc.APIConnectionError)
    assert caught.value.__cause__ is failure
    assert operation.method in str(caught.value)
    assert TOKEN not in str(caught.value)


@pytest.mark.anyio
async def test_async_transport_failures_are_typed_too(make_async_client):
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out")

    async with make_async_client(fail, max_retries=0) as client:
        with pytest.raises(vbc.APITimeoutError):
            await client.calls.get("1234", "c1")


def test_a_real_refused_connection_is_an_api_connection_error():
    port = free_port()  # free a moment ago; nothing of ours listens on it
    with (
        vbc.Telephony(
            base_url=f"http://127.0.0.1:{port}", auth=vbc.BearerToken(TOKEN), max_retries=0
        ) as client,
        pytest.raises(vbc.APIConnectionError) as caught,
    ):
        client.calls.get("1234", "c1")
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


UNUSABLE_SUCCESS_BODIES = [
    ("truncated JSON", b'{"call_id": "c1", "legs": [{"leg_'),
    ("an HTML page", b"<html><body>Please log in</body></html>"),
    ("nothing", b""),
    ("a JSON list", b"[]"),
    ("a call without call_id", b'{"legs": []}'),
    ("legs that are not a list", b'{"call_id": "c1", "legs": 5}'),
    ("a leg that is not an object", b'{"call_id": "c1", "legs": ["x"]}'),
]


@pytest.mark.parametrize(
    "body",
    [body for _, body in UNUSABLE_SUCCESS_BODIES],
    ids=[n for n, _ in UNUSABLE_SUCCESS_BODIES],
)
def test_an_unusable_success_body_is_a_response_validation_error(make_client, body):
    client = make_client(lambda request: httpx.Response(200, content=body))
    with pytest.raises(vbc.APIResponseValidationError) as caught:
        client.calls.get("1234", "c1")
    # A sibling of APIConnectionError: code that retries connection failures must not retry it.
    assert not isinstance(caught.value, vbc.APIConnectionError)
    assert isinstance(caught.value, vbc.VBCError)
    assert caught.value.response is not None
    assert caught.value.response.content == body


@pytest.mark.parametrize(
    ("operation_name", "body"),
    [
        ("calls.create", b"<html><body>Gateway login</body></html>"),
        ("calls.create", b""),
        ("legs.list", b'{"legs": []}'),
        ("legs.get", b"null"),
        ("devices.get", b'{"device_ip": "10.0.0.1"}'),
        ("calls.update", b'"done"'),
    ],
)
def test_every_parser_failure_is_typed(make_client, operation_name, body):
    (operation,) = [op for op in OPERATIONS if op.name == operation_name]
    client = make_client(lambda request: httpx.Response(200, content=body))
    with pytest.raises(vbc.APIResponseValidationError) as caught:
        operation.call(client)
    if operation_name == "calls.create":
        assert "may have been placed" in str(caught.value)


@pytest.mark.parametrize(
    "page",
    [
        b'{"current_page": 1}',
        b'{"calls": {"a": 1}}',
        b'{"calls": [], "current_page": "one"}',
        b'{"calls": [], "next_page_uri": 7}',
        b'{"calls": [], "pages": -1}',
        b'{"calls": [], "current_page": 1, "pages": 2, "next_page_uri": "https://evil.test/x"}',
    ],
)
def test_an_unusable_page_is_a_response_validation_error(make_client, page):
    client = make_client(lambda request: httpx.Response(200, content=page))
    with pytest.raises(vbc.APIResponseValidationError):
        list(client.calls.list("1234"))


def test_a_field_of_the_wrong_type_fails_when_read_with_a_typed_error(make_client):
    call = {**CALL, "start_time": "yesterday", "from": {"number": 1}, "status": ["on-call"]}
    client = make_client(lambda request: json_response(200, call))
    result = client.calls.get("1234", "c1")
    assert result.call_id == CALL["call_id"]
    for field in ("start_time", "from_", "status"):
        with pytest.raises(vbc.APIResponseValidationError, match=field.rstrip("_")):
            getattr(result, field)
    assert "start_time=<invalid>" in repr(result)
