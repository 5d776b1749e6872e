"""The base URL, and how every path and ``next_page_uri`` is resolved against it.

The API's paths, and the links it returns, are relative to the server URL *including* its
path prefix: ``/cc/accounts/1/calls`` means ``…/t/vbc.prod/telephony/v3/cc/accounts/1/calls``.
RFC 3986 resolution would drop the prefix, so the join here appends instead, and it is the
one join used for both the generated paths and the links. A link never leaves the base URL's
origin (it would carry the credentials along) nor, after dot segments are resolved, its prefix.
"""

from __future__ import annotations

import httpx


def base_url(value: object) -> httpx.URL:
    """``value`` as a base URL: absolute http(s), no credentials, query or fragment."""
    if not isinstance(value, str | httpx.URL):
        raise TypeError(f"base_url must be a str or httpx.URL, not {type(value).__name__}")
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise ValueError(f"base_url is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"base_url must be an absolute http(s) URL, not {str(value)!r}")
    if url.userinfo or url.query or url.fragment:
        # Credentials in a URL end up in logs and reprs; the others would be silently dropped.
        raise ValueError("base_url must not contain credentials, a query or a fragment")
    return url.copy_with(path=url.path.rstrip("/") or "/")


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
    if not (joined.path + "/").startswith(base.path.rstrip("/") + "/"):
        raise ValueError(f"{reference!r} leaves the base path {base.path!r}")
    return joined
