from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="StopAudio")


@_attrs_define
class StopAudio:
    """
    Example:
        {'stream': False}

    Attributes:
        stream (bool):
    """

    stream: bool

    def to_dict(self) -> dict[str, Any]:
        stream = self.stream

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "stream": stream,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        stream = src_dict["stream"]

        stop_audio = cls(
            stream=stream,
        )

        return stop_audio
