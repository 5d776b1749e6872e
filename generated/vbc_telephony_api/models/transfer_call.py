from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

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

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.to_dict()

        to = self.to.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from_ = Contact.from_dict(src_dict["from"])

        to = Contact.from_dict(src_dict["to"])

        transfer_call = cls(
            from_=from_,
            to=to,
        )

        return transfer_call


from ..models.contact import Contact
