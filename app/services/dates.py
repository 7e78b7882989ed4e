"""The service's local calendar: dates an admin reads are Europe/London dates."""

from datetime import date, datetime

from app import timescales
from app.london import LONDON


def london_date(moment: datetime) -> date:
    """The calendar day in England at `moment` (an aware datetime, usually UTC)."""
    return moment.astimezone(LONDON).date()


def format_day(day: date | None) -> str:
    """'Thu 18 Dec 2025', the form the window rules use; empty for None."""
    return timescales.format_day(day) if day else ""


def format_local_day(moment: datetime | None) -> str:
    """The Europe/London day of an instant, in the same form."""
    return format_day(london_date(moment)) if moment else ""


def describe_slot(meeting) -> str:
    """'from 10:00 to 11:30 on Tue 3 Mar 2026', or 'at that time' when there is no meeting."""
    if meeting is None:
        return "at that time"
    start = meeting.starts_at.astimezone(LONDON)
    end = meeting.ends_at.astimezone(LONDON)
    return f"from {start:%H:%M} to {end:%H:%M} on {start:%a} {start.day} {start:%b %Y}"
