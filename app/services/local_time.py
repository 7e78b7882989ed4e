"""Europe/London wall-clock times as admins type them, to the aware UTC the database stores."""

from datetime import UTC, date, datetime, time

from app.london import LONDON
from app.services import ServiceError


def to_utc(day: date, at: time, field: str | None = None) -> datetime:
    """The UTC instant of `at` on `day` in Europe/London.

    A time in the spring-forward gap (01:00–01:59 on the last Sunday of March) never happens
    on a clock in England, so it is refused rather than silently shifted an hour.

    A time in the repeated autumn hour (01:00–01:59 on the last Sunday of October) happens
    twice; we take the first occurrence (still BST, fold=0), because an admin typing a time on
    that morning almost always means the earlier one and a meeting is never booked in that hour.
    """
    local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=LONDON)  # fold=0: first
    utc = local.astimezone(UTC)
    if utc.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ServiceError(
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
