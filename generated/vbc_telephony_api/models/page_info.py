from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PageInfo")

_PROPERTY_NAMES = frozenset(
    (
        "current_page",
        "pages",
        "page_size",
        "next_page",
        "order",
        "first_page_uri",
        "next_page_uri",
        "previous_page_uri",
    )
)


@_attrs_define
class PageInfo:
    """Paging fields shared by every list. `next_page_uri` is relative to the server URL (it starts with the resource path,
    not with the server's path prefix) and is null or absent on the last page.

        Attributes:
            current_page (int | str | Unset): A non-negative count, sent as a JSON number or as a string of digits. Example:
                1.
            pages (int | str | Unset): A non-negative count, sent as a JSON number or as a string of digits. Example: 1.
            page_size (int | str | Unset): A non-negative count, sent as a JSON number or as a string of digits. Example: 1.
            next_page (int | str | Unset): A non-negative count, sent as a JSON number or as a string of digits. Example: 1.
            order (str | Unset):  Example: desc.
            first_page_uri (None | str | Unset):
            next_page_uri (None | str | Unset):
            previous_page_uri (None | str | Unset):
    """

    current_page: int | str | Unset = UNSET
    pages: int | str | Unset = UNSET
    page_size: int | str | Unset = UNSET
    next_page: int | str | Unset = UNSET
    order: str | Unset = UNSET
    first_page_uri: None | str | Unset = UNSET
    next_page_uri: None | str | Unset = UNSET
    previous_page_uri: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current_page: int | str | Unset
        if isinstance(self.current_page, Unset):
            current_page = UNSET
        else:
            current_page = self.current_page

        pages: int | str | Unset
        if isinstance(self.pages, Unset):
            pages = UNSET
        else:
            pages = self.pages

        page_size: int | str | Unset
        if isinstance(self.page_size, Unset):
            page_size = UNSET
        else:
            page_size = self.page_size

        next_page: int | str | Unset
        if isinstance(self.next_page, Unset):
            next_page = UNSET
        else:
            next_page = self.next_page

        order = self.order

        first_page_uri: None | str | Unset
        if isinstance(self.first_page_uri, Unset):
            first_page_uri = UNSET
        else:
            first_page_uri = self.first_page_uri

        next_page_uri: None | str | Unset
        if isinstance(self.next_page_uri, Unset):
            next_page_uri = UNSET
        else:
            next_page_uri = self.next_page_uri

        previous_page_uri: None | str | Unset
        if isinstance(self.previous_page_uri, Unset):
            previous_page_uri = UNSET
        else:
            previous_page_uri = self.previous_page_uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if current_page is not UNSET:
            field_dict["current_page"] = current_page
        if pages is not UNSET:
            field_dict["pages"] = pages
        if page_size is not UNSET:
            field_dict["page_size"] = page_size
        if next_page is not UNSET:
            field_dict["next_page"] = next_page
        if order is not UNSET:
            field_dict["order"] = order
        if first_page_uri is not UNSET:
            field_dict["first_page_uri"] = first_page_uri
        if next_page_uri is not UNSET:
            field_dict["next_page_uri"] = next_page_uri
        if previous_page_uri is not UNSET:
            field_dict["previous_page_uri"] = previous_page_uri

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        current_page = src_dict.get("current_page", UNSET)

        pages = src_dict.get("pages", UNSET)

        page_size = src_dict.get("page_size", UNSET)

        next_page = src_dict.get("next_page", UNSET)

        order = src_dict.get("order", UNSET)

        first_page_uri = src_dict.get("first_page_uri", UNSET)

        next_page_uri = src_dict.get("next_page_uri", UNSET)

        previous_page_uri = src_dict.get("previous_page_uri", UNSET)

        page_info = cls(
            current_page=current_page,
            pages=pages,
            page_size=page_size,
            next_page=next_page,
            order=order,
            first_page_uri=first_page_uri,
            next_page_uri=next_page_uri,
            previous_page_uri=previous_page_uri,
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

        page_info.additional_properties = d
        return page_info

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
