from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.create_call_to_type import CreateCallToType

T = TypeVar("T", bound="CreateCallTo")


@_attrs_define
class CreateCallTo:
    """The party that is called.

    Example:
        {'destination': '15551234567', 'type': 'pstn'}

    Attributes:
        destination (int | str): A phone number, extension, device id or feature code. Example: 15551234567.
        type_ (CreateCallToType):
    """

    destination: int | str
    type_: CreateCallToType

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

        type_ = CreateCallToType(src_dict["type"])

        create_call_to = cls(
            destination=destination,
            type_=type_,
        )

        return create_call_to
