"""The service's local calendar: dates an admin reads are Europe/London dates."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app import timescales

LONDON = ZoneInfo("Europe/London")


def london_date(moment: datetime) -> date:
    """The calendar day in England at `moment` (an aware datetime, usually UTC)."""
    return moment.astimezone(LONDON).date()


def format_day(day: date | None) -> str:
    """'Thu 18 Dec 2025', the form the window rules use; empty for None."""
    return timescales.format_day(day) if day else ""


def format_local_day(moment: datetime | None) -> str:
    """The Europe/London day of an instant, in the same form."""
    return format_day(london_date(moment)) if moment else ""
