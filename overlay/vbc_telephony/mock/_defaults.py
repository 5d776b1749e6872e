"""The Prism mock's own defaults: the pinned Prism, and the guard's way to it.

``PRISM_VERSION`` is the release that runs outside a checkout (keep equal to
mock/package.json; a test checks); a first start may take ``PRISM_START_TIMEOUT`` (npx may
fetch it). The guard forwards to Prism over one pool of keep-alive connections: room for
every request of a 200-wide burst at once, each idle connection dropped before Node's own 5 s
keep-alive timeout closes it under the guard. Prism answers in milliseconds; one that takes
longer than ``GUARD_UPSTREAM_TIMEOUT`` is broken, and the request gets 502.
"""

from __future__ import annotations

PRISM_VERSION = "5.16.0"
PRISM_PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
PRISM_START_TIMEOUT = 120.0

GUARD_UPSTREAM_CONNECTIONS = 256
GUARD_UPSTREAM_KEEP_ALIVE = 4.0
GUARD_UPSTREAM_CONNECT_TIMEOUT = 2.0
GUARD_UPSTREAM_TIMEOUT = 15.0
