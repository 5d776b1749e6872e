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
