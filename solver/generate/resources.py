"""Chairs and rooms for a generated instance, with the absences known before planning.

Annual leave, training days, the monthly team meeting and room closures are decided first and
the plan is planted around them; smaller commitments are added afterwards in the gaps the plan
leaves (unavailability.py). Either way no unavailability clashes with the plan.
"""

from __future__ import annotations

import random
from datetime import date

from solver.generate.calendar import WEEKDAY_NAMES, WorkingCalendar
from solver.generate.geography import Geography
from solver.generate.profiles import Roster, SizeProfile

FIRST_NAMES = (
    "Hannah", "Helen", "Jane", "Claire", "Joanne", "Andrew", "Nicola", "Louise", "Simon",
    "Sarah", "Rachel", "David", "Karen", "Michelle", "Paul", "Emma", "Mark", "Lisa", "Gemma",
    "Richard", "Amanda", "Julie", "Samantha", "Stephen", "Victoria", "Kate", "Ian", "Alison",
    "Fiona", "Gareth", "Priya", "Aisha", "Tom", "Ruth", "Zoe", "Martin", "Donna", "Carl",
)  # fmt: skip
LAST_NAMES = (
    "Roberts", "Johnson", "Fletcher", "Marsh", "Lowe", "Baker", "Smith", "Ellis", "Quinn",
    "Green", "Underwood", "Walker", "Patel", "Hughes", "Wright", "Turner", "Harris", "Clarke",
    "Wood", "Cooper", "Shaw", "Khan", "Barker", "Atkinson", "Moss", "Holmes", "Dixon", "Ward",
    "Birch", "Pearson", "Young", "Kaur", "Webster", "Lambert", "Chapman", "Fox", "Hill", "Cole",
)  # fmt: skip

# Weekly meeting-minute caps by FTE: a full-time chair holds about four meetings a week
# beside reading, midway checks and writing up.
_WEEKLY_MINUTES = {1.0: 285, 0.8: 240, 0.6: 180}
_TEAM_MANAGER_WEEKLY_MINUTES = 300
VENUES = ("Family Hub", "Council Offices", "Area Office", "Children's Services Office",
          "Community House", "Civic Centre")  # fmt: skip


def interval(day: date, start: str, end: str, reason: str) -> dict:
    return {
        "start": f"{day.isoformat()}T{start}",
        "end": f"{day.isoformat()}T{end}",
        "reason": reason,
    }


def span(first: date, last: date, reason: str) -> dict:
    """A whole-days absence from `first` to `last` inclusive, as one interval."""
    return {
        "start": f"{first.isoformat()}T00:00",
        "end": f"{last.isoformat()}T23:59",
        "reason": reason,
    }


def _pick_base(rng: random.Random, geography: Geography, authority: str) -> str:
    towns = [t for t in geography.localities if geography.authority_of.get(t) == authority]
    towns = towns or list(geography.localities)
    weights = [geography.population_share.get(t, 0.05) for t in towns]
    return rng.choices(towns, weights=weights)[0]


def _working_days(rng: random.Random, fte: float) -> list[str]:
    days = list(WEEKDAY_NAMES[:5])
    for _ in range(round((1.0 - fte) * 5)):
        days.remove(rng.choice(days[1:]))  # part-timers keep Monday, drop another day
    return days


def _make_chair(rng: random.Random, chair_id: str, fte: float, roles: list[str], base: str) -> dict:
    team_manager = "team_manager" in roles
    return {
        "id": chair_id,
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "base": base,
        "fte": fte,
        "roles": roles,
        "working_days": _working_days(rng, fte),
        "max_meetings_per_day": 2 if team_manager else 3,
        "max_minutes_per_week": _TEAM_MANAGER_WEEKLY_MINUTES if team_manager
        else _WEEKLY_MINUTES[fte],
        "portable_hybrid_kit": rng.random() < 0.85,
        "unavailable": [],
    }  # fmt: skip


def build_chairs(rng: random.Random, profile: SizeProfile) -> list[dict]:
    chairs: list[dict] = []
    for roster in profile.rosters:
        chairs.extend(_roster_chairs(rng, profile.geography, roster, numbered_so_far=chairs))
    return chairs


