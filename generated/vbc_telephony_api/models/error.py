from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Error")

_PROPERTY_NAMES = frozenset(
    (
        "message",
        "code",
        "description",
    )
)


@_attrs_define
class Error:
    """An error from the API ({code, message}) or from the API gateway in front of it ({code, message, description}, code a
    string such as "900901").

        Attributes:
            message (str):
            code (int | str | Unset): A number-like value (id, phone number, extension, counter). The live API sends some of
                these as JSON numbers and some as strings. Example: 1234.
            description (str | Unset):
    """

    message: str
    code: int | str | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        code: int | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        message = src_dict["message"]

        code = src_dict.get("code", UNSET)

        description = src_dict.get("description", UNSET)

        error = cls(
            message=message,
            code=code,
            description=description,
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

        error.additional_properties = d
        return error

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
