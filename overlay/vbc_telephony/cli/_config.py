"""Where the CLI connects, as whom, and how patiently.

The server comes from ``--base-url``, ``VBC_BASE_URL``, ``--sandbox`` or ``--mock``; the
account from ``--account`` or ``VBC_ACCOUNT`` (default ``self``); ``--timeout`` and
``--max-retries`` override the client's defaults; credentials come from the environment
only, never from flags, because a flag is kept in the shell's history and
shown in every process listing:

- ``VBC_TOKEN``: a bearer token, used as is;
- else ``VBC_USERNAME``, ``VBC_PASSWORD``, ``VBC_CLIENT_ID``, ``VBC_CLIENT_SECRET`` (and
  optionally ``VBC_TOKEN_URL``): the OAuth password grant.

``--sandbox`` starts the stateful sandbox, and ``--mock`` the Prism mock, for the one
command; either is sent ``VBC_TOKEN``, or else its own token (the sandbox's always-valid
one, a dummy for Prism, which accepts any). Neither runs the password grant, which would
send the password to the real token endpoint only to talk to a local server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import typer

from .. import BearerToken, PasswordGrant, Telephony

if TYPE_CHECKING:
    from ..mock import PrismMock
    from ..sandbox import Sandbox
from .._constants import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_TOKEN_URL, MAX_RETRIES
from .._validate import InvalidArgumentError

DEFAULT_ACCOUNT = "self"
ACCOUNT_ENV = "VBC_ACCOUNT"
BASE_URL_ENV = "VBC_BASE_URL"
TOKEN_ENV = "VBC_TOKEN"
PASSWORD_GRANT_ENV = ("VBC_USERNAME", "VBC_PASSWORD", "VBC_CLIENT_ID", "VBC_CLIENT_SECRET")
TOKEN_URL_ENV = "VBC_TOKEN_URL"


@dataclass(frozen=True)
class RootOptions:
    """The root command's connection options, kept on the context for the subcommand.

    ``local``: "sandbox" or "mock" to start that server for the command, else None.
    """

    base_url: str
    local: str | None = None
    timeout: float | None = None
    max_retries: int | None = None

    @classmethod
    def of(
        cls,
        base_url: str | None,
        local: str | None,
        env: Mapping[str, str],
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> RootOptions:
        """From the flags, then the environment; a local server with ``--base-url`` is an
        error."""
        if local is not None and base_url is not None:
            raise InvalidArgumentError(
                f"--{local} and --base-url exclude each other: the {local} has its own URL"
            )
        url = base_url or env.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        return cls(url, local, timeout, max_retries)


def auth_from_env(env: Mapping[str, str], *, local_token: str | None = None) -> httpx.Auth:
    """The auth the environment configures, else ``local_token`` (a local server's own); a
    ValueError naming what is missing (a usage error to the root command), never a value."""
    given = {name: value for name, value in env.items() if name.startswith("VBC_") and value}
    if TOKEN_ENV in given:
        try:
            return BearerToken(given[TOKEN_ENV])
        except ValueError as exc:
            raise InvalidArgumentError(f"{TOKEN_ENV}: {exc}") from None
    if local_token is not None:
        return BearerToken(local_token)
    missing = [name for name in PASSWORD_GRANT_ENV if name not in given]
    if not missing:
        username, password, client_id, client_secret = (given[n] for n in PASSWORD_GRANT_ENV)
        return PasswordGrant(
            username,
            password,
            client_id,
            client_secret,
            token_url=given.get(TOKEN_URL_ENV, DEFAULT_TOKEN_URL),
        )
    if len(missing) < len(PASSWORD_GRANT_ENV):
        raise InvalidArgumentError(
            f"the password grant also needs {', '.join(missing)} (or set {TOKEN_ENV} instead)"
        )
    raise InvalidArgumentError(
        f"no credentials: set {TOKEN_ENV}, or {', '.join(PASSWORD_GRANT_ENV)};"
        " or try the local sandbox with --sandbox"
    )


def client(ctx: typer.Context) -> Telephony:
    """A client for this command, closed (and its local server stopped) when the command ends."""
    root = ctx.find_root()
    options = root.find_object(RootOptions)
    assert options is not None, "the root command stores its RootOptions"
    local_token = None if options.local is None else _local_token(options.local)
    auth = auth_from_env(os.environ, local_token=local_token)  # refused before anything starts
    base_url = options.base_url
    if options.local is not None:
        server = _local_server(options.local)
        root.with_resource(server)  # started now, stopped when the command ends
        base_url = server.base_url
    telephony = Telephony(
        base_url=base_url,
        auth=auth,
        timeout=DEFAULT_TIMEOUT if options.timeout is None else options.timeout,
        max_retries=MAX_RETRIES if options.max_retries is None else options.max_retries,
    )
    return root.with_resource(telephony)


def _local_token(local: str) -> str:
    """The token a local server takes when the environment gives none."""
    from .._local_servers import MOCK_TOKEN, SANDBOX_STATIC_TOKEN

    return SANDBOX_STATIC_TOKEN if local == "sandbox" else MOCK_TOKEN


def _local_server(local: str) -> PrismMock | Sandbox:
    """The named local server, to start for the command."""
    from ..mock import PrismMock  # servers and subprocesses: only when asked for
    from ..sandbox import Sandbox

    return Sandbox() if local == "sandbox" else PrismMock()
