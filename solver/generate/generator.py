"""Realistic instances built around a planted complete in-time plan.

`generate(size, seed)` returns an instance (chairs-instance/1); `generate_with_plan` also returns
the planted plan as a solution (chairs-solution/1), so tests can check that the instance is
feasible. The steps, in order:

1. chairs and rooms, with the absences known in advance (leave, training, closures);
2. meetings drafted in the service's proportions and placed week by week, each where every
   hard rule holds, until the busiest week uses about 0.8 of the chairs' capacity;
3. windows drawn around each planted day, allocated chairs from the plan;
4. further commitments for chairs, rooms and people, only where the plan leaves room.

Output depends only on (size, seed) — and `first_day` when given: each size has a fixed first
day, and the randomness is a string-seeded `random.Random`.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from typing import cast

from solver.checker.check import check
from solver.format.types import Instance, Solution
from solver.generate.calendar import WorkingCalendar
from solver.generate.fill import Planter
from solver.generate.meetings import MeetingDraft, MeetingDrafter
from solver.generate.people import PeopleRegistry
from solver.generate.plan import Booking, Timetable, clock_of
from solver.generate.profiles import SizeProfile, profile_for
from solver.generate.resources import (
    add_planned_absences,
    add_room_closures,
    build_chairs,
    build_rooms,
)
from solver.generate.unavailability import (
    add_chair_commitments,
    add_people_commitments,
    add_room_bookings,
)
from solver.generate.windows import window_for

# A meeting whose allocated chair is not the one in the plan (the IRO is on leave that week).
_ALLOCATED_ELSEWHERE = 0.04


def generate(size: str, seed: int = 0, *, first_day: date | None = None) -> Instance:
    """A feasible instance of the given size; the same (size, seed) always gives the same one."""
    return generate_with_plan(size, seed, first_day=first_day)[0]


def generate_with_plan(
    size: str, seed: int = 0, *, first_day: date | None = None
) -> tuple[Instance, Solution]:
    """The instance and its planted plan (a solution that keeps every hard rule, all in time).

    `first_day` replaces the size's fixed first day (the web app's demo starts on its load day).
    """
    profile = profile_for(size)
    if first_day is not None:
        profile = dataclasses.replace(profile, first_day=first_day)
    rng = random.Random(f"quorum/{size}/{seed}")
    calendar = WorkingCalendar(profile.first_day, profile.n_days)
    frame = _frame(rng, profile, calendar)
    timetable = Timetable(frame, calendar.horizon, rng)
    people = PeopleRegistry(rng, profile.geography, _expected_meetings(profile, calendar))
    drafter = MeetingDrafter(rng, profile.geography, people)
    planter = Planter(rng, timetable, drafter)
    planter.fill(calendar.weeks(), profile.peak_utilisation)

    meetings = [
        _meeting(rng, draft, timetable.bookings[draft.id], calendar, timetable)
        for draft in planter.drafts.values()
    ]
    person_list = sorted(people.people.values(), key=lambda p: p["id"])
    add_chair_commitments(rng, timetable, calendar.horizon)
    add_room_bookings(rng, timetable, calendar.horizon)
    add_people_commitments(rng, timetable, person_list, calendar.horizon)
    instance = _instance(f"{size}-seed{seed}", calendar, frame, person_list, meetings)
    # Built as plain dicts; what comes out is an instance and a solution of the exchange format.
    return cast(Instance, instance), cast(Solution, _planted_solution(instance, timetable.bookings))


def _frame(rng: random.Random, profile: SizeProfile, calendar: WorkingCalendar) -> dict:
    chairs = build_chairs(rng, profile)
    rooms = build_rooms(rng, profile)
    add_planned_absences(rng, profile, calendar, chairs)
    add_room_closures(rng, calendar, rooms)
    return {
        "grain_minutes": 15,
        "day_start": "09:00",
        "day_end": "17:00",
        **profile.geography.as_instance_fields(),
        "chairs": chairs,
        "rooms": rooms,
    }


def _expected_meetings(profile: SizeProfile, calendar: WorkingCalendar) -> int:
    """A first estimate of the meeting count, to size the pools of social workers and agencies."""
    weekly = sum(
        {1.0: 285, 0.8: 240, 0.6: 180}[fte] * count
        for roster in profile.rosters
        for fte, count in ((1.0, roster.full_time), (0.8, roster.four_day), (0.6, roster.three_day))
    )
    return int(weekly * profile.peak_utilisation * len(calendar.horizon) / 5 / 80)


def _meeting(
    rng: random.Random,
    draft: MeetingDraft,
    booking: Booking,
    calendar: WorkingCalendar,
    timetable: Timetable,
) -> dict:
    meeting: dict = {
        "id": draft.id,
        "type": draft.type,
        "case": draft.case,
        "duration_minutes": draft.duration,
        **window_for(draft.type, booking.day, calendar, rng),
        "format": draft.format,
        "locality": draft.locality,
    }
    if draft.max_family_travel is not None:
        meeting["max_family_travel_minutes"] = draft.max_family_travel
    meeting["in_person_count"] = draft.in_person_count
    meeting["required_people"] = draft.required_people
    meeting["optional_people"] = draft.optional_people
    if draft.continuity:
        meeting["allocated_chair"] = _allocated_chair(rng, draft, booking, timetable)
    meeting["chair_fixed"] = draft.chair_fixed and meeting.get("allocated_chair") == booking.chair
    if draft.eligible_roles:
        meeting["eligible_roles"] = draft.eligible_roles
    if draft.needs_accessible:
        meeting["needs_accessible"] = True
    if draft.needs_separate_waiting_area:
        meeting["needs_separate_waiting_area"] = True
    window = {}
    if draft.earliest_start is not None:
        window["earliest_start"] = clock_of(draft.earliest_start)
    if draft.latest_end is not None:
        window["latest_end"] = clock_of(draft.latest_end)
    if window:
        meeting["time_window"] = window
    return meeting


def _allocated_chair(
    rng: random.Random, draft: MeetingDraft, booking: Booking, timetable: Timetable
) -> str:
    if draft.chair_fixed or rng.random() >= _ALLOCATED_ELSEWHERE:
        return booking.chair
    roles = set(draft.eligible_roles or ["chair"])
    others = sorted(
        c["id"]
        for c in timetable.chairs.values()
        if roles & set(c["roles"]) and c["id"] != booking.chair
    )
    return rng.choice(others) if others else booking.chair


def _tidy(items: list[dict]) -> list[dict]:
    """Unavailability sorted by start, and empty lists left out (as in the examples)."""
    for item in items:
        item["unavailable"] = sorted(item.get("unavailable", []), key=lambda u: u["start"])
        if not item["unavailable"]:
            del item["unavailable"]
    return items


def _instance(
    name: str, calendar: WorkingCalendar, frame: dict, people: list[dict], meetings: list[dict]
) -> dict:
    return {
        "format": "chairs-instance/1",
        "name": name,
        "days": [d.isoformat() for d in calendar.horizon],
        "grain_minutes": frame["grain_minutes"],
        "day_start": frame["day_start"],
        "day_end": frame["day_end"],
        "localities": frame["localities"],
        "travel_minutes": frame["travel_minutes"],
        "chairs": _tidy(frame["chairs"]),
        "rooms": _tidy(frame["rooms"]),
        "people": _tidy(people),
        "meetings": sorted(meetings, key=lambda m: m["id"]),
    }


def _planted_solution(instance: dict, bookings: dict[str, Booking]) -> dict:
    assignments = [
        {
            "meeting": b.meeting,
            "day": b.day.isoformat(),
            "start": clock_of(b.start),
            "end": clock_of(b.end),
            "chair": b.chair,
            "room": b.room,
        }
        for b in sorted(bookings.values(), key=lambda b: b.meeting)
    ]
    solution = {
        "format": "chairs-solution/1",
        "instance": instance["name"],
        "status": "FEASIBLE",
        "score": 0,
        "solve_seconds": 0.0,
        "assignments": assignments,
        "unscheduled": [],
        "breakdown": {},
    }
    return with_checker_claim(instance, solution)


def with_checker_claim(instance: dict, solution: dict) -> dict:
    """The solution with `score` and `breakdown` as the public checker computes them.

    The planted plan is built to keep the hard rules, not to be scored; the checker is the
    single public definition of the score, so the claim is taken from it.
    """
    report = check(cast(Instance, instance), cast(Solution, solution))
    return {**solution, "score": report.score, "breakdown": dict(report.breakdown)}
