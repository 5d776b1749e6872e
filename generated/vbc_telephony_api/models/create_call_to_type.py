from enum import StrEnum


class CreateCallToType(StrEnum):
    DEVICE = "device"
    EXTENSION = "extension"
    FEATURE_CODE = "feature_code"
    PSTN = "pstn"

    def __str__(self) -> str:
        return str(self.value)
