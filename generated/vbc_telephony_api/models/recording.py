from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.recording_recording import RecordingRecording
from ..models.recording_service import RecordingService

T = TypeVar("T", bound="Recording")


@_attrs_define
class Recording:
    """
    Example:
        {'recording': 'start', 'service': 'ccr'}

    Attributes:
        recording (RecordingRecording):
        service (RecordingService):
    """

    recording: RecordingRecording
    service: RecordingService

    def to_dict(self) -> dict[str, Any]:
        recording = self.recording.value

        service = self.service.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "recording": recording,
                "service": service,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        recording = RecordingRecording(src_dict["recording"])

        service = RecordingService(src_dict["service"])

        recording = cls(
            recording=recording,
            service=service,
        )

        return recording
