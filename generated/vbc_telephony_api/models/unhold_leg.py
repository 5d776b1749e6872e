from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.unhold_leg_state import UnholdLegState

T = TypeVar("T", bound="UnholdLeg")


@_attrs_define
class UnholdLeg:
    """Resume a held leg. Carries nothing but `state`, unlike a transfer.

    Example:
        {'state': 'active'}

    Attributes:
        state (UnholdLegState):
    """

    state: UnholdLegState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        state = UnholdLegState(d.pop("state"))

        unhold_leg = cls(
            state=state,
        )

        unhold_leg.additional_properties = d
        return unhold_leg

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
