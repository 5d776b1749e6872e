from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.blind_transfer_state import BlindTransferState

if TYPE_CHECKING:
    from ..models.contact import Contact


T = TypeVar("T", bound="BlindTransfer")


@_attrs_define
class BlindTransfer:
    """
    Example:
        {'state': 'active', 'to': {'destination': '15551234567', 'type': 'pstn'}}

    Attributes:
        state (BlindTransferState):
        to (Contact): Where a call is transferred or answered. Example: {'destination': '15551234567', 'type': 'pstn'}.
    """

    state: BlindTransferState
    to: Contact
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        to = self.to.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contact import Contact

        d = dict(src_dict)
        state = BlindTransferState(d.pop("state"))

        to = Contact.from_dict(d.pop("to"))

        blind_transfer = cls(
            state=state,
            to=to,
        )

        blind_transfer.additional_properties = d
        return blind_transfer

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
