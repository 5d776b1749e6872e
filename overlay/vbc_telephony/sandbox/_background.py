"""``Sandbox``: the sandbox in the background, in a thread (tests, the pytest fixture,
``vbc --sandbox``).

It is driven through its control API over HTTP, as a test in any language would drive it, so
the test's thread never touches the state the server's thread is changing. Nothing is bound
and no client is opened until ``start``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Self

import httpx

from .. import PasswordGrant
from .._contact import Contact
from .._exceptions import error_for_response
from .._local_servers import SANDBOX_CONTROL_PREFIX, SANDBOX_HOST
from .._server.clients import ClientFactory
from .._server.running import Running
from .._transports import tls_context
from .._types import ContactLike
from ._domain.journal import Entry
from ._extra import require_extra
from ._sandbox_config import SandboxConfig

# The control API answers at once; a test should fail rather than hang if it does not.
_CONTROL_TIMEOUT = 10.0


def _contact(value: ContactLike) -> Mapping[str, object]:
    if isinstance(value, Contact):
        return {"type": value.type, "destination": value.destination}
    return value


class Sandbox(ClientFactory, Running):
    """A sandbox of the API on ``host:port`` (0: a free port), serving from a thread.

    >>> with Sandbox() as sandbox, sandbox.client() as client:
    ...     call_id = client.calls.create("self", from_=…, to=…)

    ``client()`` and ``async_client()`` authenticate with the password grant against
    ``token_url``; the other methods act on the sandbox through its control API and raise the
    client's typed errors (``NotFoundError`` …) when it refuses.
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        host: str = SANDBOX_HOST,
        port: int = 0,
    ) -> None:
        self.config = config or SandboxConfig()
        # The extra's modules are imported only once it is known to be there: ``Sandbox``
        # imports without them, for type hints.
        require_extra()
        from .._server.serving import BackgroundServer
        from ._http.application import TOKEN_PATH, build_app

        app = build_app(self.config)
        self._server = BackgroundServer(
            app, host, port, name="vbc-sandbox", on_stopping=app.stopping
        )
        self._api_prefix, self._token_path = app.api_prefix, TOKEN_PATH
        self._control: httpx.Client | None = None

    # Where it is, and how to get in.

    @property
    def server_url(self) -> str:
        """Scheme, host and port: the token endpoint and the API are under it."""
        return self._server.base_url

    @property
    def base_url(self) -> str:
        """The API's base URL (the live service's path prefix on this server)."""
        return self.server_url + self._api_prefix

    @property
    def token_url(self) -> str:
        return self.server_url + self._token_path

    @property
    def static_token(self) -> str | None:
        """The bearer token that is always valid, unless switched off."""
        return self.config.static_token

    @property
    def seed(self) -> int:
        return self.config.fixed_seed

    def password_grant(self) -> PasswordGrant:
        """A ``PasswordGrant`` with the sandbox's credentials and token URL."""
        config = self.config
        return PasswordGrant(
            config.username,
            config.password,
            config.client_id,
            config.client_secret,
            token_url=self.token_url,
        )

    def default_auth(self) -> httpx.Auth:
        return self.password_grant()

    @property
    def credentials(self) -> dict[str, str]:
        """The password grant's fields: ``username``, ``password``, ``client_id``,
        ``client_secret``."""
        config = self.config
        return {
            "username": config.username,
            "password": config.password,
            "client_id": config.client_id,
            "client_secret": config.client_secret,
        }

    # The control API.

    def _send(self, method: str, path: str, body: object = None) -> httpx.Response:
        if self._control is None:
            raise RuntimeError("the sandbox is not started: call start(), or use it in a with")
        response = self._control.request(method, path, json=body)
        if response.is_error:
            raise error_for_response(response)
        return response

    def reset(self) -> None:
        """Back to the seeded state: no calls, tokens, faults or journal; the clock unmoved."""
        self._send("POST", "/reset")

    def ring(self, *, from_: ContactLike, to: ContactLike) -> str:
        """An inbound call from ``from_`` to ``to`` starts ringing; its id."""
        body = {"from": _contact(from_), "to": _contact(to)}
        call_id: str = self._send("POST", "/calls", body).json()["call_id"]
        return call_id

    def answer(self, call_id: str) -> None:
        """The called party answers the ringing call."""
        self._send("POST", f"/calls/{call_id}/answer")

    def reject(self, call_id: str, state: Literal["busy", "unanswered"] = "busy") -> None:
        """The ringing call ends unconnected, in ``state``: the line was busy, or nobody
        answered. It stays listed so for ``ended_visible_for`` seconds, then is gone."""
        self._send("POST", f"/calls/{call_id}/reject", {"state": state})

    def hang_up(self, call_id: str) -> None:
        """The far end hangs up: the call ends."""
        self._send("POST", f"/calls/{call_id}/hangup")

    def fail(
        self,
        method: str,
        path: str,
        *,
        status: int | None = None,
        retry_after: int | None = None,
        count: int = 1,
        latency_ms: int = 0,
        drop: bool = False,
    ) -> None:
        """The next ``count`` requests matching ``method`` (``*``: any) and ``path`` (relative
        to the API's prefix, or ``/token``; ``*`` for a segment) are delayed by
        ``latency_ms``, then answered ``status`` (with ``Retry-After`` if given) or dropped."""
        fault = {
            "method": method,
            "path": path,
            "status": status,
            "retry_after": retry_after,
            "count": count,
            "latency_ms": latency_ms,
            "drop": drop,
        }
        self._send("POST", "/faults", fault)

    def clear_faults(self) -> None:
        self._send("DELETE", "/faults")

    def advance(self, seconds: float) -> None:
        """Move the sandbox's clock ``seconds`` forward (tokens expire, calls answer or go)."""
        self._send("POST", "/clock", {"advance": seconds})

    @property
    def requests(self) -> list[Entry]:
        """Every request the API and the token endpoint received, oldest first."""
        entries = self._send("GET", "/requests").json()["requests"]
        return [Entry(**entry) for entry in entries]

    # Starting and stopping.

    def start(self) -> Self:
        self._server.start()
        self._control = httpx.Client(
            base_url=self.server_url + SANDBOX_CONTROL_PREFIX,
            timeout=_CONTROL_TIMEOUT,
            headers={"Content-Type": "application/json"},
            verify=tls_context(),
        )
        return self

    def stop(self) -> None:
        """Stop serving and close the port. Safe to call more than once."""
        self._server.stop()
        control, self._control = self._control, None
        if control is not None:
            control.close()

    def __repr__(self) -> str:
        return f"Sandbox({self.server_url!r}, seed={self.seed})"
