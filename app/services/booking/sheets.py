"""The printed sheet of a day or a week: each chair's, room's or locality's meetings with what
the person holding the paper needs on the day (times, the room and its address, the hybrid kit,
how people join, the room's needs). Logistics only, like the calendars: the case reference,
never a child's name.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from app.models import Meeting
from app.services import ServiceError
from app.services.booking import calendar
from app.services.notifications.notices import join_url, reference_for_uid
from app.time import LONDON
from app.timescales import meeting_type_from_code

GROUPINGS = {"chair": "chair", "room": "room", "locality": "locality"}
SPANS = {"day": 1, "week": calendar.WORKING_DAYS}


@dataclass(frozen=True)
class SheetLine:
    meeting_id: int
    day: date
    times: str  # 10:00–11:30, UK time
    meeting: str  # the type in words and the case reference
    chair: str
    place: str  # the room and its address, or where it is held without one
    kit: str  # the hybrid equipment, in words; "" when none is needed
    joining: str  # how people join, with the joining link for online and hybrid meetings
    needs: str  # step-free, a separate waiting area, an interpreter, in words


@dataclass(frozen=True)
class SheetGroup:
    title: str
    lines: list[SheetLine]


def sheet(user, by: str, span: str, day_text: str | None, today: date) -> dict:
    """The sheet for the day (or Monday-to-Friday week) asked for, grouped by chair, room or
    locality: every group with meetings, each to be printed on its own page."""
    if by not in GROUPINGS:
        raise ServiceError("Choose a sheet by chair, by room or by locality.", "by")
    if span not in SPANS:
        raise ServiceError("Choose a sheet for a day or for a week.", "span")
    first = calendar.parse_day(day_text, calendar.opening_day(today), "date")
    if span == "week":
        first = calendar.week_of(first)
    end = first + timedelta(days=SPANS[span])
    groups: dict[str, list[SheetLine]] = {}
    for meeting in calendar.meetings_between(user, first, end):
        groups.setdefault(_group_of(meeting, by), []).append(_line(meeting))
    return {
        "by": by,
        "span": span,
        "first": first,
        "last": end - timedelta(days=1),
        "groups": [SheetGroup(title, lines) for title, lines in sorted(groups.items())],
    }


def _group_of(meeting: Meeting, by: str) -> str:
    if by == "chair":
        return meeting.chair.name
    if by == "room":
        return _room_title(meeting) if meeting.room else "No room (virtual or off site)"
    locality = meeting.room.locality if meeting.room else meeting.request.locality
    return locality.name


def _room_title(meeting: Meeting) -> str:
    room = meeting.room
    return f"{room.name}, {room.locality.name}" if room else ""


def _line(meeting: Meeting) -> SheetLine:
    request = meeting.request
    start, end = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
    kind = meeting_type_from_code(request.meeting_type).label
    return SheetLine(
        meeting_id=meeting.id,
        day=start.date(),
        times=f"{start:%H:%M}–{end:%H:%M}",
        meeting=f"{kind}, case {request.case.reference}",
        chair=meeting.chair.name,
        place=_place(meeting),
        kit=_kit(meeting),
        joining=_joining(meeting),
        needs=_needs(meeting),
    )


def _place(meeting: Meeting) -> str:
    if meeting.room is not None:
        return f"{_room_title(meeting)}: {meeting.room.address}"
    if meeting.request.format == "off_site":
        return "Off site (the chair has the address)"
    return "Online, no room"


def _kit(meeting: Meeting) -> str:
    if meeting.request.format != "hybrid" or meeting.room is None:
        return ""
    if meeting.room.hybrid == "full":
        return "Hybrid equipment in the room"
    return "The chair brings the portable hybrid kit"


def _joining(meeting: Meeting) -> str:
    request = meeting.request
    link = join_url(request, meeting.chair, reference_for_uid(meeting.ical_uid))
    words = {"in_person": "Everyone in the room", "hybrid": "In the room or online",
             "virtual": "Online", "off_site": "In person, off site"}[request.format]  # fmt: skip
    return f"{words}: {link}" if link else words


def _needs(meeting: Meeting) -> str:
    request = meeting.request
    needs = []
    if request.needs_step_free:
        needs.append("step-free access")
    if request.needs_separate_waiting_area:
        needs.append("a separate waiting area")
    if request.interpreter_language:
        needs.append(f"an interpreter ({request.interpreter_language})")
    return ", ".join(needs).capitalize()
