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
