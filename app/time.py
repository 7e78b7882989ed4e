"""The service's clock and calendar: times are stored as aware UTC and read in Europe/London.

Pure (standard library only), so the invites layer, the timescales and the services all share
one definition of "now", of a London day and of how a time is written for people.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class NonexistentLocalTime(ValueError):
    """A wall-clock time that never happens in England (the spring-forward hour), in words an
    admin can act on; `field` names the form field it came from, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def utc_now() -> datetime:
    """Now, as an aware UTC datetime. Read at the edges (a request, a job) and passed down."""
    return datetime.now(UTC)


def london_date(moment: datetime) -> date:
    """The calendar day in England at `moment` (an aware datetime, usually UTC)."""
    return moment.astimezone(LONDON).date()


def to_utc(day: date, at: time, field: str | None = None) -> datetime:
    """The UTC instant of `at` on `day` in Europe/London.

    A time in the spring-forward gap (01:00–01:59 on the last Sunday of March) never happens
    on a clock in England, so it is refused (NonexistentLocalTime) rather than silently shifted
    an hour.

    A time in the repeated autumn hour (01:00–01:59 on the last Sunday of October) happens
    twice; we take the first occurrence (still BST, fold=0), because an admin typing a time on
    that morning almost always means the earlier one and a meeting is never booked in that hour.
    """
    local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=LONDON)  # fold=0: first
    utc = local.astimezone(UTC)
    if utc.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(
            f"{at:%H:%M} on {day.day} {day:%B %Y} does not exist in UK time (the clocks go "
            "forward an hour that night). Enter a time before 01:00 or from 02:00.",
            field,
        )
    return utc


def to_local(moment: datetime) -> datetime:
    """An aware datetime as Europe/London wall-clock time, for display."""
    return moment.astimezone(LONDON)


def format_local(moment: datetime | None) -> str:
    """'Sun 29 Mar 2026, 14:00' in Europe/London; an empty string for None."""
    if moment is None:
        return ""
    local = to_local(moment)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def format_day(day: date | None) -> str:
    """'Thu 18 Dec 2025': the form used in every rule and message an admin reads; empty for
    None."""
    return f"{day:%a} {day.day} {day:%b %Y}" if day else ""


def describe_slot(meeting) -> str:
    """'from 10:00 to 11:30 on Tue 3 Mar 2026', or 'at that time' when there is no meeting."""
    if meeting is None:
        return "at that time"
    start = to_local(meeting.starts_at)
    end = to_local(meeting.ends_at)
    return f"from {start:%H:%M} to {end:%H:%M} on {start:%a} {start.day} {start:%b %Y}"
