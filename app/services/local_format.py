"""Times as admins read them: Europe/London, e.g. "from 10:00 to 11:30 on Tue 3 Mar 2026"."""

from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def describe_slot(meeting) -> str:
    if meeting is None:
        return "at that time"
    start = meeting.starts_at.astimezone(LONDON)
    end = meeting.ends_at.astimezone(LONDON)
    return f"from {start:%H:%M} to {end:%H:%M} on {start:%a} {start.day} {start:%b %Y}"
