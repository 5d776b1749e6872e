from enum import StrEnum


class AnswerCallState(StrEnum):
    ACTIVE = "active"

    def __str__(self) -> str:
        return str(self.value)
