"""Recordings: HAR 1.2 files written entry by entry and read as a stream.

``Recorder`` appends each exchange as it comes (harfile, the writer schemathesis uses), so
a proxy that runs for days holds one entry in memory, and the file is whole, valid JSON once
closed. ``read`` walks ``log.entries`` with ijson's C parser, one entry at a time, so judging
a recording of any size takes the memory of one entry; it reads any HAR 1.2 file, a
browser's included. A file that is not one is a ``RecordingError`` naming where it broke.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

import harfile
import ijson  # type: ignore[import-untyped]  # no stubs; three calls used

from .._exceptions import VBCError
from ._exchange import Exchange, Headers, from_entry

# Says what wrote a recording, and that its numbers are masked (``Recorder(masked=True)``).
CREATOR = "vbc proxy"
MASKED_COMMENT = "phone numbers masked"


class RecordingError(VBCError, ValueError):
    """A file that cannot be read as a HAR recording."""


def _records(headers: Headers) -> list[harfile.Record]:
    return [harfile.Record(name=name, value=value) for name, value in headers]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class Recorder:
    """Appends exchanges to a HAR file; ``close`` completes it. Flushed after every entry."""

    def __init__(self, path: Path, *, masked: bool) -> None:
        self.path = path
        self.count = 0
        self._file: IO[str] = path.open("w", encoding="utf-8")
        self._har = harfile.HarFile(
            self._file,
            creator=harfile.Creator(
                name=CREATOR,
                version=version("vbc-telephony"),
                comment=MASKED_COMMENT if masked else None,
            ),
        )

    def add(self, exchange: Exchange) -> None:
        parts = exchange.parts
        query = [
            harfile.Record(name=name, value=value)
            for name, _, value in (pair.partition("=") for pair in parts.query.split("&") if pair)
        ]
        post = None
        if exchange.request_body:
            mime = exchange.request_header("content-type") or "application/octet-stream"
            post = harfile.PostData(mimeType=mime, text=exchange.request_body)
        request = harfile.Request(
            method=exchange.method,
            url=exchange.url,
            httpVersion="HTTP/1.1",
            headers=_records(exchange.request_headers),
            queryString=query,
            postData=post,
            bodySize=len(exchange.request_body.encode("utf-8")),
        )
        response = harfile.Response(
            status=exchange.status,
            statusText=_reason(exchange.status),
            httpVersion="HTTP/1.1",
            headers=_records(exchange.response_headers),
            content=harfile.Content(
                size=len(exchange.response_body),
                mimeType=exchange.response_header("content-type") or "",
                text=exchange.response_body,
                encoding="base64" if exchange.response_base64 else None,
            ),
            redirectURL=exchange.response_header("location") or "",
        )
        self._har.add_entry(
            startedDateTime=exchange.started,
            time=round(exchange.time_ms, 3),
            request=request,
            response=response,
            timings=harfile.Timings(send=0, wait=round(exchange.time_ms, 3), receive=0),
            comment=exchange.comment or None,
        )
        self._file.flush()
        self.count += 1

    def close(self) -> None:
        """Complete the file (its closing brackets) and close it. Safe to call again."""
        if not self._har.closed:
            self._har.close()
            self._file.close()


def _json_error(path: Path, exc: Exception, where: str) -> RecordingError:
    return RecordingError(f"{path} is not a HAR file ({where}): {exc}")


def creator(path: Path) -> dict[str, Any]:
    """The recording's ``log.creator`` (``{}`` if it has none)."""
    with _opened(path) as stream:
        try:
            for found in ijson.items(stream, "log.creator"):
                return found if isinstance(found, dict) else {}
        except ijson.JSONError as exc:
            raise _json_error(path, exc, "before its entries") from None
    return {}


def masked_by_us(path: Path) -> bool:
    """Whether ``path`` was recorded by ``vbc proxy`` with its phone numbers masked."""
    found = creator(path)
    return found.get("name") == CREATOR and found.get("comment") == MASKED_COMMENT


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[IO[bytes]]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror}") from None
    with stream:
        yield stream


def read(path: Path) -> Iterator[Exchange]:
    """Every entry of the recording at ``path``, in order, one at a time."""
    number = 0
    with _opened(path) as stream:
        try:
            for entry in ijson.items(stream, "log.entries.item", use_float=True):
                number += 1
                if not isinstance(entry, dict):
                    raise RecordingError(f"{path}: entry #{number} is not an object")
                try:
                    yield from_entry(entry, number)
                except ValueError as exc:
                    raise RecordingError(f"{path}: entry #{number}: {exc}") from None
        except ijson.JSONError as exc:
            raise _json_error(path, exc, f"after entry #{number}") from None
