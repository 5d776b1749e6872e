from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.blind_transfer_state import BlindTransferState

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

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        to = self.to.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        state = BlindTransferState(src_dict["state"])

        to = Contact.from_dict(src_dict["to"])

        blind_transfer = cls(
            state=state,
            to=to,
        )

        return blind_transfer


from ..models.contact import Contact
