from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeviceProvisioning")

_PROPERTY_NAMES = frozenset(
    (
        "last_success",
        "last_request",
    )
)


@_attrs_define
class DeviceProvisioning:
    """
    Attributes:
        last_success (int | str | Unset): A point in time in seconds since 1970-01-01 UTC, sent as a number or a string
            of digits. Example: 1595959736.
        last_request (int | str | Unset): A point in time in seconds since 1970-01-01 UTC, sent as a number or a string
            of digits. Example: 1595959736.
    """

    last_success: int | str | Unset = UNSET
    last_request: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_success: int | str | Unset
        if isinstance(self.last_success, Unset):
            last_success = UNSET
        else:
            last_success = self.last_success

        last_request: int | str | Unset
        if isinstance(self.last_request, Unset):
            last_request = UNSET
        else:
            last_request = self.last_request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if last_success is not UNSET:
            field_dict["last_success"] = last_success
        if last_request is not UNSET:
            field_dict["last_request"] = last_request

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        last_success = src_dict.get("last_success", UNSET)

        last_request = src_dict.get("last_request", UNSET)

        device_provisioning = cls(
            last_success=last_success,
            last_request=last_request,
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

        device_provisioning.additional_properties = d
        return device_provisioning

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
