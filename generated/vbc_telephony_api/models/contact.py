from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.contact_type import ContactType

T = TypeVar("T", bound="Contact")


@_attrs_define
class Contact:
    """Where a call is transferred or answered.

    Example:
        {'destination': '15551234567', 'type': 'pstn'}

    Attributes:
        destination (int | str): A phone number, extension, device id or feature code. Example: 15551234567.
        type_ (ContactType):
    """

    destination: int | str
    type_: ContactType

    def to_dict(self) -> dict[str, Any]:
        destination: int | str
        destination = self.destination

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "destination": destination,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        destination = src_dict["destination"]

        type_ = ContactType(src_dict["type"])

        contact = cls(
            destination=destination,
            type_=type_,
        )

        return contact
