"""The sandbox's settings: what ``vbc sandbox``'s options and ``Sandbox(...)`` set, checked."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field

from .. import _validate
from .._local_servers import (
    SANDBOX_ACCOUNT_ID,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_DEVICES,
    SANDBOX_ENDED_VISIBLE_FOR,
    SANDBOX_JOURNAL_LIMIT,
    SANDBOX_MAX_DEVICES,
    SANDBOX_PASSWORD,
    SANDBOX_STATIC_TOKEN,
    SANDBOX_TOKEN_TTL,
    SANDBOX_USERNAME,
)
from ._domain.token_issuer import Credentials


@dataclass(frozen=True)
class SandboxConfig:
    """The sandbox's state and rules.

    - ``seed``: fixes every generated id and time offset (None: a random one, kept in
      ``seed`` so that a run can be repeated);
    - ``token_ttl``: seconds an access token lives;
    - ``devices``: how many devices the account has (at most ``SANDBOX_MAX_DEVICES``,
      10,000);
    - ``answer_after``: seconds after which a ringing call answers itself (never: None);
    - ``static_token``: a bearer token that is always valid (None: none is);
    - ``username``, ``password``, ``client_id``, ``client_secret``: what the password grant
      takes; ``account_id``: the one account's id;
    - ``journal_limit``: requests the journal keeps;
    - ``ended_visible_for``: seconds a call that ended busy or unanswered stays listed;
    - ``unanswered_after``: seconds after which a ringing call rings out, ending
      ``unanswered`` (never: None); an ``answer_after`` due as soon answers it instead.
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
    # Last: a field added before the others would move their positions.
    ended_visible_for: float = SANDBOX_ENDED_VISIBLE_FOR
    unanswered_after: float | None = None

    def __post_init__(self) -> None:
        if self.seed is None:
            object.__setattr__(self, "seed", secrets.randbits(32))
        _validate.integer(self.seed, "seed")
        _validate.integer(self.token_ttl, "token_ttl", minimum=1)
        _validate.integer(self.devices, "devices", minimum=0, maximum=SANDBOX_MAX_DEVICES)
        _validate.integer(self.journal_limit, "journal_limit", minimum=1)
        if self.answer_after is not None:
            _seconds(self.answer_after, "answer_after", "seconds >= 0 or None")
        _seconds(self.ended_visible_for, "ended_visible_for", "seconds >= 0")
        if self.unanswered_after is not None:
            _seconds(self.unanswered_after, "unanswered_after", "seconds >= 0 or None")
        for name in ("username", "password", "client_id", "client_secret", "account_id"):
            _validate.text(getattr(self, name), name)
        if self.static_token is not None:
            _validate.text(self.static_token, "static_token", spaces=False)
        if self.account_id == "self" or "/" in self.account_id:
            raise _validate.InvalidArgumentError(
                "account_id must be an account's id, not 'self' or a path"
            )

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.username, self.password, self.client_id, self.client_secret)

    @property
    def fixed_seed(self) -> int:
        """``seed``, never None once the config exists."""
        assert self.seed is not None, "__post_init__ draws a seed"
        return self.seed


def _seconds(value: object, name: str, expected: str) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and value >= 0)
    ):
        raise _validate.InvalidArgumentError(f"{name} must be {expected}, not {value!r}")
