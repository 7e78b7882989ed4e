"""Commitments added after planting, only where they do not clash with the plan.

Chairs get panels, supervision and visits; rooms get other bookings; people get surgeries,
teaching, court hearings and shifts. An interval is kept only if it overlaps nothing the plan
needs: a chair's or room's planted meetings, or a person's meetings where they are *required*.
Optional people may be busy during a meeting — that is what the `optional_absent` term counts.
"""

from __future__ import annotations

import random
from datetime import date

from solver.generate.plan import Timetable, minutes_of, overlaps
from solver.generate.resources import interval

# (reason, start, end)
CHAIR_COMMITMENTS = (
    ("fostering / adoption panel", "10:00", "12:00"),
    ("supervision", "14:00", "15:00"),
    ("midway review visit", "14:00", "16:00"),
    ("case monitoring and report writing", "13:00", "17:00"),
    ("visit to a child in placement", "09:00", "12:30"),
    ("Regulation 44 visit debrief", "13:30", "15:30"),
)
ROOM_BOOKINGS = (
    ("other booking", "09:00", "10:30"),
    ("contact session", "13:00", "15:00"),
    ("team meeting", "10:00", "12:00"),
    ("training", "13:00", "17:00"),
)
# role: (chance per day, ((reason, start, end), ...))
PERSON_PATTERNS: dict[str, tuple[float, tuple[tuple[str, str, str], ...]]] = {
    "gp": (0.6, (("morning surgery", "09:00", "11:30"), ("afternoon surgery", "15:00", "17:00"))),
    "school": (0.3, (("teaching", "09:00", "15:15"),)),
    "social_worker": (0.1, (("court hearing", "09:00", "17:00"), ("duty", "09:00", "17:00"))),
    "parent": (0.06, (("work shift", "13:00", "17:00"), ("hospital appointment", "09:00", "12:00"),
                      ("contact session", "13:00", "17:00"))),
    "health_visitor": (0.2, (("other commitments", "09:00", "13:00"),
                             ("other commitments", "13:00", "17:00"))),
    "police": (0.2, (("other commitments", "09:00", "13:00"), ("duty", "09:00", "17:00"))),
    "advocate": (0.2, (("other commitments", "09:00", "13:00"),
                       ("other commitments", "13:00", "17:00"))),
    "midwife": (0.3, (("antenatal clinic", "09:00", "12:30"),)),
}  # fmt: skip


def _clear(taken: list[tuple[int, int]], start: str, end: str) -> bool:
    span = (minutes_of(start), minutes_of(end))
    return not any(overlaps(span, t) for t in taken)


def add_chair_commitments(rng: random.Random, timetable: Timetable, days: list[date]) -> None:
    for chair_id, chair in timetable.chairs.items():
        for day in days:
            if rng.random() >= 0.15:
                continue
            reason, start, end = rng.choice(CHAIR_COMMITMENTS)
            taken = [(b.start, b.end) for b in timetable.chair_day.get((chair_id, day), [])]
            if _clear(taken, start, end):
                chair["unavailable"].append(interval(day, start, end, reason))


def add_room_bookings(rng: random.Random, timetable: Timetable, days: list[date]) -> None:
    for room in timetable.rooms:
        for day in days:
            if rng.random() >= 0.2:
                continue
            reason, start, end = rng.choice(ROOM_BOOKINGS)
            if _clear(timetable.room_day.get((room["id"], day), []), start, end):
                room["unavailable"].append(interval(day, start, end, reason))


def add_people_commitments(
    rng: random.Random, timetable: Timetable, people: list[dict], days: list[date]
) -> None:
    for person in people:
        chance, patterns = PERSON_PATTERNS.get(person["role"], (0.0, ()))
        for day in days:
            if rng.random() >= chance:
                continue
            reason, start, end = rng.choice(patterns)
            # person_day holds only meetings where the person is required.
            if _clear(timetable.person_day.get((person["id"], day), []), start, end):
                person["unavailable"].append(interval(day, start, end, reason))
