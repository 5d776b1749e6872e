from enum import StrEnum


class ParkCallState(StrEnum):
    PARKED = "parked"

    def __str__(self) -> str:
        return str(self.value)
