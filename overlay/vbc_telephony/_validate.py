"""Every check of what users pass in, and its conversion into what the generated code takes.

A check raises ``TypeError`` (wrong type) or ``InvalidArgumentError``, a ``ValueError`` (wrong
value), naming the argument, before anything is sent, and never quotes a secret. The rules
of the API's own values are the spec's: the constants below (and the ``EPOCH_*`` bounds in
``_constants``) are copied from ``openapi.yaml``, and a test fails when they and the spec part
ways. Request bodies are then built by the generated models. This module imports nothing of
the package but its constants: every other module may use it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

import httpx

from ._constants import EPOCH_MAX, EPOCH_MIN

E = TypeVar("E", bound=StrEnum)
C = TypeVar("C", bound=Callable[..., object])

# openapi.yaml: SendDtmf.dtmf, PageSize, PlayAudio.stream_url.
DTMF_PATTERN = "^[0-9A-Da-d*#]+$"
DTMF_MAX_LENGTH = 64
PAGE_SIZE_MIN = 1
AUDIO_URL_PATTERN = "^https?://"

_DTMF = re.compile(DTMF_PATTERN)
_AUDIO_URL = re.compile(AUDIO_URL_PATTERN)
_DOT_SEGMENTS = frozenset({".", ".."})


class InvalidArgumentError(ValueError):
    """A value the caller passed is refused, before anything was sent.

    A ``ValueError``, as the docs promise; its own class lets the CLI tell bad input
    (a usage error) from a ``ValueError`` that is a bug of ours.
    """


def type_name(value: object) -> str:
    return type(value).__name__


# Text.


def text(value: object, name: str, *, ascii_only: bool = False, spaces: bool = True) -> str:
    """``value`` if it is a str with something printable in it.

    ``ascii_only``: printable ASCII only (what may go into a header or a form as is);
    ``spaces=False``: no whitespace at all (a token, an id). The error shows ``value`` only
    when it is not a secret: callers that pass secrets use ``token``/``credential``.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type_name(value)}")
    if not value.strip():
        raise InvalidArgumentError(f"{name} must not be empty")
    if ascii_only and not (value.isascii() and value.isprintable()):
        raise InvalidArgumentError(f"{name} must be printable ASCII")
    if not value.isprintable():
        raise InvalidArgumentError(f"{name} must be printable: no control characters")
    if not spaces and any(char.isspace() for char in value):
        raise InvalidArgumentError(f"{name} must not contain whitespace")
    return value


def token(value: object, name: str) -> str:
    """A token fit for an ``Authorization`` header: printable ASCII without whitespace."""
    return text(value, name, ascii_only=True, spaces=False)


def credential(value: object, name: str) -> str:
    """A credential sent in a form (username, password, client id…): printable ASCII."""
    return text(value, name, ascii_only=True)


def path_id(value: object, name: str) -> str:
    """``value`` (a str, or an int) as the text of one path segment.

    The generated functions percent-encode path parameters, so ``/``, ``?``, ``#`` and ``%``
    stay inside the segment. What encoding cannot stop is refused: an empty id (``/calls/``
    is another resource), the dot segments (URL normalisation resolves them, so ``".."``
    would reach the account itself), and whitespace or control characters.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a str, not {type_name(value)}")
    segment = text(str(value), name, spaces=False)
    if segment in _DOT_SEGMENTS:
        raise InvalidArgumentError(
            f"{name} must not be {segment!r}: it would address another resource"
        )
    return segment


def filter_text(value: object, name: str) -> str | None:
    """An optional query filter (an int is taken as its digits); None when not given."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a str, not {type_name(value)}")
    return text(str(value), name)


# URLs.


