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
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)

# Retries: attempts after the first, exponential backoff with full jitter, all waits within one
# overall deadline, and a cap on what a Retry-After header may ask for.
MAX_RETRIES = 2
RETRY_BACKOFF_INITIAL = 0.5
RETRY_BACKOFF_MAX = 8.0
RETRY_DEADLINE = 60.0
RETRY_AFTER_MAX = 60.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})

# Request extensions the client sets and ``RetryTransport`` reads: the retries a call may
# have (a per-call ``max_retries``), and whether a request is safe to send again (``_replay``);
# on a token request, what its failure means for the API request it was made for.
MAX_RETRIES_EXTENSION = "vbc_telephony.max_retries"
REPLAY_EXTENSION = "vbc_telephony.replay"
TOKEN_EXCHANGE_EXTENSION = "vbc_telephony.token_exchange"

# openapi.yaml's StartTime/EndTime bounds: epoch seconds from 1970 to the last second of year
# 9999 (a test keeps them equal to the spec's).
EPOCH_MIN = 0
EPOCH_MAX = 253402300799

# A listing drops an item it yielded in this many pages before, when it comes again (pages
# shift while calls come and go: _pagination).
LISTING_REMEMBERED_PAGES = 16

# Polling (calls.watch, calls.wait_for, legs.wait_for): a request every 2 s at most (30 a
# minute per watcher, one per page), fast enough to see every call that rings for one full
# ring cycle (3 s in the UK, 6 s in North America). After a failure the wait doubles from the
# interval up to POLL_BACKOFF_MAX; POLL_MAX_ERRORS failures in a row (429s aside) end it.
POLL_INTERVAL = 2.0
POLL_BACKOFF_MAX = 30.0
POLL_MAX_ERRORS = 5
WAIT_TIMEOUT = 30.0

# openapi.yaml's info.version: the revision of the API's description this client is built
# from (a test keeps the two equal).
SPEC_VERSION = "3.0.0-vbc.1"

LOGGER_NAME = "vbc_telephony"
USER_AGENT = "vbc-telephony-python"
