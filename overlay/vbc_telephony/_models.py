"""What users get back: read-only views over the decoded JSON the API answered.

A view reads a field from the decoded object when the field is read and converts it: ids,
numbers and parties as ``str`` (the API sends some as JSON numbers), times as timezone-aware
UTC ``datetime`` (it sends epoch seconds, as numbers or strings of digits), states as the
``str`` the server sent, including states the spec does not list. A field the server left
out reads as None. ``.raw`` is the generated model of the same object, built on first read.

The error contract: an object without its id (``call_id``, ``leg_id``, ``mac_address``) is
refused when the response is parsed, so every listed item has one. Any other field of the
wrong type raises ``APIResponseValidationError`` naming the field, at the latest when that
field (or ``.raw``) is read. Converting on read is what keeps iterating a long listing
nearly as cheap as reading the decoded JSON by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, Self, TypeVar, overload

from vbc_telephony_api import models as api

from ._exceptions import APIResponseValidationError
from ._validate import EPOCH_MAX, EPOCH_MIN

R = TypeVar("R")
V = TypeVar("V")


class _Unexpected(Exception):
    """A value of the wrong kind; the field's name is added where it is known."""

    def __init__(self, expected: str, value: object, inner: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.value = value
        self.inner = inner

    def at(self, field: str) -> APIResponseValidationError:
        where = f"{field}.{self.inner}" if self.inner else field
        shown = f"{type(self.value).__name__} {self.value!r:.80}"
        return APIResponseValidationError(f"{where}: expected {self.expected}, got {shown}")


def _text(value: object) -> str | None:
    """A string or integer field as str; None when absent."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return str(value)
    raise _Unexpected("a string or an integer", value)


def _required(value: object) -> str:
    result = _text(value)
    if not result:
        raise _Unexpected("a non-empty string", value)
    return result


def _count(value: object) -> int | None:
    """A counter sent as a JSON number or a string of digits, as int; None when absent."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise _Unexpected("a non-negative integer", value)


def _timestamp(value: object) -> datetime | None:
    """Epoch seconds (a JSON number or a string of digits) as an aware UTC datetime."""
    seconds = _count(value)
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise _Unexpected("epoch seconds", value) from None


def count(value: object, field: str) -> int | None:
    """``value`` as a counter; ``APIResponseValidationError`` naming ``field`` if it is not."""
    try:
        return _count(value)
    except _Unexpected as problem:
        raise problem.at(field) from None


def required_id(item: object, kind: str, key: str) -> dict[str, Any]:
    """``item`` if it is a JSON object with a non-empty ``key``: the check every object passes
    before it becomes a view."""
    if not isinstance(item, dict):
        raise _Unexpected("an object", item).at(kind)
    try:
        _required(item.get(key))
    except _Unexpected as problem:
        raise problem.at(f"{kind}.{key}") from None
    return item


class _Field(Generic[V]):
    """A field of a view: ``key`` of the decoded object, converted on every read."""

    def __init__(self, key: str, convert: Callable[[object], V], doc: str = "") -> None:
        self._key = key
        self._convert = convert
        self.__doc__ = doc

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: _View[Any], owner: type[Any]) -> V: ...
    def __get__(self, view: _View[Any] | None, owner: type[Any]) -> Self | V:
        if view is None:
            return self
        try:
            return self._convert(view._data.get(self._key))
        except _Unexpected as problem:
            raise problem.at(f"{view._kind}.{self._key}") from None


class _Text(_Field[V]):
    """A text field; what the server sent as a string is returned without a call (most are).

    ``required``: an id, which reads as a non-empty str or raises. Made by ``_text_field``
    (``str | None``) and ``_id_field`` (``str``).
    """

    def __init__(self, key: str, doc: str, *, required: bool) -> None:
        super().__init__(key, _required if required else _text, doc)  # type: ignore[arg-type]
        self._optional = not required

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: _View[Any], owner: type[Any]) -> V: ...
    def __get__(self, view: _View[Any] | None, owner: type[Any]) -> Self | V:
        if view is None:
            return self
        value = view._data.get(self._key)
        kind = value.__class__
        if (kind is str and value) or (value is None and self._optional):
            return value  # type: ignore[return-value]
        if kind is int:
            return str(value)  # type: ignore[return-value]
        return super().__get__(view, owner)


