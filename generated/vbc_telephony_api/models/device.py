from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Device")

_PROPERTY_NAMES = frozenset(
    (
        "mac_address",
        "account_id",
        "device_ip",
        "last_request",
        "last_success",
        "registration",
        "provisioned",
    )
)


@_attrs_define
class Device:
    """A device's registration and provisioning state.

    Example:
        {'mac_address': '79-5C-7D-28-1B-B3', 'account_id': 1234, 'device_ip': '150.24.83.17', 'last_request':
            1595937421, 'last_success': 1595937421, 'registration': {'last_success': 1595937421}, 'provisioned':
            {'last_success': 1595937421, 'last_request': 1595937421}}

    Attributes:
        mac_address (str):  Example: 79-5C-7D-28-1B-B3.
        account_id (int | str | Unset): A number-like value (id, phone number, extension, counter). The live API sends
            some of these as JSON numbers and some as strings. Example: 1234.
        device_ip (str | Unset):  Example: 150.24.83.17.
        last_request (int | str | Unset): A point in time in seconds since 1970-01-01 UTC, sent as a number or a string
            of digits. Example: 1595959736.
        last_success (int | str | Unset): A point in time in seconds since 1970-01-01 UTC, sent as a number or a string
            of digits. Example: 1595959736.
        registration (DeviceRegistration | Unset):
        provisioned (DeviceProvisioning | Unset):
    """

    mac_address: str
    account_id: int | str | Unset = UNSET
    device_ip: str | Unset = UNSET
    last_request: int | str | Unset = UNSET
    last_success: int | str | Unset = UNSET
    registration: DeviceRegistration | Unset = UNSET
    provisioned: DeviceProvisioning | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mac_address = self.mac_address

        account_id: int | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        device_ip = self.device_ip

        last_request: int | str | Unset
        if isinstance(self.last_request, Unset):
            last_request = UNSET
        else:
            last_request = self.last_request

        last_success: int | str | Unset
        if isinstance(self.last_success, Unset):
            last_success = UNSET
        else:
            last_success = self.last_success

        registration: dict[str, Any] | Unset = UNSET
        if not isinstance(self.registration, Unset):
            registration = self.registration.to_dict()

        provisioned: dict[str, Any] | Unset = UNSET
        if not isinstance(self.provisioned, Unset):
            provisioned = self.provisioned.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mac_address": mac_address,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if device_ip is not UNSET:
            field_dict["device_ip"] = device_ip
        if last_request is not UNSET:
            field_dict["last_request"] = last_request
        if last_success is not UNSET:
            field_dict["last_success"] = last_success
        if registration is not UNSET:
            field_dict["registration"] = registration
        if provisioned is not UNSET:
            field_dict["provisioned"] = provisioned

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        mac_address = src_dict["mac_address"]

        account_id = src_dict.get("account_id", UNSET)

        device_ip = src_dict.get("device_ip", UNSET)

        last_request = src_dict.get("last_request", UNSET)

        last_success = src_dict.get("last_success", UNSET)

        _registration = src_dict.get("registration", UNSET)
        registration: DeviceRegistration | Unset
        if isinstance(_registration, Unset):
            registration = UNSET
        else:
            registration = DeviceRegistration.from_dict(_registration)

        _provisioned = src_dict.get("provisioned", UNSET)
        provisioned: DeviceProvisioning | Unset
        if isinstance(_provisioned, Unset):
            provisioned = UNSET
        else:
            provisioned = DeviceProvisioning.from_dict(_provisioned)

        device = cls(
            mac_address=mac_address,
            account_id=account_id,
            device_ip=device_ip,
            last_request=last_request,
            last_success=last_success,
            registration=registration,
            provisioned=provisioned,
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

        device.additional_properties = d
        return device

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


from ..models.device_provisioning import DeviceProvisioning
from ..models.device_registration import DeviceRegistration