def url(value: object, name: str) -> httpx.URL:
    """``value`` as an absolute http(s) URL with a host."""
    if not isinstance(value, str | httpx.URL):
        raise TypeError(f"{name} must be a str or httpx.URL, not {type_name(value)}")
    try:
        parsed = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise InvalidArgumentError(f"{name} is not a valid URL: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidArgumentError(f"{name} must be an absolute http(s) URL, not {str(value)!r}")
    return parsed


def base_url(value: object) -> httpx.URL:
    """The API's base URL: absolute http(s), no credentials, query or fragment."""
    parsed = url(value, "base_url")
    if parsed.userinfo or parsed.query or parsed.fragment:
        # Credentials in a URL end up in logs and reprs; the others would be silently dropped.
        raise InvalidArgumentError("base_url must not contain credentials, a query or a fragment")
    return parsed.copy_with(path=parsed.path.rstrip("/") or "/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secure_url(target: httpx.URL, what: str) -> httpx.URL:
    """``target``, unless sending ``what`` there would be in clear text off this machine."""
    if target.scheme == "https" or (target.scheme == "http" and _is_loopback(target.host)):
        return target
    raise InvalidArgumentError(
        f"refusing to send {what} to {target.scheme}://{target.host}: use https "
        "(plain http is allowed to loopback hosts only)"
    )


def audio_url(value: object) -> str:
    """An audio file's URL, as the spec wants it: absolute, http or https."""
    parsed = url(value, "url")
    if not _AUDIO_URL.match(str(parsed)):
        raise InvalidArgumentError(f"url must be an absolute http or https URL, not {str(value)!r}")
    return str(parsed)


# Numbers and times.


def integer(
    value: object, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type_name(value)}")
    if minimum is not None and value < minimum:
        raise InvalidArgumentError(f"{name} must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise InvalidArgumentError(f"{name} must be at most {maximum}, not {value}")
    return value


def seconds(value: object, name: str) -> float:
    """A positive number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, not {type_name(value)}")
    if not value > 0:
        raise InvalidArgumentError(f"{name} must be more than 0 seconds, not {value}")
    return float(value)


def page_size(value: object) -> int | None:
    return None if value is None else integer(value, "page_size", minimum=PAGE_SIZE_MIN)


def max_items(value: object) -> int | None:
    return None if value is None else integer(value, "max_items", minimum=0)


def max_retries(value: object) -> int:
    return integer(value, "max_retries", minimum=0)


def timeout(value: object) -> httpx.Timeout:
    """Seconds (> 0) or an ``httpx.Timeout``; there is no shorthand for waiting forever."""
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(
            f"timeout must be seconds or an httpx.Timeout, not {type_name(value)}"
            " (httpx.Timeout(None) waits without limit)"
        )
    return httpx.Timeout(seconds(value, "timeout"))


def epoch(value: object, name: str) -> int | None:
    """A timezone-aware datetime or epoch seconds, as epoch seconds; None when not given."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidArgumentError(f"{name} must be timezone-aware (e.g. datetime.now(UTC))")
        moment = int(value.timestamp())
    elif isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a datetime or epoch seconds, not {type_name(value)}")
    else:
        moment = value
    if not EPOCH_MIN <= moment <= EPOCH_MAX:
        raise InvalidArgumentError(f"{name} must be between 1970 and 9999, not {moment}")
    return moment


def list_filters(
    order: object, start_time: object, end_time: object, size: object
) -> dict[str, object]:
    """The filters every list operation takes, as keywords of the generated request builder.

    Only those given are present: the server's defaults stay the server's.
    """
    from vbc_telephony_api.models import SortOrder  # the generated package: on first use

    start, end = epoch(start_time, "start_time"), epoch(end_time, "end_time")
    if start is not None and end is not None and start > end:
        raise InvalidArgumentError("start_time must not be after end_time")
    filters = {
        "order": None if order is None else choice(order, "order", SortOrder),
        "start_time": start,
        "end_time": end,
        "page_size": page_size(size),
    }
    return {name: value for name, value in filters.items() if value is not None}


# The API's own values.


def choice(value: object, name: str, enum: type[E]) -> E:
    """``value`` as a member of ``enum`` (which is a str enum, so its members pass too)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type_name(value)}")
    try:
        return enum(value)
    except ValueError:
        allowed = [member.value for member in enum]
        raise InvalidArgumentError(f"{name} must be one of {allowed}, not {value!r}") from None


def dtmf(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"digits must be a str, not {type_name(value)}")
    if len(value) > DTMF_MAX_LENGTH or not _DTMF.fullmatch(value):
        raise InvalidArgumentError(
            f"digits must be 1 to {DTMF_MAX_LENGTH} of 0-9, A-D, * and #, not {value!r}"
        )
    return value


def destination(value: object, name: str) -> str | int:
    """A contact's destination: a non-blank str, or a non-negative int."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a str or int, not {type_name(value)}")
    if isinstance(value, int):
        if value < 0:
            raise InvalidArgumentError(f"{name} must not be negative")
        return value
    return text(value, name)


def optional_callable(value: C | None, name: str) -> C | None:
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be callable, not {type_name(value)}")
    return value
