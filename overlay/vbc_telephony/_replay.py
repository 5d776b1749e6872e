"""Which requests may be sent again after they may have reached the server.

Decided per operation, from what it does to the world, not from its HTTP method:

- ``SAFE``: reading (every list and get) and the token exchange. Repeating one changes
  nothing, so it is retried after a throttle (429), a gateway error (502, 503, 504), a
  timeout or a dropped connection.
- ``ACT_ONCE``: every operation that acts. It places a call, answers, transfers, parks or
  hangs one up, or acts on a leg (hold, unhold, DTMF, audio, transfers, recording, hang-up).
  Sent twice, the far end hears the digits twice; a repeated hold or hang-up comes back as a
  false 409 or 404. It is retried only when the server certainly did not act: a 429 (the
  gateway throttled it before the API saw it), or a failure before the request left (no
  connection, a connect or pool timeout).

The client marks each request it sends with its operation's ``Replay`` (the
``REPLAY_EXTENSION`` request extension); ``RetryTransport`` decides from that mark. A request
without one (a user's own, through ``RetryTransport``) is ``SAFE`` only if its method is GET,
HEAD or OPTIONS. A TLS failure is never retried, whatever the request: a certificate that
failed verification fails again.
"""

from __future__ import annotations

import enum
import ssl
from collections.abc import Mapping

import httpx

from ._constants import REPLAY_EXTENSION


class Replay(enum.Enum):
    SAFE = "safe to repeat"
    ACT_ONCE = "acts once"


# Every operation of openapi.yaml, by operationId (a test keeps the two in step).
OPERATIONS: Mapping[str, Replay] = {
    "list_calls": Replay.SAFE,
    "get_call": Replay.SAFE,
    "list_legs": Replay.SAFE,
    "get_leg": Replay.SAFE,
    "list_devices": Replay.SAFE,
    "get_device": Replay.SAFE,
    "create_call": Replay.ACT_ONCE,  # places a phone call
    "update_call": Replay.ACT_ONCE,  # answers, transfers or parks it
    "delete_call": Replay.ACT_ONCE,  # hangs it up: a repeat is a 404
    "update_leg": Replay.ACT_ONCE,  # a leg action: a repeated hold is a 409, DTMF is heard twice
    "delete_leg": Replay.ACT_ONCE,  # hangs the leg up
}

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Failures after which the server cannot have seen the request.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def replay_of(request: httpx.Request) -> Replay:
    """The request's mark, or, unmarked, what its method says."""
    marked = request.extensions.get(REPLAY_EXTENSION)
    if isinstance(marked, Replay):
        return marked
    return Replay.SAFE if request.method in _SAFE_METHODS else Replay.ACT_ONCE


def may_have_arrived(exc: httpx.RequestError) -> bool:
    """Whether the server may have received the request that failed with ``exc``."""
    return not isinstance(exc, NOT_SENT)


def is_tls_failure(exc: BaseException) -> bool:
    """Whether ``exc`` comes from a TLS handshake or certificate check (httpx wraps those)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
