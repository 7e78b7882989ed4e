"""Small instances for the solver's tests: one week, two places 30 minutes apart, one chair.

Every factory takes overrides, so a test states only what it is about.
"""

from __future__ import annotations

import copy

from solver.checker.check import check
from solver.solve import solve

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (
    "2025-05-12",
    "2025-05-13",
    "2025-05-14",
    "2025-05-15",
    "2025-05-16",
)
WEEK = [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]


def make_chair(**overrides) -> dict:
    chair = {
        "id": "C1",
        "name": "Chair One",
        "base": "Lincoln",
        "fte": 1.0,
        "roles": ["chair"],
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "max_meetings_per_day": 3,
        "max_minutes_per_week": 600,
        "portable_hybrid_kit": False,
        "unavailable": [],
    }
    return chair | overrides


def make_room(**overrides) -> dict:
    room = {
        "id": "R1",
        "name": "Lincoln room",
        "locality": "Lincoln",
        "capacity": 8,
        "hybrid": "full",
        "accessible": True,
        "separate_waiting_area": True,
        "unavailable": [],
    }
    return room | overrides


def make_person(**overrides) -> dict:
    return {"id": "P1", "role": "social_worker", "unavailable": []} | overrides


def make_meeting(**overrides) -> dict:
    meeting = {
        "id": "M1",
        "type": "CIC_REVIEW",
        "case": "F1",
        "duration_minutes": 60,
        "earliest": MONDAY,
        "latest": FRIDAY,
        "format": "virtual",
        "locality": "Lincoln",
        "in_person_count": 0,
        "required_people": [],
        "optional_people": [],
    }
    return meeting | overrides


def make_instance(**overrides) -> dict:
    instance = {
        "format": "chairs-instance/1",
        "name": "test",
        "days": list(WEEK),
        "grain_minutes": 15,
        "day_start": "09:00",
        "day_end": "17:00",
        "localities": ["Lincoln", "Boston"],
        "travel_minutes": {
            "Lincoln": {"Lincoln": 0, "Boston": 30},
            "Boston": {"Lincoln": 30, "Boston": 0},
        },
        "chairs": [make_chair()],
        "rooms": [make_room()],
        "people": [make_person()],
        "meetings": [make_meeting()],
    }
    return copy.deepcopy(instance | overrides)


def solved(instance: dict, time_limit: float = 2.0) -> dict:
    """Solve deterministically and insist that the checker agrees with every claim."""
    solution = solve(instance, time_limit=time_limit, deterministic=True)
    report = check(instance, solution)
    assert report.valid, (report.violations, report.problems)
    return solution


def placed(solution: dict) -> dict[str, dict]:
    return {a["meeting"]: a for a in solution["assignments"]}


def unscheduled(solution: dict) -> dict[str, list[str]]:
    return {u["meeting"]: u["reasons"] for u in solution["unscheduled"]}
