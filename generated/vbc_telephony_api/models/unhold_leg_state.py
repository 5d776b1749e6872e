from enum import StrEnum


class UnholdLegState(StrEnum):
    ACTIVE = "active"

    def __str__(self) -> str:
        return str(self.value)
