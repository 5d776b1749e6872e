"""Authentication: a fixed bearer token, and the OAuth grants that obtain and renew one.

Every class here is an ``httpx.Auth``, usable with ``httpx.Client`` and ``httpx.AsyncClient``.
The grants fetch a token on the first request, renew it shortly before it expires and after a
401 (the request is then replayed once), keep the rotated refresh token, fall back to the
password grant when a refresh is refused (``PasswordGrant`` only) and hand every new token pair
to ``on_token``. Threads (or tasks) that meet a missing or stale token cause one token request:
the first renews it while the others wait, then reuse it. ``on_token`` runs while they wait, so
it must not send requests through the same auth; an exception it raises fails the request.

The token requests are yielded by the auth flow, so they travel through the user's client and
transport (its timeouts, proxies and mocks) like any other request. Secrets are checked
(printable ASCII) before anything is sent, go only over https or to a loopback host, and never
appear in a repr, a log line or an error message.

- ``_token``: the ``Token`` type, the token request for a grant, and what its answer means;
- ``_flow``: the flow (send, renew once after a 401, replay), and its thread and task drivers;
- ``_grants``: ``BearerToken`` and the grants, with the token state they keep.

Authlib was considered and is not used: its token renewal lives in ``httpx.Client`` subclasses
(its ``httpx.Auth`` only signs), the sync one renews without single-flight, and neither falls
back to the password grant when a refresh is refused.
"""

from ._grants import (
    AuthorizationCodeGrant,
    BearerToken,
    PasswordGrant,
    RefreshTokenGrant,
    TokenCallback,
)
from ._token import Token

__all__ = [
    "AuthorizationCodeGrant",
    "BearerToken",
    "PasswordGrant",
    "RefreshTokenGrant",
    "Token",
    "TokenCallback",
]
