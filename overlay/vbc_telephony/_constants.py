"""Every default of the package, in one place."""

from __future__ import annotations

import httpx

# The vendor's production server, path prefix included: links such as `next_page_uri`
# are relative to it, not to the host.
DEFAULT_BASE_URL = "https://api.vonage.com/t/vbc.prod/telephony/v3"

# OAuth. Tokens last 24 h and are renewed this long before they expire, so that a request
# in flight does not carry a token that lapses on the way.
DEFAULT_TOKEN_URL = "https://api.vonage.com/token"
PASSWORD_GRANT_USERNAME_SUFFIX = "@vbc.prod"
PASSWORD_GRANT_SCOPE = "openid"
TOKEN_REFRESH_MARGIN = 60.0

# Timeouts in seconds.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
WRITE_TIMEOUT = 30.0
POOL_TIMEOUT = 10.0
DEFAULT_TIMEOUT = httpx.Timeout(
    connect=CONNECT_TIMEOUT, read=READ_TIMEOUT, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT
)

# Retries: attempts after the first, exponential backoff with full jitter, all waits within one
# overall deadline, and a cap on what a Retry-After header may ask for.
MAX_RETRIES = 2
RETRY_BACKOFF_INITIAL = 0.5
RETRY_BACKOFF_MAX = 8.0
RETRY_DEADLINE = 60.0
RETRY_AFTER_MAX = 60.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})

LOGGER_NAME = "vbc_telephony"
USER_AGENT = "vbc-telephony-python"

# The Prism mock: where it listens, which pinned release runs outside a checkout (keep equal
# to mock/package.json; a test checks), and how long a first start may take (npx may fetch it).
MOCK_HOST = "127.0.0.1"
MOCK_PORT = 4010
PRISM_VERSION = "5.16.0"
PRISM_PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
PRISM_START_TIMEOUT = 120.0
# Prism wants a bearer token but accepts any; this one is sent when the user has none.
MOCK_TOKEN = "vbc-mock-token"
