from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LegUpdated")

_PROPERTY_NAMES = frozenset(
    (
        "account_id",
        "call_id",
        "leg_id",
        "call_state",
        "destination",
    )
)


@_attrs_define
class LegUpdated:
    """
    Example:
        {'account_id': 1234, 'call_id': '3fa85f64-5717-4562-b3fc-2c963f66afa6', 'leg_id':
            '0d0a16ab-a508-4d58-bf24-5dc3cb248f3e', 'call_state': 'held'}

    Attributes:
        account_id (int | str | Unset): A number-like value (id, phone number, extension, counter). The live API sends
            some of these as JSON numbers and some as strings. Example: 1234.
        call_id (str | Unset):
        leg_id (str | Unset):
        call_state (str | Unset): A call or leg state. Known values include busy, failed, unanswered, ringing, on-call,
            active, held and parked; the set is open and new values appear without notice. Example: on-call.
        destination (int | str | Unset): A number-like value (id, phone number, extension, counter). The live API sends
            some of these as JSON numbers and some as strings. Example: 1234.
    """

    account_id: int | str | Unset = UNSET
    call_id: str | Unset = UNSET
    leg_id: str | Unset = UNSET
    call_state: str | Unset = UNSET
    destination: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id: int | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        call_id = self.call_id

        leg_id = self.leg_id

        call_state = self.call_state

        destination: int | str | Unset
        if isinstance(self.destination, Unset):
            destination = UNSET
        else:
            destination = self.destination

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if call_id is not UNSET:
            field_dict["call_id"] = call_id
        if leg_id is not UNSET:
            field_dict["leg_id"] = leg_id
        if call_state is not UNSET:
            field_dict["call_state"] = call_state
        if destination is not UNSET:
            field_dict["destination"] = destination

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        account_id = src_dict.get("account_id", UNSET)

        call_id = src_dict.get("call_id", UNSET)

        leg_id = src_dict.get("leg_id", UNSET)

        call_state = src_dict.get("call_state", UNSET)

        destination = src_dict.get("destination", UNSET)

        leg_updated = cls(
            account_id=account_id,
            call_id=call_id,
            leg_id=leg_id,
            call_state=call_state,
            destination=destination,
        )

        d = (
            {}
            if _PROPERTY_NAMES.issuperset(src_dict)
            else {
                key: value
                for key, value in src_dict.items()
                if key not in _PROPERTY_NAMES
            }
        )

        leg_updated.additional_properties = d
        return leg_updated

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
