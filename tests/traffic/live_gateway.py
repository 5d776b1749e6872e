"""A fake of the live gateway, as the real service behaves and not as our spec says.

It is the sandbox (numbers where the vendor's spec says strings, times as epoch seconds,
real state) behind what the live gateway adds: a token may act on its own account only, and
that account is ``OWN_ACCOUNT``, not the spec's example ``1234`` (any other is answered 401 in
the gateway's shape); no always-valid token (the password grant only); and drift on demand
(``drift = "type" | "required" | "status"``):

- ``type``: every call's and leg's ``status`` is sent as a number;
- ``required``: calls are sent without their required ``call_id``;
- ``status``: the call list is answered with 203, a status the spec does not document.

It records each API request's account, the Authorization values it was sent and the tokens
its token endpoint issued, so that tests can check where requests went and that no secret
leaked.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import loopback
from cli_support import SECRET_CLIENT_SECRET, SECRET_PASSWORD

from vbc_telephony._server.asgi import Receive, Scope, Send, read_body
from vbc_telephony._server.serving import BackgroundServer
from vbc_telephony.testing import Sandbox, SandboxConfig

OWN_ACCOUNT = "5551000"
USERNAME = "alice@vbc.prod"
CLIENT_ID = "app-1"
PREFIX = "/t/vbc.prod/telephony/v3"
_ACCOUNT = re.compile(r"/t/vbc\.prod/telephony/v3/(?:cc|registration)/accounts/([^/]+)")
_HOP = {b"host", b"content-length", b"connection", b"transfer-encoding"}
DRIFTS = ("type", "required", "status")


def password_grant_env(base_url: str) -> dict[str, str]:
    """The CLI's environment for the gateway's password grant."""
    return {
        "VBC_USERNAME": USERNAME,
        "VBC_PASSWORD": SECRET_PASSWORD,
        "VBC_CLIENT_ID": CLIENT_ID,
        "VBC_CLIENT_SECRET": SECRET_CLIENT_SECRET,
        "VBC_TOKEN_URL": f"{base_url}/token",
    }


def _drifted(value: Any, drift: str) -> Any:
    if isinstance(value, list):
        return [_drifted(item, drift) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _drifted(item, drift) for key, item in value.items()}
    if drift == "type" and "status" in out and ("call_id" in out or "leg_id" in out):
        out["status"] = 3
    if drift == "required" and "call_id" in out and "legs" in out:
        del out["call_id"]
    return out


def _target(scope: Scope) -> bytes:
    query: bytes = scope["query_string"]
    return bytes(scope["raw_path"]) + (b"?" + query if query else b"")


class LiveGateway:
    """The ASGI app. ``accounts``: the account of every API request, in order."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.drift: str | None = None
        self.accounts: list[str] = []
        self.authorizations: set[str] = set()
        self.issued_tokens: set[str] = set()
        # (method, target, status, body) of every answer it sent, in order.
        self.answers: list[tuple[str, bytes, int, bytes]] = []
        self._client = loopback.AsyncClient(base_url=sandbox.server_url, timeout=10)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        headers = [(n, v) for n, v in scope["headers"] if n not in _HOP]
        for name, value in headers:
            if name == b"authorization":
                self.authorizations.add(value.decode("latin-1").partition(" ")[2])
        body = await read_body(scope, receive)
        target = _target(scope)
        owner = _ACCOUNT.match(scope["raw_path"].decode("latin-1"))
        if owner is not None:
            self.accounts.append(owner.group(1))
            if owner.group(1) not in (OWN_ACCOUNT, "self"):
                await self._answer(send, scope, 401, {
                    "code": "900901",
                    "message": "Invalid Credentials",
                    "description": "The token may not act on this account",
                })  # fmt: skip
                return
        url = httpx.URL(self.sandbox.server_url).copy_with(raw_path=target)
        answer = await self._client.request(scope["method"], url, headers=headers, content=body)
        status, content = answer.status_code, answer.content
        kind = answer.headers.get("content-type", "")
        if path == "/token" and status == 200:
            grant = answer.json()
            self.issued_tokens.update(
                str(grant[key]) for key in ("access_token", "refresh_token") if key in grant
            )
        if owner is not None and kind.startswith("application/json") and status == 200:
            if self.drift in ("type", "required"):
                content = json.dumps(_drifted(answer.json(), self.drift)).encode()
            elif self.drift == "status" and scope["method"] == "GET" and path.endswith("/calls"):
                status = 203
        await self._raw(send, scope, status, kind, content)

    async def _answer(self, send: Send, scope: Scope, status: int, body: object) -> None:
        await self._raw(send, scope, status, "application/json", json.dumps(body).encode())

    async def _raw(self, send: Send, scope: Scope, status: int, kind: str, content: bytes) -> None:
        self.answers.append((scope["method"], _target(scope), status, content))
        headers = [(b"content-length", b"%d" % len(content))]
        if kind:
            headers.append((b"content-type", kind.encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def aclose(self) -> None:
        await self._client.aclose()


class RunningGateway:
    """The sandbox and the gateway in front of it, each on a free loopback port."""

    def __init__(self, *, seed: int = 7) -> None:
        config = SandboxConfig(
            seed=seed,
            account_id=OWN_ACCOUNT,
            static_token=None,
            username=USERNAME,
            password=SECRET_PASSWORD,
            client_id=CLIENT_ID,
            client_secret=SECRET_CLIENT_SECRET,
        )
        self.sandbox = Sandbox(config)
        self.app: LiveGateway | None = None
        self._server: BackgroundServer | None = None

    def __enter__(self) -> RunningGateway:
        self.sandbox.start()
        self.app = LiveGateway(self.sandbox)
        self._server = BackgroundServer(self.app, "127.0.0.1", on_shutdown=self.app.aclose)
        self._server.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.stop()
        self.sandbox.stop()

    @property
    def server_url(self) -> str:
        assert self._server is not None
        return self._server.base_url

    @property
    def base_url(self) -> str:
        return self.server_url + PREFIX

    @property
    def gateway(self) -> LiveGateway:
        assert self.app is not None
        return self.app
