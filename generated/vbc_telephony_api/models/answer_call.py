from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.answer_call_state import AnswerCallState
from ..types import UNSET, Unset

T = TypeVar("T", bound="AnswerCall")


@_attrs_define
class AnswerCall:
    """Answer a ringing call on the device in `to`.

    Example:
        {'state': 'active', 'to': {'destination': '2001', 'type': 'device'}}

    Attributes:
        state (AnswerCallState):
        to (Contact): Where a call is transferred or answered. Example: {'destination': '15551234567', 'type': 'pstn'}.
        from_ (Contact | Unset): Where a call is transferred or answered. Example: {'destination': '15551234567',
            'type': 'pstn'}.
    """

    state: AnswerCallState
    to: Contact
    from_: Contact | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        to = self.to.to_dict()

        from_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.from_, Unset):
            from_ = self.from_.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "to": to,
            }
        )
        if from_ is not UNSET:
            field_dict["from"] = from_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        state = AnswerCallState(src_dict["state"])

        to = Contact.from_dict(src_dict["to"])

        _from_ = src_dict.get("from", UNSET)
        from_: Contact | Unset
        if isinstance(_from_, Unset):
            from_ = UNSET
        else:
            from_ = Contact.from_dict(_from_)

        answer_call = cls(
            state=state,
            to=to,
            from_=from_,
        )

        return answer_call


from ..models.contact import Contact
