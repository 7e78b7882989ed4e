"""The checker's plain reading of an instance and a solution (independent of the model's code).

Times become whole minutes: a time of day as minutes since midnight, and a moment on a date as
`date.toordinal() * 1440 + minutes`, so that intervals on different dates never overlap. All times
are Europe/London wall-clock times (spec); meetings lie inside the working day, so the clock
changes never fall inside one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime

from solver.format.types import Instance, Meeting, Solution

MINUTES_PER_DAY = 1440
DEFAULT_FAMILY_TRAVEL_LIMIT = 60  # spec, meetings[].max_family_travel_minutes
PHYSICAL_FORMATS = frozenset({"in_person", "hybrid", "off_site"})  # rule 4
ROOM_FORMATS = frozenset({"in_person", "hybrid"})  # rule 6


@dataclass(frozen=True)
class Violation:
    """One broken hard rule (1–9; 0 means the solution's own format is broken)."""

    rule: int
    meeting: str | None
    message: str

    def __str__(self) -> str:
        rule = f"rule {self.rule}" if self.rule else "format"
        where = f", meeting {self.meeting}" if self.meeting else ""
        return f"{rule}{where}: {self.message}"


def clock_minutes(text: str) -> int:
    """`"09:30"` -> 570."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def moment_minutes(text: str) -> int:
    """`"2025-05-12T09:30"` -> minutes on the absolute scale."""
    moment = datetime.fromisoformat(text)
    return moment.date().toordinal() * MINUTES_PER_DAY + moment.hour * 60 + moment.minute


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Spec: two intervals overlap when each starts before the other ends (touching is fine)."""
    return a_start < b_end and b_start < a_end


def eligible_roles(meeting: Meeting) -> list[str]:
    return meeting.get("eligible_roles") or ["chair"]


@dataclass(frozen=True)
class Booking:
    """A meeting as the solution placed it; `end` is start + duration, whatever was claimed."""

    meeting: Meeting
    day: date
    start: int
    chair: str
    room: str | None
    claimed_end: str = ""

    @property
    def id(self) -> str:
        return str(self.meeting["id"])

    @property
    def end(self) -> int:
        return self.start + int(self.meeting["duration_minutes"])

    @property
    def pinned(self) -> bool:
        return bool(self.meeting.get("pinned"))

    @property
    def format(self) -> str:
        return str(self.meeting["format"])

    @property
    def abs_start(self) -> int:
        return self.day.toordinal() * MINUTES_PER_DAY + self.start

    @property
    def abs_end(self) -> int:
        return self.day.toordinal() * MINUTES_PER_DAY + self.end


class InstanceView:
    """Look-ups over a valid instance."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.days = [date.fromisoformat(d) for d in instance["days"]]
        self.day_set = set(self.days)
        self.grain = int(instance["grain_minutes"])
        self.day_start = clock_minutes(instance["day_start"])
        self.day_end = clock_minutes(instance["day_end"])
        nb = instance.get("not_before")
        self.not_before = date.fromisoformat(nb) if nb else None
        self.travel: dict[str, dict[str, int]] = instance["travel_minutes"]
        self.chairs = {c["id"]: c for c in instance["chairs"]}
        self.rooms = {r["id"]: r for r in instance["rooms"]}
        self.people = {p["id"]: p for p in instance["people"]}
        self.meetings = {m["id"]: m for m in instance["meetings"]}
        self.unavailable: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        for kind in ("chairs", "rooms", "people"):
            for entity in instance[kind]:
                self.unavailable[(kind, entity["id"])] = [
                    (moment_minutes(u["start"]), moment_minutes(u["end"]), u.get("reason", ""))
                    for u in entity.get("unavailable", [])
                ]

    def rank(self, day: date) -> int:
        """Spec, "Counting days": the number of entries of `days` that are ≤ `day`."""
        return bisect_right(self.days, day)

    def clash(self, kind: str, entity_id: str, booking: Booking) -> str | None:
        """The reason of the first unavailability of chairs/rooms/people `entity_id` it overlaps."""
        for start, end, reason in self.unavailable.get((kind, entity_id), []):
            if overlaps(start, end, booking.abs_start, booking.abs_end):
                return reason or "unavailable"
        return None

    def place(self, booking: Booking) -> str | None:
        """Where a physical meeting happens (rule 4): its room's locality, or for an off-site
        meeting the meeting's locality. None for a virtual one, or a room the instance lacks."""
        if booking.format == "off_site":
            return str(booking.meeting["locality"])
        if booking.format in ROOM_FORMATS and booking.room in self.rooms:
            return str(self.rooms[booking.room]["locality"])
        return None

    def minutes_between(self, origin: str, destination: str) -> int:
        return int(self.travel[origin][destination])


def read_bookings(view: InstanceView, solution: Solution) -> list[Booking]:
    """The first assignment of each known meeting whose day and start can be read.

    Everything skipped here is reported by rules 1 and 2; the other rules judge what remains.
    """
    bookings: list[Booking] = []
    seen: set[str] = set()
    for assignment in solution.get("assignments", []):
        meeting = view.meetings.get(assignment["meeting"])
        if meeting is None or meeting["id"] in seen:
            continue
        try:
            day = date.fromisoformat(assignment["day"])
        except ValueError:
            continue
        seen.add(meeting["id"])
        start = clock_minutes(assignment["start"])
        bookings.append(
            Booking(meeting, day, start, assignment["chair"], assignment["room"], assignment["end"])
        )
    return bookings
