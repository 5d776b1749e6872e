"""Checks of user arguments, and their conversion into what the generated functions take.

Every check raises TypeError (wrong type) or ValueError (wrong value) naming the argument,
before anything is sent. The rules are the spec's (openapi.yaml); request bodies are then
built by the generated models from the checked values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

import httpx

from vbc_telephony_api.models import SortOrder
from vbc_telephony_api.types import UNSET, Unset

from ._types import Contact

M = TypeVar("M")
E = TypeVar("E", bound=StrEnum)

# openapi.yaml: SendDtmf.dtmf, StartTime/EndTime (the largest epoch second of year 9999).
_DTMF = re.compile(r"[0-9A-Da-d*#]{1,64}")
_EPOCH_MAX = 253402300799
_CONTACT_KEYS = frozenset({"type", "destination"})


def _type_name(value: object) -> str:
    return type(value).__name__


def _integer(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {_type_name(value)}")
    return value


def contact(
    value: object,
    name: str,
    types: type[StrEnum],
    model: Callable[[Mapping[str, Any]], M],
) -> M:
    """``value`` (a Contact or a dict) as the generated ``model``, its type one of ``types``."""
    if isinstance(value, Mapping):
        missing = _CONTACT_KEYS - value.keys()
        unknown = value.keys() - _CONTACT_KEYS
        if missing or unknown:
            raise ValueError(
                f"{name} must have exactly the keys 'type' and 'destination'"
                f" (missing: {sorted(missing)}, unknown: {sorted(map(str, unknown))})"
            )
        try:
            value = Contact(type=value["type"], destination=value["destination"])
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{name}: {exc}") from None
    if not isinstance(value, Contact):
        raise TypeError(f"{name} must be a Contact or a dict, not {_type_name(value)}")
    allowed = [member.value for member in types]
    if value.type not in allowed:
        raise ValueError(f"{name} type must be one of {allowed}, not {value.type!r}")
    return model({"type": value.type, "destination": value.destination})


def choice(value: object, name: str, enum: type[E]) -> E:
    """``value`` as a member of ``enum`` (which is a str enum, so its members pass too)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_type_name(value)}")
    try:
        return enum(value)
    except ValueError:
        allowed = [member.value for member in enum]
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}") from None


def order(value: object) -> SortOrder | Unset:
    return UNSET if value is None else choice(value, "order", SortOrder)


def epoch(value: object, name: str) -> int | Unset:
    """A timezone-aware datetime or epoch seconds, as epoch seconds."""
    if value is None:
        return UNSET
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware (e.g. datetime.now(UTC))")
        seconds = int(value.timestamp())
    else:
        seconds = _integer(value, name)
    if not 0 <= seconds <= _EPOCH_MAX:
        raise ValueError(f"{name} must be between 1970 and 9999, not {seconds}")
    return seconds


def time_range(start: object, end: object) -> tuple[int | Unset, int | Unset]:
    start_time, end_time = epoch(start, "start_time"), epoch(end, "end_time")
    if isinstance(start_time, int) and isinstance(end_time, int) and start_time > end_time:
        raise ValueError("start_time must not be after end_time")
    return start_time, end_time


def list_filters(
    order_: object, start_time: object, end_time: object, size: object
) -> dict[str, object]:
    """The filters every list operation takes, as generated ``_get_kwargs`` keywords.

    Only those given are present: the server's defaults stay the server's.
    """
    start, end = time_range(start_time, end_time)
    filters = {"order": order(order_), "start_time": start, "end_time": end}
    filters["page_size"] = page_size(size)
    return {name: value for name, value in filters.items() if value is not UNSET}


def page_size(value: object) -> int | Unset:
    if value is None:
        return UNSET
    size = _integer(value, "page_size")
    if size < 1:
        raise ValueError(f"page_size must be at least 1, not {size}")
    return size


def max_items(value: object) -> int | None:
    if value is None:
        return None
    limit = _integer(value, "max_items")
    if limit < 0:
        raise ValueError(f"max_items must not be negative, not {limit}")
    return limit


def text(value: object, name: str) -> str | Unset:
    """An optional non-blank str filter (an int is taken as its digits)."""
    if value is None:
        return UNSET
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a str, not {_type_name(value)}")
    result = str(value)
    if not result.strip() or not result.isprintable():
        raise ValueError(f"{name} must be non-blank printable text, not {result!r}")
    return result


def dtmf(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"digits must be a str, not {_type_name(value)}")
    if not _DTMF.fullmatch(value):
        raise ValueError(f"digits must be 1 to 64 of 0-9, A-D, * and #, not {value!r}")
    return value


def audio_url(value: object) -> str:
    if not isinstance(value, str | httpx.URL):
        raise TypeError(f"url must be a str, not {_type_name(value)}")
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise ValueError(f"url is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"url must be an absolute http or https URL, not {str(value)!r}")
    return str(url)


def timeout(value: object) -> httpx.Timeout:
    """Seconds (> 0) or an ``httpx.Timeout``; there is no shorthand for waiting forever."""
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(
            f"timeout must be seconds or an httpx.Timeout, not {_type_name(value)}"
            " (httpx.Timeout(None) waits without limit)"
        )
    if not value > 0:
        raise ValueError(f"timeout must be more than 0 seconds, not {value}")
    return httpx.Timeout(value)


def max_retries(value: object) -> int:
    retries = _integer(value, "max_retries")
    if retries < 0:
        raise ValueError(f"max_retries must not be negative, not {retries}")
    return retries
