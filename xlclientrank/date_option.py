"""The date an owner types for ``--date``, in the forms owners write dates.

Read: ISO ``2025-12-31``; day, month and year in numbers, ``31/12/2025``, ``31-12-2025`` (day
first, the way most of the world writes it, unless the first number cannot be a day, as in
``12/31/2025``) and ``31.12.2025`` (dotted: always day first); with the month's name, ``31 Dec 2025``, ``Dec 31, 2025``,
``31. Dezember 2025`` (the names :mod:`xlclientrank.reader.dates` reads). A date whose day and
month could be either way round (``03/04/2025``) is refused with both readings, and anything else
with one line saying how to write it: never argparse's usage text.
"""

from __future__ import annotations

import datetime as dt
import re

from xlclientrank.errors import ClientRankError
from xlclientrank.reader.dates import parse_date, serial_to_date

EXAMPLE = "2026-12-31"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# two numbers and a year of four digits, separated by '/' or '-': the day and month may be either way round
# (dotted dates, 31.12.2025, are day first wherever they are written)
_NUMBERS = re.compile(r"^\s*(\d{1,2})\s*([/\-])\s*(\d{1,2})\s*\2\s*(\d{4})\s*$")


class DateOptionError(ClientRankError):
    """``--date`` is not a date, or could be two dates."""

    exit_code = 2


def read_date_option(text: str) -> dt.date:
    """The date ``text`` means; :class:`DateOptionError` with what to type when it is none or could be two."""
    typed = text.strip()
    numbers = _NUMBERS.match(typed)
    if numbers:
        first, second, year = int(numbers[1]), int(numbers[3]), int(numbers[4])
        # day first, then month first; one reading when the other is no date or the same date
        readings = list(dict.fromkeys(d for d in (_day(year, second, first), _day(year, first, second))
                                      if d is not None))
        if len(readings) == 2:
            raise DateOptionError(f"--date '{typed}' could be {_spelled(readings[0])} or {_spelled(readings[1])}. "
                                  f"Did you mean {readings[0].isoformat()} or {readings[1].isoformat()}? Write it as "
                                  "YYYY-MM-DD.")
        if readings:
            return readings[0]
    else:
        serial = parse_date(typed, day_first=True)
        if serial is not None:
            return serial_to_date(serial)
    raise DateOptionError(f"--date '{typed}' is not a date: write it as YYYY-MM-DD, e.g. {EXAMPLE}")


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _spelled(day: dt.date) -> str:
    """``2025-04-03`` -> ``"3 April 2025"``: a date no one can read two ways."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