class _Time(_Field[datetime | None]):
    """A time field; epoch seconds sent as a JSON number are converted without a call."""

    def __init__(self, key: str) -> None:
        super().__init__(key, _timestamp)

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: _View[Any], owner: type[Any]) -> datetime | None: ...
    def __get__(self, view: _View[Any] | None, owner: type[Any]) -> Self | datetime | None:
        if view is None:
            return self
        value = view._data.get(self._key)
        if value.__class__ is int and EPOCH_MIN <= value <= EPOCH_MAX:
            return datetime.fromtimestamp(value, UTC)
        return super().__get__(view, owner)


def _text_field(key: str, doc: str = "") -> _Text[str | None]:
    return _Text(key, doc, required=False)


def _id_field(key: str) -> _Text[str]:
    return _Text(key, "", required=True)


def _nested(key: str, convert: Callable[[object], V]) -> Callable[[object], V]:
    """``convert`` applied to ``key`` of a nested object (``registration.last_success``)."""

    def read(value: object) -> V:
        if value is None:
            return convert(None)
        if not isinstance(value, dict):
            raise _Unexpected("an object", value)
        try:
            return convert(value.get(key))
        except _Unexpected as problem:
            raise _Unexpected(problem.expected, problem.value, key) from None

    return read


class _View(Generic[R]):
    """Read-only (its fields have no setter, and there is nowhere else to write: slots only);
    equal when of the same class over equal decoded objects."""

    __slots__ = ("_data", "_raw")
    _kind: ClassVar[str]
    _fields: ClassVar[tuple[str, ...]]
    _model: ClassVar[Any]  # the generated model class
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
            raise _Unexpected("an object", data).at(cls._kind)
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
            try:
                raw = self._model.from_dict(self._data)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                message = f"{self._kind} does not match the spec: {type(exc).__name__}: {exc}"
                raise APIResponseValidationError(message) from None
            self._raw = raw
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
    account_id = _text_field("account_id")
    direction = _text_field("direction", "``inbound`` or ``outbound``, or a value yet unknown.")
    from_ = _text_field("from")
    to = _text_field("to")
    status = _text_field("status", "The state as sent (``ringing``, ``on-call``, ``held``, …).")
    start_time = _Time("start_time")
    end_time = _Time("end_time")


class Leg(_CallFields[api.CallLeg]):
    """One leg (participant) of an active call."""

    __slots__ = ()
    _kind = "leg"
    _id = "leg_id"
    _fields = ("leg_id", "call_id", "status", "direction", "from_", "to", "start_time")
    _model = api.CallLeg
    leg_id = _id_field("leg_id")
    call_id = _text_field("call_id")


def _legs(value: object) -> tuple[Leg, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Unexpected("a list", value)
    return tuple(map(Leg._of, value))


class Call(_CallFields[api.Call]):
    """An active call, with its legs."""

    __slots__ = ()
    _kind = "call"
    _id = "call_id"
    _fields = ("call_id", "status", "direction", "from_", "to", "start_time", "legs")
    _model = api.Call
    call_id = _id_field("call_id")
    legs = _Field("legs", _legs)


class Device(_View[api.Device]):
    """A device's registration and provisioning state."""

    __slots__ = ()
    _kind = "device"
    _id = "mac_address"
    _fields = ("mac_address", "account_id", "device_ip", "last_request", "last_success")
    _model = api.Device
    mac_address = _id_field("mac_address")
    account_id = _text_field("account_id")
    device_ip = _text_field("device_ip")
    last_request = _Time("last_request")
    last_success = _Time("last_success")
    registration_last_success = _Field("registration", _nested("last_success", _timestamp))
    provisioned_last_success = _Field("provisioned", _nested("last_success", _timestamp))
    provisioned_last_request = _Field("provisioned", _nested("last_request", _timestamp))


class _UpdateFields(_View[R]):
    """The answer to a change: where the call now stands."""

    __slots__ = ()
    account_id = _text_field("account_id")
    call_id = _text_field("call_id")
    call_state = _text_field("call_state")
    destination = _text_field("destination")


class CallUpdated(_UpdateFields[api.CallUpdated]):
    """The answer to answering, transferring, parking or hanging up a call."""

    __slots__ = ()
    _kind = "call_updated"
    _fields = ("call_id", "call_state", "destination", "account_id")
    _model = api.CallUpdated


class LegUpdated(_UpdateFields[api.LegUpdated]):
    """The answer to an action on a leg."""

    __slots__ = ()
    _kind = "leg_updated"
    _fields = ("leg_id", "call_id", "call_state", "destination", "account_id")
    _model = api.LegUpdated
    leg_id = _text_field("leg_id")
