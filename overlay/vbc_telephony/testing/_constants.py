"""Every default of the test tooling (the Prism mock, its guard, the sandbox), in one place."""

from __future__ import annotations

# The Prism mock: where it listens, which pinned release runs outside a checkout (keep equal
# to mock/package.json; a test checks), and how long a first start may take (npx may fetch it).
MOCK_HOST = "127.0.0.1"
MOCK_PORT = 4010
PRISM_VERSION = "5.16.0"
PRISM_PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
PRISM_START_TIMEOUT = 120.0
# Prism wants a bearer token but accepts any; this one is sent when the user has none.
MOCK_TOKEN = "vbc-mock-token"

# The servers we ship (the mock's guard, the sandbox): what a request may cost them.
# A request head must arrive within HEAD_TIMEOUT once begun and its body within BODY_TIMEOUT
# (else 408); a body may hold MAX_BODY_BYTES (else 413) and nest MAX_JSON_DEPTH deep (else
# 400). Every API body is a few hundred bytes and at most 3 levels deep.
HEAD_TIMEOUT = 10.0
BODY_TIMEOUT = 10.0
# After an error answer to a client still sending, how long its bytes are read and dropped
# before the connection closes (closing at once can destroy the answer: a TCP reset).
LINGER_TIMEOUT = 2.0
MAX_BODY_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32
# Pending connections the kernel queues before accepting (capped by net.core.somaxconn), and
# how long an idle keep-alive connection stays open.
BACKLOG = 2048
KEEP_ALIVE_TIMEOUT = 5
SERVER_START_TIMEOUT = 10.0
# Once told to stop (Ctrl-C, SIGTERM, ``stop()``), how long a server lets the requests it is
# still handling finish (a body still arriving, Prism still answering) before it cancels them.
GRACEFUL_SHUTDOWN = 2

# The sandbox (``vbc sandbox``, the ``vbc_sandbox`` fixture): where it listens, where its
# control API lives (the API and the token endpoint are at the live service's paths), and the
# state it starts from. The credentials are the password grant's; the static token is
# accepted as a bearer token too, unless switched off.
SANDBOX_HOST = "127.0.0.1"
SANDBOX_PORT = 4011
SANDBOX_CONTROL_PREFIX = "/_sandbox"
SANDBOX_ACCOUNT_ID = "1000"
SANDBOX_USERNAME = "sandbox@vbc.prod"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_CLIENT_ID = "sandbox"
SANDBOX_CLIENT_SECRET = "sandbox"
SANDBOX_STATIC_TOKEN = "sandbox-token"
# Seconds an access token lives (the live API's tokens last 24 h).
SANDBOX_TOKEN_TTL = 86400
SANDBOX_DEVICES = 3
# Requests the journal keeps (the oldest go first), and the largest body it keeps (larger
# ones are recorded as null), so that a long run cannot fill memory. API bodies are tiny.
SANDBOX_JOURNAL_LIMIT = 10_000
SANDBOX_JOURNAL_BODY_BYTES = 64 * 1024

# The mock's guard forwards to Prism over one pool of keep-alive connections: room for every
# request of a 200-wide burst at once, and each idle connection dropped before Node's own
# 5 s keep-alive timeout closes it under the guard. Prism answers in milliseconds; one that
# takes longer than GUARD_UPSTREAM_TIMEOUT is broken, and the request gets 502.
GUARD_UPSTREAM_CONNECTIONS = 256
GUARD_UPSTREAM_KEEP_ALIVE = 4.0
GUARD_UPSTREAM_CONNECT_TIMEOUT = 2.0
GUARD_UPSTREAM_TIMEOUT = 15.0
