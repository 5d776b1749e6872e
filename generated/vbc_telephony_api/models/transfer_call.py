from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contact import Contact


T = TypeVar("T", bound="TransferCall")


@_attrs_define
class TransferCall:
    """Transfer the call from `from` to `to`. Carries no `state`.

    Example:
        {'from': {'destination': '1234', 'type': 'extension'}, 'to': {'destination': '15551234567', 'type': 'pstn'}}

    Attributes:
        from_ (Contact): Where a call is transferred or answered. Example: {'destination': '15551234567', 'type':
            'pstn'}.
        to (Contact): Where a call is transferred or answered. Example: {'destination': '15551234567', 'type': 'pstn'}.
    """

    from_: Contact
    to: Contact
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.to_dict()

        to = self.to.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.contact import Contact

        d = dict(src_dict)
        from_ = Contact.from_dict(d.pop("from"))

        to = Contact.from_dict(d.pop("to"))

        transfer_call = cls(
            from_=from_,
            to=to,
        )

        transfer_call.additional_properties = d
        return transfer_call

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
