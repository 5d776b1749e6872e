"""Every default of the traffic tools (the recording proxy, recordings, replay), in one place."""

from __future__ import annotations

# `vbc proxy`: where it listens, and the one origin it forwards to (the vendor's, as the
# client's DEFAULT_BASE_URL and DEFAULT_TOKEN_URL have it).
PROXY_HOST = "127.0.0.1"
PROXY_PORT = 4012
DEFAULT_UPSTREAM = "https://api.vonage.com"
# How long the upstream may take: to connect, and for each read of its answer. Past either
# the app gets 502, as it does when the upstream cannot be reached at all.
UPSTREAM_CONNECT_TIMEOUT = 10.0
UPSTREAM_READ_TIMEOUT = 60.0
# The pool of connections to the upstream: at most this many open (httpx's defaults), and
# one idle this long is not used again: Node's and uvicorn's servers close theirs after 5 s,
# and a request sent on a connection as it closes fails (502).
UPSTREAM_CONNECTIONS = 100
UPSTREAM_IDLE_CONNECTIONS = 20
UPSTREAM_KEEP_ALIVE = 4.0
# An answer larger than this is not relayed (502): every API answer is a few kB, and the
# proxy holds each answer whole to check it.
MAX_UPSTREAM_BODY_BYTES = 16 * 1024 * 1024

# What replaces a secret in a recording, a report or a line on stderr.
REDACTED = "[redacted]"
# Numbers with at most this many digits are extensions, not phone numbers: kept as they are.
MAX_EXTENSION_DIGITS = 6
# The longest phone number (E.164).
MAX_PHONE_DIGITS = 15

# A problem's text is cut here in findings (a schema error quotes the whole value).
MAX_PROBLEM_CHARS = 300
# Exchanges a finding names in reports (by their number in the recording).
NAMED_EXCHANGES = 5

# `vbc replay`: how long each replayed request may take.
REPLAY_TIMEOUT = 30.0
