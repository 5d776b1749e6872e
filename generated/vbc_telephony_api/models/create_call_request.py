from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.create_call_request_type import CreateCallRequestType
from ..types import UNSET, Unset

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

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.to_dict()

        to = self.to.to_dict()

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}

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
        from_ = CreateCallFrom.from_dict(src_dict["from"])

        to = CreateCallTo.from_dict(src_dict["to"])

        _type_ = src_dict.get("type", UNSET)
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

        return create_call_request


from ..models.create_call_from import CreateCallFrom
from ..models.create_call_to import CreateCallTo
