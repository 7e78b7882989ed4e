"""The planted plan: each meeting placed where every hard rule (spec rules 1–9) holds.

The generator places a meeting only where its chair, room and required people are free,
the chair works that weekday and is under both caps, travel between the chair's physical
meetings fits in the gaps, and the room suits the meeting. Absences decided beforehand are read
from the chairs' and rooms' `unavailable` lists; people have none yet (theirs are added after
planting, around the plan). So the finished instance is feasible by construction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from solver.generate.calendar import iso_week, weekday_name
from solver.generate.meetings import MeetingDraft

DEFAULT_FAMILY_TRAVEL = 60
# Times admins actually offer first; the rest of the grain is tried after them.
_COMMON_STARTS = {9 * 60 + 30, 10 * 60, 11 * 60, 13 * 60 + 30, 14 * 60, 15 * 60 + 30}

Span = tuple[int, int]


@dataclass(frozen=True)
class Booking:
    meeting: str
    day: date
    start: int
    end: int
    chair: str
    room: str | None
    place: str | None  # where the chair has to be: the room's town, the off-site town, or None


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock_of(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def daily_blocks(unavailable: list[dict], days: list[date]) -> dict[date, list[Span]]:
    """Split date-time intervals into per-day minute spans over the given days."""
    blocks: dict[date, list[Span]] = {}
    for item in unavailable:
        start = datetime.fromisoformat(item["start"])
        end = datetime.fromisoformat(item["end"])
        for day in days:
            if start.date() <= day <= end.date():
                first = start.hour * 60 + start.minute if day == start.date() else 0
                last = end.hour * 60 + end.minute if day == end.date() else 24 * 60
                blocks.setdefault(day, []).append((first, last))
    return blocks


class Timetable:
    """What the plan has booked so far, for chairs, rooms and people."""

    def __init__(self, frame: dict, days: list[date], rng: random.Random) -> None:
        self.rng = rng
        self.travel: dict[str, dict[str, int]] = frame["travel_minutes"]
        self.day_start = minutes_of(frame["day_start"])
        self.day_end = minutes_of(frame["day_end"])
        self.grain = frame["grain_minutes"]
        self.chairs = {c["id"]: c for c in frame["chairs"]}
        self.rooms = frame["rooms"]
        self.chair_blocks = {c["id"]: daily_blocks(c["unavailable"], days) for c in frame["chairs"]}
        self.room_blocks = {r["id"]: daily_blocks(r["unavailable"], days) for r in self.rooms}
        self.chair_day: dict[tuple[str, date], list[Booking]] = {}
        self.chair_week: dict[tuple[str, tuple[int, int]], int] = {}
        self.room_day: dict[tuple[str, date], list[Span]] = {}
        self.person_day: dict[tuple[str, date], list[Span]] = {}
        self.bookings: dict[str, Booking] = {}

    # --- what a chair may take on a day (rules 3 and 5) -------------------------------------
    def chair_can_take(self, chair_id: str, day: date, duration: int) -> bool:
        chair = self.chairs[chair_id]
        if weekday_name(day) not in chair["working_days"]:
            return False
        if len(self.chair_day.get((chair_id, day), [])) >= chair["max_meetings_per_day"]:
            return False
        week_minutes = self.chair_week.get((chair_id, iso_week(day)), 0)
        return week_minutes + duration <= chair["max_minutes_per_week"]

    def chair_free(self, chair_id: str, day: date, span: Span, place: str | None) -> bool:
        """Rule 3 (absences), rule 4 (no overlap, travel gaps between physical meetings)."""
        if any(overlaps(span, b) for b in self.chair_blocks[chair_id].get(day, [])):
            return False
        for other in self.chair_day.get((chair_id, day), []):
            if overlaps(span, (other.start, other.end)):
                return False
            if place is None or other.place is None:
                continue
            gap = self.travel[other.place][place]
            if other.end <= span[0] and span[0] - other.end < gap:
                return False
            if span[1] <= other.start and other.start - span[1] < gap:
                return False
        return True

    def room_free(self, room_id: str, day: date, span: Span) -> bool:
        taken = self.room_blocks[room_id].get(day, []) + self.room_day.get((room_id, day), [])
        return not any(overlaps(span, b) for b in taken)

    def people_free(self, people: list[str], day: date, span: Span) -> bool:
        return not any(overlaps(span, b) for p in people for b in self.person_day.get((p, day), []))

    # --- suitable rooms and starts (rules 2, 6, 8) -----------------------------------------
    def suitable_rooms(self, draft: MeetingDraft) -> list[dict]:
        """Rooms that suit the meeting whatever the chair, nearest the family first."""
        reach = draft.max_family_travel or DEFAULT_FAMILY_TRAVEL
        rooms = [
            r
            for r in self.rooms
            if r["capacity"] >= draft.in_person_count
            and (r["accessible"] or not draft.needs_accessible)
            and (r["separate_waiting_area"] or not draft.needs_separate_waiting_area)
            and self.travel[draft.locality][r["locality"]] <= reach
        ]
        noise = {r["id"]: self.rng.random() for r in rooms}
        return sorted(
            rooms, key=lambda r: (self.travel[draft.locality][r["locality"]], noise[r["id"]])
        )

    def candidate_starts(self, draft: MeetingDraft) -> list[int]:
        first = max(self.day_start, draft.earliest_start or self.day_start)
        last_end = min(self.day_end, draft.latest_end or self.day_end)
        offset = (first - self.day_start) % self.grain
        first += (self.grain - offset) % self.grain  # starts lie on the grain from day_start
        starts = list(range(first, last_end - draft.duration + 1, self.grain))
        self.rng.shuffle(starts)
        return sorted(starts, key=lambda s: s not in _COMMON_STARTS)

    # --- placing ---------------------------------------------------------------------------
    def try_place(self, draft: MeetingDraft, day: date, chair_ids: list[str]) -> Booking | None:
        rooms = self.suitable_rooms(draft) if draft.needs_room else []
        if draft.needs_room and not rooms:
            return None
        starts = self.candidate_starts(draft)
        for chair_id in chair_ids:
            if not self.chair_can_take(chair_id, day, draft.duration):
                continue
            booking = self._first_fit(draft, day, chair_id, starts, rooms)
            if booking is not None:
                self.book(draft, booking)
                return booking
        return None

    def _first_fit(
        self, draft: MeetingDraft, day: date, chair_id: str, starts: list[int], rooms: list[dict]
    ) -> Booking | None:
        kit = self.chairs[chair_id]["portable_hybrid_kit"]
        usable = [r for r in rooms if draft.format != "hybrid" or kit or r["hybrid"] == "full"]
        for start in starts:
            span = (start, start + draft.duration)
            if not self.people_free(draft.required_people, day, span):
                continue
            if not draft.needs_room:
                place = draft.locality if draft.format == "off_site" else None
                if self.chair_free(chair_id, day, span, place):
                    return Booking(draft.id, day, span[0], span[1], chair_id, None, place)
                continue
            for room in usable:
                place = room["locality"]
                if self.room_free(room["id"], day, span) and self.chair_free(
                    chair_id, day, span, place
                ):
                    return Booking(draft.id, day, span[0], span[1], chair_id, room["id"], place)
        return None

    def book(self, draft: MeetingDraft, booking: Booking) -> None:
        day, span = booking.day, (booking.start, booking.end)
        self.chair_day.setdefault((booking.chair, day), []).append(booking)
        week = (booking.chair, iso_week(day))
        self.chair_week[week] = self.chair_week.get(week, 0) + draft.duration
        if booking.room is not None:
            self.room_day.setdefault((booking.room, day), []).append(span)
        for person in draft.required_people:
            self.person_day.setdefault((person, day), []).append(span)
        self.bookings[draft.id] = booking
