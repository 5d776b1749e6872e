"""Every default of the test tooling (the Prism mock, its guard), in one place."""

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
