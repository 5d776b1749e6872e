"""The sandbox's settings: what ``vbc sandbox``'s options and ``Sandbox(...)`` set, checked."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field

from .._constants import (
    SANDBOX_ACCOUNT_ID,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_DEVICES,
    SANDBOX_JOURNAL_LIMIT,
    SANDBOX_PASSWORD,
    SANDBOX_STATIC_TOKEN,
    SANDBOX_TOKEN_TTL,
    SANDBOX_USERNAME,
)
from ._tokens import Credentials


@dataclass(frozen=True)
class SandboxConfig:
    """The sandbox's state and rules.

    - ``seed``: fixes every generated id and time offset (None: a random one, kept in
      ``seed`` so that a run can be repeated);
    - ``token_ttl``: seconds an access token lives;
    - ``devices``: how many devices the account has;
    - ``answer_after``: seconds after which a ringing call answers itself (never: None);
    - ``static_token``: a bearer token that is always valid (None: none is);
    - ``username``, ``password``, ``client_id``, ``client_secret``: what the password grant
      takes; ``account_id``: the one account's id.
    """

    seed: int | None = None
    token_ttl: int = SANDBOX_TOKEN_TTL
    devices: int = SANDBOX_DEVICES
    answer_after: float | None = None
    static_token: str | None = SANDBOX_STATIC_TOKEN
    username: str = SANDBOX_USERNAME
    password: str = field(default=SANDBOX_PASSWORD, repr=False)
    client_id: str = SANDBOX_CLIENT_ID
    client_secret: str = field(default=SANDBOX_CLIENT_SECRET, repr=False)
    account_id: str = SANDBOX_ACCOUNT_ID
    journal_limit: int = SANDBOX_JOURNAL_LIMIT

    def __post_init__(self) -> None:
        if self.seed is None:
            object.__setattr__(self, "seed", secrets.randbits(32))
        for name in ("seed", "token_ttl", "devices", "journal_limit"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        if self.token_ttl < 1:
            raise ValueError(f"token_ttl must be at least 1 second, not {self.token_ttl}")
        if self.devices < 0 or self.journal_limit < 1:
            raise ValueError("devices must be >= 0 and journal_limit >= 1")
        answer_after = self.answer_after
        if answer_after is not None and (
            isinstance(answer_after, bool)
            or not isinstance(answer_after, int | float)
            or not (math.isfinite(answer_after) and answer_after >= 0)
        ):
            raise ValueError(f"answer_after must be seconds >= 0 or None, not {answer_after!r}")
        for name in ("username", "password", "client_id", "client_secret", "account_id"):
            text = getattr(self, name)
            if not isinstance(text, str) or not text.strip() or not text.isprintable():
                raise ValueError(f"{name} must be a non-blank printable str")
        token = self.static_token
        if token is not None and not (isinstance(token, str) and token.isprintable()):
            raise ValueError("static_token must be a printable str, or None")
        if token is not None and (not token.strip() or any(char.isspace() for char in token)):
            raise ValueError("static_token must not be blank or contain whitespace")
        if self.account_id == "self" or "/" in self.account_id:
            raise ValueError("account_id must be an account's id, not 'self' or a path")

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.username, self.password, self.client_id, self.client_secret)

    @property
    def fixed_seed(self) -> int:
        """``seed``, never None once the config exists."""
        assert self.seed is not None, "__post_init__ draws a seed"
        return self.seed
