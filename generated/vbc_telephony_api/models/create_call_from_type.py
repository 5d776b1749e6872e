from enum import StrEnum


class CreateCallFromType(StrEnum):
    DEVICE = "device"
    EXTENSION = "extension"
    FEATURE_CODE = "feature_code"

    def __str__(self) -> str:
        return str(self.value)
