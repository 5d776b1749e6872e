"""What users get back: thin read-only views over the generated models.

A view keeps the generated model as ``.raw`` and converts a field when it is read: ids,
numbers and parties as ``str`` (the API sends some as JSON numbers), times as timezone-aware
UTC ``datetime`` (it sends epoch seconds, as numbers or strings of digits), states as the
``str`` the server sent, including states the spec does not list. A field the server left
out reads as None. Converting on read keeps iterating a long listing as cheap as the
generated parse beneath it; the price is that a value of the wrong type raises
``APIResponseValidationError`` when its field is read rather than when the page arrives.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar, Generic, NoReturn, TypeVar

from vbc_telephony_api import models as api
from vbc_telephony_api.types import Unset

from ._exceptions import APIResponseValidationError

R = TypeVar("R")
_CallOrLeg = TypeVar("_CallOrLeg", api.Call, api.CallLeg)
_Updated = TypeVar("_Updated", api.CallUpdated, api.LegUpdated)


def _invalid(field: str, expected: str, value: object) -> NoReturn:
    raise APIResponseValidationError(
        f"{field}: expected {expected}, got {type(value).__name__} {value!r:.80}"
    )


def text(value: object, field: str) -> str | None:
    """A string or integer field as str; None when absent."""
    if value is None or isinstance(value, Unset):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    _invalid(field, "a string or an integer", value)


def _required_text(value: object, field: str) -> str:
    result = text(value, field)
    if not result:
        _invalid(field, "a non-empty string", value)
    return result


def count(value: object, field: str) -> int | None:
    """A counter sent as a JSON number or a string of digits, as int; None when absent."""
    if value is None or isinstance(value, Unset):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    _invalid(field, "a non-negative integer", value)


def timestamp(value: object, field: str) -> datetime | None:
    """Epoch seconds (a JSON number or a string of digits) as an aware UTC datetime."""
    seconds = count(value, field)
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        _invalid(field, "epoch seconds", value)


class _View(Generic[R]):
    """Read-only; equal when of the same class over equal generated models."""

    __slots__ = ("raw",)
    _kind: ClassVar[str]
    _fields: ClassVar[tuple[str, ...]]
    raw: R

    def __init__(self, raw: R) -> None:
        object.__setattr__(self, "raw", raw)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.raw == self.raw

    __hash__: ClassVar[None]  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = []
        for name in self._fields:
            try:
                shown.append(f"{name}={getattr(self, name)!r}")
            except APIResponseValidationError:
                shown.append(f"{name}=<invalid>")
        return f"{type(self).__name__}({', '.join(shown)})"


class _CallFields(_View[_CallOrLeg]):
    """The fields a call and each of its legs have in common."""

    __slots__ = ()

    @property
    def account_id(self) -> str | None:
        return text(self.raw.account_id, f"{self._kind}.account_id")

    @property
    def direction(self) -> str | None:
        """``inbound`` or ``outbound``, or a value the spec does not know yet."""
        return text(self.raw.direction, f"{self._kind}.direction")

    @property
    def from_(self) -> str | None:
        return text(self.raw.from_, f"{self._kind}.from")

    @property
    def to(self) -> str | None:
        return text(self.raw.to, f"{self._kind}.to")

    @property
    def status(self) -> str | None:
        """The state as sent (``ringing``, ``on-call``, ``held``, ``parked``, …)."""
        return text(self.raw.status, f"{self._kind}.status")

    @property
    def start_time(self) -> datetime | None:
        return timestamp(self.raw.start_time, f"{self._kind}.start_time")

    @property
    def end_time(self) -> datetime | None:
        return timestamp(self.raw.end_time, f"{self._kind}.end_time")


class Leg(_CallFields[api.CallLeg]):
    """One leg (participant) of an active call."""

    __slots__ = ()
    _kind = "leg"
    _fields = ("leg_id", "call_id", "status", "direction", "from_", "to", "start_time")

    @property
    def leg_id(self) -> str:
        return _required_text(self.raw.leg_id, "leg.leg_id")

    @property
    def call_id(self) -> str | None:
        return text(self.raw.call_id, "leg.call_id")


class Call(_CallFields[api.Call]):
    """An active call, with its legs."""

    __slots__ = ()
    _kind = "call"
    _fields = ("call_id", "status", "direction", "from_", "to", "start_time", "legs")

    @property
    def call_id(self) -> str:
        return _required_text(self.raw.call_id, "call.call_id")

    @property
    def legs(self) -> tuple[Leg, ...]:
        legs = self.raw.legs
        return () if isinstance(legs, Unset) else tuple(map(Leg, legs))


class Device(_View[api.Device]):
    """A device's registration and provisioning state."""

    __slots__ = ()
    _kind = "device"
    _fields = ("mac_address", "account_id", "device_ip", "last_request", "last_success")

    @property
    def mac_address(self) -> str:
        return _required_text(self.raw.mac_address, "device.mac_address")

    @property
    def account_id(self) -> str | None:
        return text(self.raw.account_id, "device.account_id")

    @property
    def device_ip(self) -> str | None:
        return text(self.raw.device_ip, "device.device_ip")

    @property
    def last_request(self) -> datetime | None:
        return timestamp(self.raw.last_request, "device.last_request")

    @property
    def last_success(self) -> datetime | None:
        return timestamp(self.raw.last_success, "device.last_success")

    @property
    def registration_last_success(self) -> datetime | None:
        registration = self.raw.registration
        if isinstance(registration, Unset):
            return None
        return timestamp(registration.last_success, "device.registration.last_success")

    @property
    def provisioned_last_success(self) -> datetime | None:
        provisioned = self.raw.provisioned
        if isinstance(provisioned, Unset):
            return None
        return timestamp(provisioned.last_success, "device.provisioned.last_success")

    @property
    def provisioned_last_request(self) -> datetime | None:
        provisioned = self.raw.provisioned
        if isinstance(provisioned, Unset):
            return None
        return timestamp(provisioned.last_request, "device.provisioned.last_request")


class _UpdateFields(_View[_Updated]):
    """The answer to a change: where the call now stands."""

    __slots__ = ()

    @property
    def account_id(self) -> str | None:
        return text(self.raw.account_id, f"{self._kind}.account_id")

    @property
    def call_id(self) -> str | None:
        return text(self.raw.call_id, f"{self._kind}.call_id")

    @property
    def call_state(self) -> str | None:
        return text(self.raw.call_state, f"{self._kind}.call_state")

    @property
    def destination(self) -> str | None:
        return text(self.raw.destination, f"{self._kind}.destination")


class CallUpdated(_UpdateFields[api.CallUpdated]):
    """The answer to answering, transferring, parking or hanging up a call."""

    __slots__ = ()
    _kind = "call_updated"
    _fields = ("call_id", "call_state", "destination", "account_id")


class LegUpdated(_UpdateFields[api.LegUpdated]):
    """The answer to an action on a leg."""

    __slots__ = ()
    _kind = "leg_updated"
    _fields = ("leg_id", "call_id", "call_state", "destination", "account_id")

    @property
    def leg_id(self) -> str | None:
        return text(self.raw.leg_id, "leg_updated.leg_id")
