from enum import StrEnum


class BlindTransferState(StrEnum):
    ACTIVE = "active"

    def __str__(self) -> str:
        return str(self.value)
