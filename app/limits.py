"""The bounds of what Quorum accepts from outside: ids, page numbers, days and text.

Pure (standard library only). The URL converter, the forms, the query-string parsers and the
API's schemas all read these, so input past them is refused as bad input in words, at the
edge, and never reaches a query where the database would fail on it (an integer past 64 bits,
a date Python cannot add a day to, a NUL that PostgreSQL cannot store).
"""

from datetime import date

MAX_ID = 2**31 - 1  # the databases' INTEGER: no row has a larger id
MAX_PAGE = 10_000  # a list's page number; far past any list's last page
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
DAY_RANGE = f"between {FIRST_DAY.year} and {LAST_DAY.year}"
NUL = "\x00"
NUL_MESSAGE = "Remove the NUL character (%00): Quorum does not accept it in text."


class DayOutOfRange(ValueError):
    """A real date outside the years Quorum plans in; the message is for people."""

    def __init__(self, day: date, what: str = "Dates"):
        super().__init__(f"{what} must be {DAY_RANGE}.")
        self.message = str(self)
        self.day = day


def checked_day(day: date, what: str = "Dates") -> date:
    """`day`, or DayOutOfRange when it is outside FIRST_DAY … LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayOutOfRange(day, what)
    return day


def is_id(value: int) -> bool:
    """Whether `value` could be a row's id (1 … MAX_ID)."""
    return 1 <= value <= MAX_ID
