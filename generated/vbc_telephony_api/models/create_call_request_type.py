from enum import StrEnum


class CreateCallRequestType(StrEnum):
    CLICK2DIAL = "click2dial"
    CLICK2DIALME = "click2dialme"
    DEFAULT = "default"
    ODR = "odr"

    def __str__(self) -> str:
        return str(self.value)
