"""What the local servers (``vbc_telephony.mock``, ``vbc_telephony.sandbox``) start from and
where they listen, in one place that loads neither: the CLI's options and the servers' own
settings read their defaults here, and ``bundled_spec`` is the spec they all serve.

The servers' own machinery has its limits beside it: ``_server.limits`` (what a request may
cost), ``mock._defaults`` (Prism and the guard's pool).
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

# The Prism mock: where it listens. Prism wants a bearer token but accepts any; this one is
# sent when the user has none.
MOCK_HOST = "127.0.0.1"
MOCK_PORT = 4010
MOCK_TOKEN = "vbc-mock-token"

# The sandbox (``vbc sandbox``, the ``vbc_sandbox`` fixture): where it listens, where its
# control API lives (the API and the token endpoint are at the live service's paths), and the
# state it starts from. The credentials are the password grant's; the static token is
# accepted as a bearer token too, unless switched off.
SANDBOX_HOST = "127.0.0.1"
SANDBOX_PORT = 4011
SANDBOX_CONTROL_PREFIX = "/_sandbox"
# The sandbox's browser page, and the event stream that keeps it live.
SANDBOX_PAGE_PATH = SANDBOX_CONTROL_PREFIX + "/ui"
SANDBOX_EVENTS_PATH = SANDBOX_CONTROL_PREFIX + "/events"
SANDBOX_ACCOUNT_ID = "1000"
SANDBOX_USERNAME = "sandbox@vbc.prod"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_CLIENT_ID = "sandbox"
SANDBOX_CLIENT_SECRET = "sandbox"
SANDBOX_STATIC_TOKEN = "sandbox-token"
# Seconds an access token lives (the live API's tokens last 24 h).
SANDBOX_TOKEN_TTL = 86400
SANDBOX_DEVICES = 3
# The most devices a sandbox seeds: each reset makes them again (10,000 take 0.1 s and 30 MB;
# a million, 10 s and 400 MB).
SANDBOX_MAX_DEVICES = 10_000
# Seconds a call that ended busy or unanswered stays listed in that state: five of a
# watch's default polls (``_constants.POLL_INTERVAL``), so that a client sees how it ended.
SANDBOX_ENDED_VISIBLE_FOR = 10.0
# Requests the journal keeps (the oldest go first), and the largest body it keeps (larger
# ones are recorded as null), so that a long run cannot fill memory. API bodies are tiny.
SANDBOX_JOURNAL_LIMIT = 10_000
SANDBOX_JOURNAL_BODY_BYTES = 64 * 1024
# Event streams of the sandbox's page open at once (each costs a render per change); a page
# holds one, so this is that many tabs.
SANDBOX_EVENT_STREAMS = 32


def bundled_spec() -> Path:
    """The ``openapi.yaml`` shipped inside the installed generated package."""
    return Path(str(importlib.resources.files("vbc_telephony_api").joinpath("openapi.yaml")))
