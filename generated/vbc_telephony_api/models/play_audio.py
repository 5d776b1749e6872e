from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PlayAudio")


@_attrs_define
class PlayAudio:
    """
    Example:
        {'stream': True, 'stream_url': 'https://example.com/recorded_message.wav'}

    Attributes:
        stream (bool):
        stream_url (str):
    """

    stream: bool
    stream_url: str

    def to_dict(self) -> dict[str, Any]:
        stream = self.stream

        stream_url = self.stream_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "stream": stream,
                "stream_url": stream_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        stream = src_dict["stream"]

        stream_url = src_dict["stream_url"]

        play_audio = cls(
            stream=stream,
            stream_url=stream_url,
        )

        return play_audio
