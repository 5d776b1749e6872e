"""``Contact``, a party of a call as users name one, and its coercion into a generated model."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from . import _validate

M = TypeVar("M")

_KEYS = frozenset({"type", "destination"})


@dataclass(frozen=True, slots=True)
class Contact:
    """A party of a call: its ``type`` and its ``destination``.

    The types an argument takes depend on the operation: ``calls.create`` takes
    ``device``, ``extension`` or ``feature_code`` as ``from_`` and those or ``pstn`` as ``to``;
    answering, transferring and parking a call take ``device``, ``extension`` or ``pstn``;
    ``legs.transfer`` takes those for a blind transfer, or ``leg`` (the destination is the id
    of the other leg) for an attended one. A plain dict ``{"type": …, "destination": …}`` is
    accepted wherever a Contact is.
    """

    type: str
    destination: str | int

    def __post_init__(self) -> None:
        _validate.text(self.type, "contact type", spaces=False)
        _validate.destination(self.destination, "contact destination")

    @classmethod
    def device(cls, device_id: str | int) -> Contact:
        return cls("device", device_id)

    @classmethod
    def extension(cls, extension: str | int) -> Contact:
        return cls("extension", extension)

    @classmethod
    def pstn(cls, number: str | int) -> Contact:
        """A phone number on the public network, digits only (``"15551234567"``)."""
        return cls("pstn", number)

    @classmethod
    def feature_code(cls, code: str | int) -> Contact:
        return cls("feature_code", code)

    @classmethod
    def leg(cls, leg_id: str) -> Contact:
        """Another leg of the call, the target of an attended ``legs.transfer``."""
        return cls("leg", leg_id)


def contact_model(
    value: object,
    name: str,
    types: type[StrEnum],
    model: Callable[[Mapping[str, Any]], M],
) -> M:
    """``value`` (a Contact or a dict) as the generated ``model``, its type one of ``types``."""
    if isinstance(value, Mapping):
        missing = _KEYS - value.keys()
        unknown = value.keys() - _KEYS
        if missing or unknown:
            raise _validate.InvalidArgumentError(
                f"{name} must have exactly the keys 'type' and 'destination'"
                f" (missing: {sorted(missing)}, unknown: {sorted(map(str, unknown))})"
            )
        try:
            value = Contact(type=value["type"], destination=value["destination"])
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{name}: {exc}") from None
    if not isinstance(value, Contact):
        raise TypeError(f"{name} must be a Contact or a dict, not {_validate.type_name(value)}")
    allowed = [member.value for member in types]
    if value.type not in allowed:
        raise _validate.InvalidArgumentError(
            f"{name} type must be one of {allowed}, not {value.type!r}"
        )
    return model({"type": value.type, "destination": value.destination})
