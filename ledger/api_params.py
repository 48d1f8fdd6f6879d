"""Query parameters of the HTTP API parsed strictly: a value read some other way answers quietly about something else
(a Unix timestamp taken for a date), so anything but the one documented form is a 422."""

import re
from datetime import date
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DAY_FORMAT = "give a date as YYYY-MM-DD, e.g. 2026-03-01"


def _day(value: object) -> date:
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_format", DAY_FORMAT)


Day = Annotated[date, BeforeValidator(_day),
                WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{_ISO_DAY.pattern}$",
                                "examples": ["2026-03-01"]})]

_DIGITS = re.compile(r"[0-9]{1,19}")
MAX_NUMBER = 2**62
NUMBER_FORMAT = f"give a whole number from 0 to {MAX_NUMBER} in the digits 0-9, e.g. 42"


def _number(value: object) -> int:
    if isinstance(value, str) and _DIGITS.fullmatch(value) and int(value) <= MAX_NUMBER:
        return int(value)
    raise PydanticCustomError("number_format", NUMBER_FORMAT)


# A sequence number or a cursor: "1.0", "+1", " 1" or "1_000" are not read as one.
Number = Annotated[int, BeforeValidator(_number),
                   WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_NUMBER})]

FLAG_FORMAT = "give 1 for yes or 0 for no"


def _flag(value: object) -> bool:
    if value in ("0", "1"):
        return value == "1"
    raise PydanticCustomError("flag_format", FLAG_FORMAT)


# A yes or no a terminal says: "true", "yes" or "on" are not read as one.
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "integer", "enum": [0, 1]})]
