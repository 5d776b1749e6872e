from enum import StrEnum


class AttendedTransferState(StrEnum):
    ACTIVE = "active"

    def __str__(self) -> str:
        return str(self.value)
