"""Everything the sandbox holds, in one object: the account, its tokens, calls and devices,
the clock, the pending faults and the journal; ``reset`` puts it back as it started."""

from __future__ import annotations

from .._sandbox_config import SandboxConfig
from .active_calls import ActiveCalls
from .clock import Clock
from .faults import Faults
from .journal import Journal
from .refusals import NotAllowed
from .registrations import Devices
from .seeds import seeded
from .token_issuer import Tokens

SELF = "self"


class SandboxState:
    """The sandbox's state under ``config``; ``clock`` may be replaced by tests."""

    def __init__(self, config: SandboxConfig, clock: Clock | None = None) -> None:
        self.config = config
        self.clock = clock or Clock()
        self.tokens = Tokens(
            config.credentials,
            self.clock,
            ttl=config.token_ttl,
            static_token=config.static_token,
        )
        self.faults = Faults()
        self.journal = Journal(config.journal_limit)
        self.reset()

    def reset(self) -> None:
        """Back to the seeded state: no calls, fresh devices and ids, no tokens, faults or
        journal, the clock unmoved."""
        self.clock.reset()
        self.tokens.reset()
        self.faults.clear()
        self.journal.clear()
        seed = self.config.fixed_seed
        self.calls = ActiveCalls(self.clock, seeded(seed, "calls"), self.config)
        self.devices = Devices(seeded(seed, "devices"), self.config.devices, self.clock.seconds())

    def account(self, requested: str) -> str:
        """The account id a path names (``self`` is the token's); ``NotAllowed`` for others."""
        if requested in (SELF, self.config.account_id):
            return self.config.account_id
        raise NotAllowed(f"The token is not allowed on account {requested!r}")
