from enum import StrEnum


class HoldLegState(StrEnum):
    HELD = "held"

    def __str__(self) -> str:
        return str(self.value)
