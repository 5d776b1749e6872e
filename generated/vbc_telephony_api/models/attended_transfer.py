from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.attended_transfer_state import AttendedTransferState

T = TypeVar("T", bound="AttendedTransfer")


@_attrs_define
class AttendedTransfer:
    """
    Example:
        {'state': 'active', 'to': {'destination': '0d0a16ab-a508-4d58-bf24-5dc3cb248f3e', 'type': 'leg'}}

    Attributes:
        state (AttendedTransferState):
        to (LegTarget): Another leg, for an attended transfer. Example: {'destination':
            '0d0a16ab-a508-4d58-bf24-5dc3cb248f3e', 'type': 'leg'}.
    """

    state: AttendedTransferState
    to: LegTarget

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
        state = AttendedTransferState(src_dict["state"])

        to = LegTarget.from_dict(src_dict["to"])

        attended_transfer = cls(
            state=state,
            to=to,
        )

        return attended_transfer


from ..models.leg_target import LegTarget
