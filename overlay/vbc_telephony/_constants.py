"""Every default of the package, in one place."""

from __future__ import annotations

# The vendor's production server, path prefix included: links such as `next_page_uri`
# are relative to it, not to the host.
DEFAULT_BASE_URL = "https://api.vonage.com/t/vbc.prod/telephony/v3"

# The Prism mock: where it listens, which pinned release runs outside a checkout (keep equal
# to mock/package.json; a test checks), and how long a first start may take (npx may fetch it).
MOCK_HOST = "127.0.0.1"
MOCK_PORT = 4010
PRISM_VERSION = "5.16.0"
PRISM_PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
PRISM_START_TIMEOUT = 120.0
