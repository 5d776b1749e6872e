from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Call")

_PROPERTY_NAMES = frozenset(
    (
        "call_id",
        "account_id",
        "direction",
        "from",
        "to",
        "status",
        "start_time",
        "end_time",
        "legs",
    )
)


@_attrs_define
class Call:
    """An active call.

    Example:
        {'call_id': '3fa85f64-5717-4562-b3fc-2c963f66afa6', 'account_id': 1234, 'direction': 'inbound', 'from':
            15551231234, 'to': 1001, 'status': 'on-call', 'start_time': 1595959736, 'legs': [{'leg_id':
            '0d0a16ab-a508-4d58-bf24-5dc3cb248f3e', 'call_id': '3fa85f64-5717-4562-b3fc-2c963f66afa6', 'account_id': 1234,
            'direction': 'inbound', 'from': 15551231234, 'to': 1001, 'status': 'on-call', 'start_time': 1595959736}]}

    Attributes:
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        account_id (int | str | Unset): A number-like value (id, phone number, extension, counter). The live API sends
            some of these as JSON numbers and some as strings. Example: 1234.
        direction (str | Unset): `inbound` or `outbound`; kept open so that a new value does not break parsing. Example:
            inbound.
        from_ (int | str | Unset): A number-like value (id, phone number, extension, counter). The live API sends some
            of these as JSON numbers and some as strings. Example: 1234.
        to (int | str | Unset): A number-like value (id, phone number, extension, counter). The live API sends some of
            these as JSON numbers and some as strings. Example: 1234.
        status (str | Unset): A call or leg state. Known values include busy, failed, unanswered, ringing, on-call,
            active, held and parked; the set is open and new values appear without notice. Example: on-call.
        start_time (int | str | Unset): A point in time in seconds since 1970-01-01 UTC, sent as a number or a string of
            digits. Example: 1595959736.
        end_time (int | str | Unset): A point in time in seconds since 1970-01-01 UTC, sent as a number or a string of
            digits. Example: 1595959736.
        legs (list[CallLeg] | Unset):
    """

    call_id: str
    account_id: int | str | Unset = UNSET
    direction: str | Unset = UNSET
    from_: int | str | Unset = UNSET
    to: int | str | Unset = UNSET
    status: str | Unset = UNSET
    start_time: int | str | Unset = UNSET
    end_time: int | str | Unset = UNSET
    legs: list[CallLeg] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        account_id: int | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        direction = self.direction

        from_: int | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        to: int | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        status = self.status

        start_time: int | str | Unset
        if isinstance(self.start_time, Unset):
            start_time = UNSET
        else:
            start_time = self.start_time

        end_time: int | str | Unset
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        else:
            end_time = self.end_time

        legs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.legs, Unset):
            legs = []
            for componentsschemas_call_leg_list_item_data in self.legs:
                componentsschemas_call_leg_list_item = (
                    componentsschemas_call_leg_list_item_data.to_dict()
                )
                legs.append(componentsschemas_call_leg_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "call_id": call_id,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if direction is not UNSET:
            field_dict["direction"] = direction
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to
        if status is not UNSET:
            field_dict["status"] = status
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if legs is not UNSET:
            field_dict["legs"] = legs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        call_id = src_dict["call_id"]

        account_id = src_dict.get("account_id", UNSET)

        direction = src_dict.get("direction", UNSET)

        from_ = src_dict.get("from", UNSET)

        to = src_dict.get("to", UNSET)

        status = src_dict.get("status", UNSET)

        start_time = src_dict.get("start_time", UNSET)

        end_time = src_dict.get("end_time", UNSET)

        _legs = src_dict.get("legs", UNSET)
        legs: list[CallLeg] | Unset = UNSET
        if _legs is not UNSET:
            legs = [
                CallLeg.from_dict(componentsschemas_call_leg_list_item_data)
                for componentsschemas_call_leg_list_item_data in _legs
            ]

        call = cls(
            call_id=call_id,
            account_id=account_id,
            direction=direction,
            from_=from_,
            to=to,
            status=status,
            start_time=start_time,
            end_time=end_time,
            legs=legs,
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

        call.additional_properties = d
        return call

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


from ..models.call_leg import CallLeg
