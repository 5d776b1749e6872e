from enum import StrEnum


class RecordingService(StrEnum):
    CCR = "ccr"
    OCR = "ocr"

    def __str__(self) -> str:
        return str(self.value)