def _roster_chairs(
    rng: random.Random, geography: Geography, roster: Roster, numbered_so_far: list[dict]
) -> list[dict]:
    first_number = sum(c["id"].startswith("C") for c in numbered_so_far)
    manager_number = sum(c["id"].startswith("TM") for c in numbered_so_far)
    ftes = [1.0] * roster.full_time + [0.8] * roster.four_day + [0.6] * roster.three_day
    senior_positions = set(rng.sample(range(len(ftes)), roster.seniors))
    chairs = []
    for k, fte in enumerate(ftes):
        roles = ["chair", "senior"] if k in senior_positions else ["chair"]
        chair_id = f"C{first_number + k + 1:03d}"
        base = _pick_base(rng, geography, roster.authority)
        chairs.append(_make_chair(rng, chair_id, fte, roles, base))
    for k in range(roster.team_managers):
        chair_id = f"TM{manager_number + k + 1:02d}"
        base = _pick_base(rng, geography, roster.authority)
        chairs.append(_make_chair(rng, chair_id, 1.0, ["team_manager", "senior"], base))
    return chairs


def build_rooms(rng: random.Random, profile: SizeProfile) -> list[dict]:
    rooms: list[dict] = []
    for town in profile.geography.localities:
        venues = rng.sample(VENUES, k=min(2, len(VENUES)))
        for k in range(profile.rooms_per_locality.get(town, 0)):
            rooms.append(
                {
                    "id": f"R{len(rooms) + 1:02d}",
                    "name": f"{town} {venues[k % 2]}, conference room {k + 1}",
                    "locality": town,
                    "capacity": rng.choice((8, 8, 10, 10, 12, 14)),
                    "hybrid": "none",
                    "accessible": rng.random() < 0.75,
                    "separate_waiting_area": k == 0 and rng.random() < 0.6 or rng.random() < 0.2,
                    "unavailable": [],
                }
            )
    _equip_half_for_hybrid(rng, rooms)
    return rooms


def _equip_half_for_hybrid(rng: random.Random, rooms: list[dict]) -> None:
    """Half the rooms (rounded up) have full hybrid kit; a town's main room is likelier to."""
    main = {r["id"] for r in rooms if r["name"].endswith("conference room 1")}
    ranked = sorted(rooms, key=lambda r: rng.random() + (0.5 if r["id"] in main else 0.0))
    for room in ranked[len(rooms) // 2 :]:
        room["hybrid"] = "full"


def add_planned_absences(
    rng: random.Random, profile: SizeProfile, calendar: WorkingCalendar, chairs: list[dict]
) -> None:
    """Leave, training and the monthly team meeting: known before anything is booked."""
    weeks = calendar.weeks()
    for chair in chairs:
        if rng.random() < profile.leave_rate * len(calendar.horizon) / 20:
            week = rng.choice(weeks)
            if len(week) >= 3 and rng.random() < 0.5:
                chair["unavailable"].append(span(week[0], week[-1], "annual leave"))
            else:
                first = rng.randrange(len(week))
                last = min(len(week) - 1, first + rng.randrange(2))
                chair["unavailable"].append(span(week[first], week[last], "annual leave"))
        if rng.random() < 0.1 * len(calendar.horizon) / 5:
            day = rng.choice(calendar.horizon)
            chair["unavailable"].append(interval(day, "09:00", "17:00", "training"))
    for day in _team_meeting_days(calendar):
        for chair in chairs:
            if "chair" in chair["roles"] and rng.random() < 0.9:
                chair["unavailable"].append(interval(day, "09:30", "12:00", "IRS team meeting"))


def _team_meeting_days(calendar: WorkingCalendar) -> list[date]:
    """The second Wednesday of each month in the horizon (the service's team meeting)."""
    days = []
    for day in calendar.horizon:
        if day.weekday() == 2 and 8 <= day.day <= 14:
            days.append(day)
    return days


def add_room_closures(rng: random.Random, calendar: WorkingCalendar, rooms: list[dict]) -> None:
    for room in rooms:
        if rng.random() < 0.15 * len(calendar.horizon) / 5:
            day = rng.choice(calendar.horizon)
            room["unavailable"].append(interval(day, "09:00", "17:00", "all-day course"))
    if len(calendar.horizon) >= 10 and rooms:
        room = rng.choice(rooms)
        first = rng.randrange(len(calendar.horizon) - 3)
        last = calendar.horizon[first + rng.randrange(1, 3)]
        room["unavailable"].append(span(calendar.horizon[first], last, "closed for repairs"))
