"""One request and its answer, as the traffic tools see it and as a HAR 1.2 entry holds it.

Bodies are text, as HAR keeps them: a request's ``postData.text`` and an answer's
``content.text`` (decoded from any ``Content-Encoding``). A body that is not UTF-8 is kept in
base64 (``content.encoding``), and checked as the bytes it is.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

Headers = tuple[tuple[str, str], ...]


def header(headers: Headers, name: str) -> str | None:
    """The first value of header ``name`` (any case), or None."""
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def body_text(data: bytes) -> tuple[str, bool]:
    """``data`` as HAR text, and whether that text is base64 (the bytes are not UTF-8)."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii"), True


@dataclass(frozen=True)
class Exchange:
    """An HTTP request and the answer it got. ``number``: its position in its recording
    (1-based); ``comment``: what the recorder said about it (a failed upstream, say)."""

    method: str
    url: str
    request_headers: Headers
    request_body: str
    status: int
    response_headers: Headers
    response_body: str
    response_base64: bool = False
    started: str = ""
    time_ms: float = 0.0
    comment: str = ""
    number: int = 0

    @functools.cached_property
    def parts(self) -> SplitResult:
        """The URL, split."""
        return urlsplit(self.url)

    def request_header(self, name: str) -> str | None:
        return header(self.request_headers, name)

    def response_header(self, name: str) -> str | None:
        return header(self.response_headers, name)


def _pairs(records: object) -> Headers:
    if not isinstance(records, list):
        return ()
    return tuple(
        (str(r.get("name", "")), str(r.get("value", ""))) for r in records if isinstance(r, dict)
    )


def from_entry(entry: Mapping[str, Any], number: int) -> Exchange:
    """A HAR entry as an ``Exchange``; ``ValueError`` naming what is missing."""
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        raise ValueError("an entry without its request or response")
    post = request.get("postData")
    content = response.get("content")
    content = content if isinstance(content, dict) else {}
    status = response.get("status")
    if not isinstance(status, int) or isinstance(status, bool):
        raise ValueError(f"response.status is not a number: {status!r}")
    return Exchange(
        method=str(request.get("method", "")).upper(),
        url=str(request.get("url", "")),
        request_headers=_pairs(request.get("headers")),
        request_body=str(post.get("text") or "") if isinstance(post, dict) else "",
        status=status,
        response_headers=_pairs(response.get("headers")),
        response_body=str(content.get("text") or ""),
        response_base64=content.get("encoding") == "base64",
        started=str(entry.get("startedDateTime", "")),
        time_ms=float(entry.get("time") or 0),
        comment=str(entry.get("comment") or ""),
        number=number,
    )
