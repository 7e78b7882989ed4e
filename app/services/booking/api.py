"""Meetings between two Europe/London days, for the JSON API; a chair sees only their own."""

from datetime import date, time, timedelta

from app.models import Meeting
from app.services import ServiceError
from app.services.booking.meetings import list_meetings
from app.time import to_utc

MAX_DAYS = 366


def meetings_between(user, first_day: date, last_day: date) -> list[Meeting]:
    """Meetings starting on any day from `first_day` to `last_day` (both included, London time);
    cancelled ones left out."""
    if last_day < first_day:
        raise ServiceError("'to' must be on or after 'from'.", "to")
    if (last_day - first_day).days >= MAX_DAYS:
        raise ServiceError(f"Ask for at most {MAX_DAYS} days at a time.", "to")
    # Midnight is never in the spring-forward gap (01:00-02:00), so to_utc cannot refuse it.
    starts_from = to_utc(first_day, time(0))
    starts_before = to_utc(last_day + timedelta(days=1), time(0))
    return list_meetings(user, starts_from, starts_before)
