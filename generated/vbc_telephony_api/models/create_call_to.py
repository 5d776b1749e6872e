from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        destination: int | str
        destination = self.destination

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "destination": destination,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_destination(data: object) -> int | str:
            return cast(int | str, data)

        destination = _parse_destination(d.pop("destination"))

        type_ = CreateCallToType(d.pop("type"))

        create_call_to = cls(
            destination=destination,
            type_=type_,
        )

        create_call_to.additional_properties = d
        return create_call_to

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
