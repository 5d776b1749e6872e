from enum import StrEnum


class ContactType(StrEnum):
    DEVICE = "device"
    EXTENSION = "extension"
    PSTN = "pstn"

    def __str__(self) -> str:
        return str(self.value)
