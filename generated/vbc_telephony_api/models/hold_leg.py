from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.hold_leg_state import HoldLegState

T = TypeVar("T", bound="HoldLeg")


@_attrs_define
class HoldLeg:
    """
    Example:
        {'state': 'held'}

    Attributes:
        state (HoldLegState):
    """

    state: HoldLegState

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        state = HoldLegState(src_dict["state"])

        hold_leg = cls(
            state=state,
        )

        return hold_leg
