"""The greedy baseline, "booking by hand", fixed so that it cannot be tuned to flatter the solver.

Pinned meetings are booked as they are. The others, in order of `latest`, then `earliest`, then
id, each take the first candidate — day ascending, start ascending, chair (the allocated one
first, then by id), room (nearest the family first, then by id; none for virtual and off-site) —
that keeps every hard rule, trying every day inside the window before any late day. A meeting
with no such candidate is unscheduled, with the stage of the search that never succeeded as its
reason. The score is the checker's (a baseline, not the model).
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date

from solver.baseline.candidates import (
    candidate_chairs,
    candidate_days,
    candidate_rooms,
    candidate_starts,
)
from solver.baseline.reasons import SearchTrace, unplaced_reasons
from solver.checker.data import (
    MINUTES_PER_DAY,
    Booking,
    InstanceView,
    clock_minutes,
    clock_text,
    overlaps,
)
from solver.checker.score import score_terms, weighted_score
from solver.format.types import (
    Assignment,
    Chair,
    Instance,
    Meeting,
    Room,
    Solution,
    Unscheduled,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Span = tuple[int, int]  # minutes since midnight, on one date


class Ledger:
    """What is already booked or unavailable, indexed by (who, date) so a candidate is checked
    against that day's few intervals only."""

    def __init__(self, view: InstanceView) -> None:
        self.view = view
        self.busy: dict[tuple[str, str, date], list[Span]] = defaultdict(list)
        self.chair_day: dict[tuple[str, date], list[Booking]] = defaultdict(list)
        self.chair_week: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
        for (kind, entity_id), intervals in view.unavailable.items():
            for start, end, _reason in intervals:
                for day in view.days:
                    midnight = day.toordinal() * MINUTES_PER_DAY
                    if overlaps(start, end, midnight, midnight + MINUTES_PER_DAY):
                        span = (max(start - midnight, 0), min(end - midnight, MINUTES_PER_DAY))
                        self.busy[(kind, entity_id, day)].append(span)

    def add(self, booking: Booking) -> None:
        span = (booking.start, booking.end)
        self.busy[("chairs", booking.chair, booking.day)].append(span)
        if booking.room is not None:
            self.busy[("rooms", booking.room, booking.day)].append(span)
        for person in booking.meeting.get("required_people", []):
            self.busy[("people", person, booking.day)].append(span)
        self.chair_day[(booking.chair, booking.day)].append(booking)
        self.chair_week[(booking.chair, iso_week(booking.day))] += booking.end - booking.start

    def free(self, kind: str, entity_id: str, day: date, start: int, end: int) -> bool:
        return not any(overlaps(s, e, start, end) for s, e in self.busy[(kind, entity_id, day)])

    def has_capacity(self, chair: Chair, day: date, minutes: int) -> bool:
        """Rule 5, counting pinned meetings too."""
        meetings = len(self.chair_day[(chair["id"], day)])
        week_minutes = self.chair_week[(chair["id"], iso_week(day))]
        return (
            meetings < chair["max_meetings_per_day"]
            and week_minutes + minutes <= chair["max_minutes_per_week"]
        )

    def travel_allows(self, chair_id: str, day: date, start: int, end: int, place: str) -> bool:
        """Rule 4: every physical meeting of the chair that day is a drive away from `place`."""
        for other in self.chair_day[(chair_id, day)]:
            other_place = self.view.place(other)
            if other_place is None:
                continue
            drive = self.view.minutes_between(other_place, place)
            gap = start - other.end if other.end <= start else other.start - end
            if gap < drive:
                return False
        return True


def iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def first_fit(
    view: InstanceView, ledger: Ledger, meeting: Meeting, trace: SearchTrace
) -> Booking | None:
    in_window, late = candidate_days(view, meeting)
    starts = candidate_starts(view, meeting)
    chairs = candidate_chairs(view, meeting)
    rooms = candidate_rooms(view, meeting)
    duration = meeting["duration_minutes"]
    for day in in_window + late:
        weekday = WEEKDAYS[day.weekday()]
        day_chairs = [
            chair
            for chair in chairs
            if weekday in chair["working_days"] and ledger.has_capacity(chair, day, duration)
        ]
        trace.chair_with_capacity |= bool(day_chairs)
        for start in starts if day_chairs else []:
            booking = _fit_at(view, ledger, meeting, day, start, day_chairs, rooms, trace)
            if booking is not None:
                return booking
    return None


def _fit_at(
    view: InstanceView,
    ledger: Ledger,
    meeting: Meeting,
    day: date,
    start: int,
    chairs: list[Chair],
    rooms: list[Room | None],
    trace: SearchTrace,
) -> Booking | None:
    end = start + meeting["duration_minutes"]
    people = meeting.get("required_people", [])
    if not all(ledger.free("people", person, day, start, end) for person in people):
        return None
    trace.people_free = True
    for chair in chairs:
        if not ledger.free("chairs", chair["id"], day, start, end):
            continue
        trace.chair_free = True
        for room in rooms:
            if room is not None and not _room_fits(ledger, meeting, room, chair, day, start):
                continue
            place = room["locality"] if room else meeting["locality"]
            if meeting["format"] != "virtual" and not ledger.travel_allows(
                chair["id"], day, start, end, place
            ):
                continue
            room_id = room["id"] if room else None
            return Booking(meeting, day, start, chair["id"], room_id, clock_text(end))
    return None


def _room_fits(
    ledger: Ledger, meeting: Meeting, room: Room, chair: Chair, day: date, start: int
) -> bool:
    """Rules 7 and 8 (rule 6's fixed conditions were applied in candidate_rooms)."""
    if meeting["format"] == "hybrid" and room["hybrid"] != "full":
        if not chair["portable_hybrid_kit"]:
            return False
    return ledger.free("rooms", room["id"], day, start, start + meeting["duration_minutes"])


def pinned_booking(meeting: Meeting) -> Booking:
    current = meeting["current"]
    start = clock_minutes(current["start"])
    end = clock_text(start + meeting["duration_minutes"])
    day = date.fromisoformat(current["day"])
    return Booking(meeting, day, start, current["chair"], current["room"], end)


def as_assignment(booking: Booking) -> Assignment:
    return {
        "meeting": booking.id,
        "day": booking.day.isoformat(),
        "start": clock_text(booking.start),
        "end": booking.claimed_end,
        "chair": booking.chair,
        "room": booking.room,
    }


def solve_greedy(instance: Instance) -> Solution:
    """A chairs-solution/1 dict: the baseline plan, scored exactly. Assumes a valid instance."""
    began = time.perf_counter()
    view = InstanceView(instance)
    ledger = Ledger(view)
    bookings = [pinned_booking(m) for m in instance["meetings"] if m.get("pinned")]
    for booking in bookings:
        ledger.add(booking)
    unscheduled: list[Unscheduled] = []
    to_place = [m for m in instance["meetings"] if not m.get("pinned")]
    for meeting in sorted(to_place, key=lambda m: (m["latest"], m["earliest"], m["id"])):
        trace = SearchTrace()
        placed = first_fit(view, ledger, meeting, trace)
        if placed is None:
            reasons = unplaced_reasons(view, meeting, trace)
            unscheduled.append({"meeting": meeting["id"], "reasons": reasons})
        else:
            ledger.add(placed)
            bookings.append(placed)
    bookings.sort(key=lambda b: (b.day, b.start, b.id))
    solution: Solution = {
        "format": "chairs-solution/1",
        "instance": instance["name"],
        "status": "FEASIBLE",
        "score": 0,
        "assignments": [as_assignment(b) for b in bookings],
        "unscheduled": unscheduled,
        "breakdown": {},
    }
    solution["breakdown"] = score_terms(instance, solution)
    solution["score"] = weighted_score(instance, solution["breakdown"])
    solution["solve_seconds"] = round(time.perf_counter() - began, 3)
    return solution
