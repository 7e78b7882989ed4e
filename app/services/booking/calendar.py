"""Calendar views: meetings by chair, by room, by locality and as a plain list, and the printed
day or week sheet by chair, room or locality.

Read-only. Scoped like app.services.booking.meetings: a chair sees only their own column and
meetings. An entry carries logistics only (meeting type, case reference, chair, room): never a
child's initials or date of birth, so a screen left open or a feed copied elsewhere discloses
nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import overload

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.limits import MAX_ID, DayOutOfRange, checked_day
from app.models import Chair, Locality, Meeting, MeetingRequest, Room
from app.services import NotFound, ServiceError
from app.time import LONDON
from app.timescales import meeting_type_from_code

# A cancelled meeting is history, not a booking; proposals show so admins can review them.
SHOWN_STATUSES = ("proposed", "confirmed", "held")
NO_ROOM = "none"  # the day view's column for meetings held virtually or off site
MAX_SPAN_DAYS = 62  # a longer period is refused, not silently slow


@dataclass(frozen=True)
class Entry:
    """One meeting as a calendar shows it, in Europe/London time."""

    id: int
    start: datetime
    end: datetime
    title: str
    status: str
    chair_id: int
    chair_name: str
    room_id: int | None
    room_name: str


@overload
def parse_day(text: str | None, default: date, field: str) -> date: ...
@overload
def parse_day(text: str | None, default: None, field: str) -> date | None: ...
def parse_day(text: str | None, default: date | None, field: str) -> date | None:
    """A YYYY-MM-DD date, or an ISO date-time read in London. A refusal names the query-string
    field: the page has no form to point at."""
    if not text:
        return default
    what = f"The {field} in the address (?{field}=)"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ServiceError(f"{what} must be written as YYYY-MM-DD.", field) from None
    try:
        checked_day(moment.date(), what)  # first: moving year 1 or 9999 to London overflows
        if moment.tzinfo is not None:
            moment = moment.astimezone(LONDON)
        return checked_day(moment.date(), what)
    except DayOutOfRange as error:
        raise ServiceError(error.message, field) from None


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def resources(user, view: str, locality_id: int | None = None) -> list[dict]:
    """The calendar's columns: chairs, rooms, or one locality's rooms plus 'no room'."""
    if view == "chairs":
        query = select(Chair).where(Chair.retired_at.is_(None)).order_by(Chair.name, Chair.id)
        if user.role == "chair":
            query = select(Chair).where(Chair.id == _own_chair_id(user))
        return [{"id": str(chair.id), "title": chair.name} for chair in db.session.scalars(query)]
    rooms_query = select(Room).options(joinedload(Room.locality)).where(Room.retired_at.is_(None))
    if locality_id is not None:
        rooms_query = rooms_query.where(Room.locality_id == locality_id)
    rooms = db.session.scalars(rooms_query.join(Room.locality).order_by(Locality.name, Room.name))
    columns = [
        {"id": str(room.id), "title": f"{room.name}, {room.locality.name}"} for room in rooms
    ]
    return columns + [{"id": NO_ROOM, "title": "No room (virtual or off site)"}]


def entries(user, first: date, end: date, locality_id: int | None = None) -> list[Entry]:
    """Meetings starting on London days first ≤ day < end, in start order."""
    return [_entry(meeting) for meeting in meetings_between(user, first, end, locality_id)]


def meetings_between(user, first: date, end: date, locality_id: int | None = None) -> list[Meeting]:
    """The meetings shown for London days first ≤ day < end, in start order, scoped to the
    user (a chair: their own) and, with `locality_id`, held there (its rooms, or online for a
    request from there)."""
    if end <= first:
        raise ServiceError("The end of the period must be after its start.", "end")
    if (end - first).days > MAX_SPAN_DAYS:
        raise ServiceError(f"Ask for at most {MAX_SPAN_DAYS} days at a time.", "end")
    query = (
        select(Meeting)
        .options(
            joinedload(Meeting.chair),
            joinedload(Meeting.room),
            joinedload(Meeting.request).joinedload(MeetingRequest.case),
        )
        .where(
            Meeting.starts_at >= datetime.combine(first, time(0), LONDON),
            Meeting.starts_at < datetime.combine(end, time(0), LONDON),
            Meeting.status.in_(SHOWN_STATUSES),
        )
    )
    if user.role == "chair":
        query = query.where(Meeting.chair_id == _own_chair_id(user))
    if locality_id is not None:
        query = query.join(Meeting.request).outerjoin(Meeting.room)
        query = query.where(
            or_(
                Room.locality_id == locality_id,
                (Meeting.room_id.is_(None)) & (MeetingRequest.locality_id == locality_id),
            )
        )
    return list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)).unique())


def by_day(user, first: date, end: date) -> list[tuple[date, list[Entry]]]:
    """The plain list view: every day of [first, end) with its meetings (empty days too)."""
    found = entries(user, first, end)
    days = [first + timedelta(days=n) for n in range((end - first).days)]
    return [(day, [e for e in found if e.start.date() == day]) for day in days]


WORKING_DAYS = 5  # the week pages show Monday to Friday


def week_page(user, view: str, week_text: str | None, today: date) -> dict:
    """What a week page needs: its Monday, the weeks either side, its working days, and a row
    per chair (or room) with that row's meetings on each day."""
    page = _weeks(week_text, today)
    days = [page["week"] + timedelta(days=n) for n in range(WORKING_DAYS)]
    found = entries(user, days[0], days[-1] + timedelta(days=1))
    rows = [(resource, [[e for e in mine if e.start.date() == day] for day in days])
            for resource, mine in _rows(user, view, found)]  # fmt: skip
    return {"view": view, **page, "days": days, "rows": rows, "today": today}


