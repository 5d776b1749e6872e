"""Reading one field of a decoded JSON object as what a view returns, or failing naming it.

The converters (``text``, ``count``, ``timestamp``…) take what the server sent and return
the value users get: ids, numbers and parties as ``str``, counters as ``int``, epoch seconds
as aware UTC ``datetime``, None when absent. A value of the wrong kind raises ``Unexpected``,
which the descriptors (``Field`` and its fast variants) turn into
``APIResponseValidationError`` naming the view and the field (``call.start_time``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, Self, TypeVar, overload

from ._constants import EPOCH_MAX, EPOCH_MIN
from ._exceptions import APIResponseValidationError

V = TypeVar("V")


class _Viewed(Protocol):
    """What a field reads from: a view's decoded object, and its kind for error messages."""

    _data: Mapping[str, Any]

    # A property: a view's kind is a class variable, which a plain protocol attribute refuses.
    @property
    def _kind(self) -> str: ...


class Unexpected(Exception):
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
    raise Unexpected("a string or an integer", value)


def _required(value: object) -> str:
    result = _text(value)
    if not result:
        raise Unexpected("a non-empty string", value)
    return result


def _count(value: object) -> int | None:
    """A counter sent as a JSON number or a string of digits, as int; None when absent."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise Unexpected("a non-negative integer", value)


def timestamp(value: object) -> datetime | None:
    """Epoch seconds (a JSON number or a string of digits) as an aware UTC datetime."""
    seconds = _count(value)
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise Unexpected("epoch seconds", value) from None


def count(value: object, field: str) -> int | None:
    """``value`` as a counter; ``APIResponseValidationError`` naming ``field`` if it is not."""
    try:
        return _count(value)
    except Unexpected as problem:
        raise problem.at(field) from None


def required_id(item: object, kind: str, key: str) -> dict[str, Any]:
    """``item`` if it is a JSON object with a non-empty ``key``: the check every object passes
    before it becomes a view."""
    if not isinstance(item, dict):
        raise Unexpected("an object", item).at(kind)
    try:
        _required(item.get(key))
    except Unexpected as problem:
        raise problem.at(f"{kind}.{key}") from None
    return item


class Field(Generic[V]):
    """A field of a view: ``key`` of the decoded object, converted on every read."""

    def __init__(self, key: str, convert: Callable[[object], V], doc: str = "") -> None:
        self._key = key
        self._convert = convert
        self.__doc__ = doc

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: _Viewed, owner: type[Any]) -> V: ...
    def __get__(self, view: _Viewed | None, owner: type[Any]) -> Self | V:
        if view is None:
            return self
        try:
            return self._convert(view._data.get(self._key))
        except Unexpected as problem:
            raise problem.at(f"{view._kind}.{self._key}") from None


class Text(Field[V]):
    """A text field; what the server sent as a string is returned without a call (most are).

    ``required``: an id, which reads as a non-empty str or raises. Made by ``text_field``
    (``str | None``) and ``id_field`` (``str``).
    """

    def __init__(self, key: str, doc: str, *, required: bool) -> None:
        super().__init__(key, _required if required else _text, doc)  # type: ignore[arg-type]
        self._optional = not required

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: _Viewed, owner: type[Any]) -> V: ...
    def __get__(self, view: _Viewed | None, owner: type[Any]) -> Self | V:
        if view is None:
            return self
        value = view._data.get(self._key)
        kind = value.__class__
        if (kind is str and value) or (value is None and self._optional):
            return value  # type: ignore[return-value]
        if kind is int:
            return str(value)  # type: ignore[return-value]
        return super().__get__(view, owner)


class Time(Field[datetime | None]):
    """A time field; epoch seconds sent as a JSON number are converted without a call."""

    def __init__(self, key: str) -> None:
        super().__init__(key, timestamp)

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, view: _Viewed, owner: type[Any]) -> datetime | None: ...
    def __get__(self, view: _Viewed | None, owner: type[Any]) -> Self | datetime | None:
        if view is None:
            return self
        value = view._data.get(self._key)
        if value.__class__ is int and EPOCH_MIN <= value <= EPOCH_MAX:
            return datetime.fromtimestamp(value, UTC)
        return super().__get__(view, owner)


def text_field(key: str, doc: str = "") -> Text[str | None]:
    return Text(key, doc, required=False)


def id_field(key: str) -> Text[str]:
    return Text(key, "", required=True)


def nested(key: str, convert: Callable[[object], V]) -> Callable[[object], V]:
    """``convert`` applied to ``key`` of a nested object (``registration.last_success``)."""

    def read(value: object) -> V:
        if value is None:
            return convert(None)
        if not isinstance(value, dict):
            raise Unexpected("an object", value)
        try:
            return convert(value.get(key))
        except Unexpected as problem:
            raise Unexpected(problem.expected, problem.value, key) from None

    return read
