"""What users get back: read-only views over the decoded JSON the API answered.

A view reads a field from the decoded object when the field is read and converts it
(``_fields``): ids, numbers and parties as ``str`` (the API sends some as JSON numbers),
times as timezone-aware UTC ``datetime`` (it sends epoch seconds, as numbers or strings of
digits), states as the ``str`` the server sent, including states the spec does not list. A
field the server left out reads as None. ``.raw`` is the generated model of the same object,
built on first read.

The error contract: an object without its id (``call_id``, ``leg_id``, ``mac_address``) is
refused when the response is parsed, so every listed item has one. Any other field of the
wrong type raises ``APIResponseValidationError`` naming the field, at the latest when that
field (or ``.raw``) is read. Converting on read is what keeps iterating a long listing
nearly as cheap as reading the decoded JSON by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from ._exceptions import APIResponseValidationError
from ._fields import Field, Time, Unexpected, id_field, nested, required_id, text_field, timestamp
from ._generated import built

if TYPE_CHECKING:
    from vbc_telephony_api import models as api  # noqa: F401 - named in base classes, quoted

R = TypeVar("R")


class _View(Generic[R]):
    """Read-only (its fields have no setter, and there is nowhere else to write: slots only);
    equal when of the same class over equal decoded objects."""

    __slots__ = ("_data", "_raw")
    _kind: ClassVar[str]
    _fields: ClassVar[tuple[str, ...]]
    _model: ClassVar[str]  # the name of the generated model class
    _id: ClassVar[str | None] = None  # the key without which an object is refused

    def __init__(self, source: Mapping[str, Any] | R) -> None:
        """``source``: the decoded JSON object, or a generated model of it."""
        if isinstance(source, dict):
            self._data: Mapping[str, Any] = source
            self._raw: R | None = None
        else:
            self._data = source.to_dict()  # type: ignore[union-attr]
            self._raw = source  # type: ignore[assignment]

    @classmethod
    def _of(cls, data: object) -> Self:
        """The view of a decoded JSON object, once its id (if it must have one) is checked."""
        if data.__class__ is dict:
            key = cls._id
            if key is None:
                return cls(data)
            value = data.get(key)
            if (value.__class__ is str and value) or value.__class__ is int:
                return cls(data)
        if cls._id is not None:
            return cls(required_id(data, cls._kind, cls._id))
        if not isinstance(data, dict):
            raise Unexpected("an object", data).at(cls._kind)
        return cls(data)

    @classmethod
    def _whole(cls, data: object) -> Self:
        """``_of``, then every field checked: for a single answer, which fails the call itself
        when malformed (a listing's items are checked field by field, as they are read)."""
        view = cls._of(data)
        view.raw  # noqa: B018 - built for its check, and kept for later reads
        return view

    @property
    def raw(self) -> R:
        """The generated model of this object (built on first read)."""
        if self._raw is None:
            raw: R = built(self._model, self._data, self._kind)
            self._raw = raw
            return raw
        return self._raw

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._data == self._data

    __hash__: ClassVar[None]  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = []
        for name in self._fields:
            try:
                shown.append(f"{name}={getattr(self, name)!r}")
            except APIResponseValidationError:
                shown.append(f"{name}=<invalid>")
        return f"{type(self).__name__}({', '.join(shown)})"


class _CallFields(_View[R]):
    """The fields a call and each of its legs have in common."""

    __slots__ = ()
    account_id = text_field("account_id")
    direction = text_field("direction", "``inbound`` or ``outbound``, or a value yet unknown.")
    from_ = text_field("from")
    to = text_field("to")
    status = text_field("status", "The state as sent (``ringing``, ``on-call``, ``held``, …).")
    start_time = Time("start_time")
    end_time = Time("end_time")


class Leg(_CallFields["api.CallLeg"]):
    """One leg (participant) of an active call."""

    __slots__ = ()
    _kind = "leg"
    _id = "leg_id"
    _fields = ("leg_id", "call_id", "status", "direction", "from_", "to", "start_time")
    _model = "CallLeg"
    leg_id = id_field("leg_id")
    call_id = text_field("call_id")


def _legs(value: object) -> tuple[Leg, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise Unexpected("a list", value)
    return tuple(map(Leg._of, value))


class Call(_CallFields["api.Call"]):
    """An active call, with its legs."""

    __slots__ = ()
    _kind = "call"
    _id = "call_id"
    _fields = ("call_id", "status", "direction", "from_", "to", "start_time", "legs")
    _model = "Call"
    call_id = id_field("call_id")
    legs = Field("legs", _legs)


class Device(_View["api.Device"]):
    """A device's registration and provisioning state."""

    __slots__ = ()
    _kind = "device"
    _id = "mac_address"
    _fields = ("mac_address", "account_id", "device_ip", "last_request", "last_success")
    _model = "Device"
    mac_address = id_field("mac_address")
    account_id = text_field("account_id")
    device_ip = text_field("device_ip")
    last_request = Time("last_request")
    last_success = Time("last_success")
    registration_last_success = Field("registration", nested("last_success", timestamp))
    provisioned_last_success = Field("provisioned", nested("last_success", timestamp))
    provisioned_last_request = Field("provisioned", nested("last_request", timestamp))


class _UpdateFields(_View[R]):
    """The answer to a change: where the call now stands."""

    __slots__ = ()
    account_id = text_field("account_id")
    call_id = text_field("call_id")
    call_state = text_field("call_state")
    destination = text_field("destination")


class CallUpdated(_UpdateFields["api.CallUpdated"]):
    """The answer to answering, transferring, parking or hanging up a call."""

    __slots__ = ()
    _kind = "call_updated"
    _fields = ("call_id", "call_state", "destination", "account_id")
    _model = "CallUpdated"


class LegUpdated(_UpdateFields["api.LegUpdated"]):
    """The answer to an action on a leg."""

    __slots__ = ()
    _kind = "leg_updated"
    _fields = ("leg_id", "call_id", "call_state", "destination", "account_id")
    _model = "LegUpdated"
    leg_id = text_field("leg_id")


def id_reader(key: str) -> Callable[[_View[Any]], object]:
    """Reads a view's id ``key`` as the server sent it (a str or an int, checked when the view
    was made): cheaper than its field, for telling a listing's items apart."""

    def read(view: _View[Any]) -> object:
        return view._data[key]

    return read