def _rows(user, view: str, found: list[Entry], locality_id: int | None = None) -> list:
    """Each chair or room (the day view: the locality's rooms and 'no room') with its
    meetings, in start order."""
    return [(resource, [e for e in found if _resource_of(e, view) == resource["id"]])
            for resource in resources(user, view, locality_id)]  # fmt: skip


def _resource_of(entry: Entry, view: str) -> str:
    if view == "chairs":
        return str(entry.chair_id)
    return str(entry.room_id) if entry.room_id is not None else NO_ROOM


def opening_day(today: date) -> date:
    """The day a calendar opens on: today on a working day, else the next Monday (on a Sunday
    the booking team is looking at the week ahead, not the one just gone)."""
    return today if today.weekday() < WORKING_DAYS else today + timedelta(days=7 - today.weekday())


def _weeks(week_text: str | None, today: date) -> dict:
    week = week_of(parse_day(week_text, opening_day(today), "week"))
    return {"week": week, "previous": week - timedelta(days=7), "next": week + timedelta(days=7)}


def list_page(user, week_text: str | None, today: date) -> dict:
    """The accessible alternative to the week views: the same meetings, day by day."""
    page = _weeks(week_text, today)
    return {**page, "days": by_day(user, page["week"], page["next"])}


def day_page(user, day_text: str | None, locality_text: str | None, today: date) -> dict:
    day = parse_day(day_text, opening_day(today), "date")
    place = locality(parse_id(locality_text, "locality"))
    return {
        "day": day,
        "week": week_of(day),
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "locality": place,
        "localities": localities(),
        "rows": _rows(user, "day", entries(user, day, day + timedelta(days=1), place.id), place.id),
    }


def parse_id(text: str | None, field: str) -> int | None:
    if not text:
        return None
    # Past MAX_ID there is no such row, and the database could not even compare it.
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise ServiceError("That is not a known choice.", field)
    return int(text)


def localities() -> list[Locality]:
    query = select(Locality).where(Locality.retired_at.is_(None)).order_by(Locality.name)
    return list(db.session.scalars(query))


def locality(locality_id: int | None) -> Locality:
    """The day view's locality: the one asked for, else the first by name."""
    if locality_id is None:
        first = next(iter(localities()), None)
        if first is None:
            raise NotFound("There are no localities yet: add one first.")
        return first
    found = db.session.get(Locality, locality_id)
    if found is None:
        raise NotFound("That locality does not exist.")
    return found


def _own_chair_id(user) -> int:
    # A chair user not linked to a chair record sees nothing rather than everything.
    return user.chair.id if user.chair is not None else -1


def _entry(meeting: Meeting) -> Entry:
    request = meeting.request
    return Entry(
        id=meeting.id,
        start=meeting.starts_at.astimezone(LONDON),
        end=meeting.ends_at.astimezone(LONDON),
        title=f"{meeting_type_from_code(request.meeting_type).label} · {request.case.reference}",
        status=meeting.status,
        chair_id=meeting.chair_id,
        chair_name=meeting.chair.name,
        room_id=meeting.room_id,
        room_name=meeting.room.name if meeting.room else request.format.replace("_", " "),
    )
