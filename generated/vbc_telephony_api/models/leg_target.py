from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.leg_target_type import LegTargetType

T = TypeVar("T", bound="LegTarget")


@_attrs_define
class LegTarget:
    """Another leg, for an attended transfer.

    Example:
        {'destination': '0d0a16ab-a508-4d58-bf24-5dc3cb248f3e', 'type': 'leg'}

    Attributes:
        destination (str): The id of the leg to connect to.
        type_ (LegTargetType):
    """

    destination: str
    type_: LegTargetType

    def to_dict(self) -> dict[str, Any]:
        destination = self.destination

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "destination": destination,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        destination = src_dict["destination"]

        type_ = LegTargetType(src_dict["type"])

        leg_target = cls(
            destination=destination,
            type_=type_,
        )

        return leg_target
