"""What a request may cost the servers we ship (the mock's guard, the sandbox).

A request head must arrive within ``HEAD_TIMEOUT`` once begun and its body within
``BODY_TIMEOUT`` (else 408); a body may hold ``MAX_BODY_BYTES`` (else 413) and nest
``MAX_JSON_DEPTH`` deep (else 400). Every API body is a few hundred bytes and at most 3 levels
deep.
"""

from __future__ import annotations

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
