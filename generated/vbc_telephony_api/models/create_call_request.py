from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_call_request_type import CreateCallRequestType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_call_from import CreateCallFrom
    from ..models.create_call_to import CreateCallTo


T = TypeVar("T", bound="CreateCallRequest")


@_attrs_define
class CreateCallRequest:
    """
    Example:
        {'from': {'destination': '1234', 'type': 'extension'}, 'to': {'destination': '15551234567', 'type': 'pstn'},
            'type': 'click2dial'}

    Attributes:
        from_ (CreateCallFrom): The party that places the call. Example: {'destination': '1234', 'type': 'extension'}.
        to (CreateCallTo): The party that is called. Example: {'destination': '15551234567', 'type': 'pstn'}.
        type_ (CreateCallRequestType | Unset):
    """

    from_: CreateCallFrom
    to: CreateCallTo
    type_: CreateCallRequestType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.to_dict()

        to = self.to.to_dict()

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_call_from import CreateCallFrom
        from ..models.create_call_to import CreateCallTo

        d = dict(src_dict)
        from_ = CreateCallFrom.from_dict(d.pop("from"))

        to = CreateCallTo.from_dict(d.pop("to"))

        _type_ = d.pop("type", UNSET)
        type_: CreateCallRequestType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = CreateCallRequestType(_type_)

        create_call_request = cls(
            from_=from_,
            to=to,
            type_=type_,
        )

        create_call_request.additional_properties = d
        return create_call_request

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
