from enum import StrEnum


class LegTargetType(StrEnum):
    LEG = "leg"

    def __str__(self) -> str:
        return str(self.value)
