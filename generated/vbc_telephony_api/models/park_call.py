from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.park_call_state import ParkCallState
from ..types import UNSET, Unset

T = TypeVar("T", bound="ParkCall")


@_attrs_define
class ParkCall:
    """Park the call held by `from`.

    Example:
        {'state': 'parked', 'from': {'destination': '1234', 'type': 'extension'}}

    Attributes:
        state (ParkCallState):
        from_ (Contact): Where a call is transferred or answered. Example: {'destination': '15551234567', 'type':
            'pstn'}.
        to (Contact | Unset): Where a call is transferred or answered. Example: {'destination': '15551234567', 'type':
            'pstn'}.
    """

    state: ParkCallState
    from_: Contact
    to: Contact | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        from_ = self.from_.to_dict()

        to: dict[str, Any] | Unset = UNSET
        if not isinstance(self.to, Unset):
            to = self.to.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "from": from_,
            }
        )
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        state = ParkCallState(src_dict["state"])

        from_ = Contact.from_dict(src_dict["from"])

        _to = src_dict.get("to", UNSET)
        to: Contact | Unset
        if isinstance(_to, Unset):
            to = UNSET
        else:
            to = Contact.from_dict(_to)

        park_call = cls(
            state=state,
            from_=from_,
            to=to,
        )

        return park_call


from ..models.contact import Contact
