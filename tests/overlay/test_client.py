"""The clients: defaults, lifetimes, the httpx client and transport they take, and safety."""

from __future__ import annotations

import threading

import anyio
import httpx
import pytest
from fakes import BASE_URL, CALL, TOKEN, Recorder, answer

import vbc_telephony as vbc
from vbc_telephony._constants import DEFAULT_BASE_URL


class ClosableTransport(httpx.MockTransport):
    closed = False

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def test_the_default_server_is_the_vendors_with_its_path_prefix():
    recorder = Recorder(answer)
    with vbc.Telephony(
        auth=vbc.BearerToken(TOKEN), transport=httpx.MockTransport(recorder)
    ) as client:
        client.calls.get("self", "c1")
    assert str(recorder.requests[0].url) == DEFAULT_BASE_URL + "/cc/accounts/self/calls/c1"


def test_repr_shows_the_settings_and_never_a_secret():
    grant = vbc.PasswordGrant(
        username="alice",
        password="pa55-word-x",
        client_id="client-id-1",
        client_secret="client-secret-2",
    )
    for auth in (vbc.BearerToken(TOKEN), grant):
        text = repr(vbc.Telephony(base_url=BASE_URL, auth=auth, max_retries=1))
        assert text.startswith(f"Telephony(base_url={BASE_URL!r}, auth={type(auth).__name__},")
        assert "max_retries=1" in text
        for secret in (TOKEN, "pa55-word-x", "client-secret-2"):
            assert secret not in text
    assert "AsyncTelephony(" in repr(vbc.AsyncTelephony(auth=vbc.BearerToken(TOKEN)))


def test_the_context_manager_closes_the_connections_it_opened():
    transport = ClosableTransport(answer)
    with vbc.Telephony(auth=vbc.BearerToken(TOKEN), transport=transport) as client:
        client.calls.get("1", "c1")
        assert not transport.closed
    assert transport.closed


def test_an_http_client_passed_in_is_used_as_is_and_left_open():
    recorder = Recorder(answer)
    transport = ClosableTransport(recorder)
    with httpx.Client(transport=transport, headers={"X-Tenant": "t1"}) as http:
        with vbc.Telephony(base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), http_client=http) as c:
            c.calls.get("1", "c1")
        assert not transport.closed
        (request,) = recorder.requests
        assert request.headers["X-Tenant"] == "t1"
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert transport.closed


def test_without_auth_the_http_clients_own_auth_applies():
    recorder = Recorder(answer)
    with httpx.Client(transport=httpx.MockTransport(recorder), auth=vbc.BearerToken("own")) as http:
        vbc.Telephony(base_url=BASE_URL, http_client=http).calls.get("1", "c1")
    assert recorder.requests[0].headers["Authorization"] == "Bearer own"


@pytest.mark.anyio
async def test_the_async_context_manager_closes_what_it_opened():
    transport = ClosableTransport(answer)
    async with vbc.AsyncTelephony(auth=vbc.BearerToken(TOKEN), transport=transport) as client:
        assert (await client.calls.get("1", "c1")).call_id == CALL["call_id"]
    assert transport.closed
    kept = ClosableTransport(answer)
    async with httpx.AsyncClient(transport=kept) as http:
        await vbc.AsyncTelephony(http_client=http).aclose()
        assert not kept.closed


def test_the_bearer_token_is_not_sent_over_plain_http_except_to_loopback():
    recorder = Recorder(answer)
    insecure = vbc.Telephony(
        base_url="http://api.test/v3",
        auth=vbc.BearerToken(TOKEN),
        transport=httpx.MockTransport(recorder),
    )
    with pytest.raises(ValueError, match="https"):
        insecure.calls.get("1", "c1")
    assert recorder.requests == []
    for host in ("127.0.0.1:4010", "localhost:4010", "[::1]:4010"):
        vbc.Telephony(
            base_url=f"http://{host}",
            auth=vbc.BearerToken(TOKEN),
            transport=httpx.MockTransport(recorder),
        ).calls.get("1", "c1")
    assert len(recorder.requests) == 3


def test_authorization_is_not_forwarded_on_a_cross_origin_redirect():
    def redirecting(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.test" and request.url.path.endswith("/c1"):
            return httpx.Response(307, headers={"Location": "https://other.test/landing"})
        if request.url.host == "api.test":
            return httpx.Response(307, headers={"Location": BASE_URL + "/cc/accounts/1/calls/c1"})
        return answer(request)

    recorder = Recorder(redirecting)
    with httpx.Client(transport=httpx.MockTransport(recorder), follow_redirects=True) as http:
        client = vbc.Telephony(base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), http_client=http)
        client.calls.get("1", "moved")
    hosts = [(r.url.host, r.headers.get("Authorization")) for r in recorder.requests]
    assert hosts == [
        ("api.test", f"Bearer {TOKEN}"),
        ("api.test", f"Bearer {TOKEN}"),  # same origin: kept
        ("other.test", None),
    ]


def test_redirects_are_not_followed_by_default():
    recorder = Recorder(
        lambda request: httpx.Response(302, headers={"Location": "https://other.test/"})
    )
    client = vbc.Telephony(
        base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), transport=httpx.MockTransport(recorder)
    )
    with pytest.raises(vbc.APIStatusError):
        client.calls.get("1", "c1")
    assert [r.url.host for r in recorder.requests] == ["api.test"]


def test_one_client_serves_many_threads():
    recorder = Recorder(answer)
    client = vbc.Telephony(
        base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), transport=httpx.MockTransport(recorder)
    )
    results: list[str] = []

    def work(index: int) -> None:
        results.append(client.calls.get("1", f"c{index}").call_id)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [CALL["call_id"]] * 16
    assert sorted(r.url.path.rsplit("/", 1)[1] for r in recorder.requests) == sorted(
        f"c{i}" for i in range(16)
    )


@pytest.mark.anyio
async def test_one_async_client_serves_many_tasks(make_async_client):
    recorder = Recorder(answer)
    results: list[str] = []
    async with make_async_client(recorder) as client:

        async def work(index: int) -> None:
            results.append((await client.legs.get("1", "c1", f"l{index}")).leg_id)

        async with anyio.create_task_group() as tasks:
            for index in range(20):
                tasks.start_soon(work, index)
    assert len(results) == len(recorder.requests) == 20
