"""How every path and ``next_page_uri`` is resolved against the base URL.

The API's paths, and the links it returns, are relative to the server URL *including* its
path prefix: ``/cc/accounts/1/calls`` means ``…/t/vbc.prod/telephony/v3/cc/accounts/1/calls``.
RFC 3986 resolution would drop the prefix, so the join here appends instead, and it is the
one join used for both the generated paths and the links. A link never leaves the base URL's
origin (it would carry the credentials along) nor, after dot segments are resolved, its prefix.
"""

from __future__ import annotations

import httpx


def join_url(base: httpx.URL, reference: str | httpx.URL) -> httpx.URL:
    """``reference`` (a path with its query, or a same-origin absolute URL) under ``base``.

    ValueError if the result would leave ``base``'s origin or path prefix.
    """
    try:
        url = reference if isinstance(reference, httpx.URL) else httpx.URL(reference)
    except httpx.InvalidURL as exc:
        raise ValueError(f"{reference!r} is not a valid URL: {exc}") from None
    prefix = base.raw_path.rstrip(b"/")
    if url.scheme or url.host:
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            raise ValueError(f"{reference!r} is not on {base.scheme}://{base.netloc.decode()}")
        joined = url
    else:
        raw = url.raw_path
        if not (raw.startswith(prefix + b"/") or raw.startswith(prefix + b"?")):
            raw = prefix + b"/" + raw.lstrip(b"/")
        joined = base.copy_with(raw_path=raw)
    # Strictly under the prefix: a link such as "." resolves to the prefix itself, no resource.
    if not joined.path.startswith(base.path.rstrip("/") + "/"):
        raise ValueError(f"{reference!r} leaves the base path {base.path!r}")
    return joined
