"""Schemathesis hooks for the runs against the sandbox (``SCHEMATHESIS_HOOKS``).

``create_call`` answers the new call's id as ``text/plain``, which schemathesis cannot read
on its own: without this, the id's schema goes unchecked and the stateful phase cannot
follow the links from a created call (``$response.body``).
"""

from __future__ import annotations

import schemathesis


@schemathesis.deserializer("text/plain")
def plain_text(ctx: object, response: schemathesis.Response) -> str:
    return response.content.decode(response.encoding or "utf-8")
