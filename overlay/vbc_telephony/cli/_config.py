"""Where the CLI connects and as whom.

The server comes from ``--base-url``, ``VBC_BASE_URL`` or ``--mock``; credentials come from
the environment only, never from flags, because a flag is kept in the shell's history and
shown in every process listing:

- ``VBC_TOKEN``: a bearer token, used as is;
- else ``VBC_USERNAME``, ``VBC_PASSWORD``, ``VBC_CLIENT_ID``, ``VBC_CLIENT_SECRET`` (and
  optionally ``VBC_TOKEN_URL``): the OAuth password grant.

``--mock`` starts the Prism mock for the one command and sends ``VBC_TOKEN``, or a dummy
token (Prism accepts any); it never runs the password grant, which would send the
password to the real token endpoint only to talk to a local mock.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
import typer

from .. import BearerToken, PasswordGrant, Telephony
from .._constants import DEFAULT_BASE_URL, DEFAULT_TOKEN_URL

BASE_URL_ENV = "VBC_BASE_URL"
TOKEN_ENV = "VBC_TOKEN"
PASSWORD_GRANT_ENV = ("VBC_USERNAME", "VBC_PASSWORD", "VBC_CLIENT_ID", "VBC_CLIENT_SECRET")
TOKEN_URL_ENV = "VBC_TOKEN_URL"


@dataclass(frozen=True)
class Settings:
    """The root command's connection options, kept on the context for the subcommand."""

    base_url: str
    mock: bool

    @classmethod
    def of(cls, base_url: str | None, mock: bool, env: Mapping[str, str]) -> Settings:
        """From the flags, then the environment; ``--mock`` with ``--base-url`` is an error."""
        if mock and base_url is not None:
            raise ValueError("--mock and --base-url exclude each other: the mock has its own URL")
        return cls(base_url or env.get(BASE_URL_ENV) or DEFAULT_BASE_URL, mock)


def auth_from_env(env: Mapping[str, str], *, mock: bool) -> httpx.Auth:
    """The auth the environment configures; a ValueError naming what is missing (a usage
    error to the root command), never a value."""
    given = {name: value for name, value in env.items() if name.startswith("VBC_") and value}
    if TOKEN_ENV in given:
        try:
            return BearerToken(given[TOKEN_ENV])
        except ValueError as exc:
            raise ValueError(f"{TOKEN_ENV}: {exc}") from None
    if mock:
        from ..testing._constants import MOCK_TOKEN

        return BearerToken(MOCK_TOKEN)
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
        raise ValueError(
            f"the password grant also needs {', '.join(missing)} (or set {TOKEN_ENV} instead)"
        )
    raise ValueError(
        f"no credentials: set {TOKEN_ENV}, or {', '.join(PASSWORD_GRANT_ENV)};"
        " or try the local mock with --mock"
    )


def client(ctx: typer.Context) -> Telephony:
    """A client for this command, closed (and its mock stopped) when the command ends."""
    root = ctx.find_root()
    settings = root.find_object(Settings)
    assert settings is not None, "the root command stores its Settings"
    auth = auth_from_env(os.environ, mock=settings.mock)
    base_url = settings.base_url
    if settings.mock:
        from ..testing import PrismMock  # servers and subprocesses: only when asked for

        base_url = root.with_resource(PrismMock()).base_url
    return root.with_resource(Telephony(base_url=base_url, auth=auth))
