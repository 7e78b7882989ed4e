"""The best plan so far, counted as an admin watching a run reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from solver.solve import solve
from tests.solver.factories import (
    MONDAY,
    TUESDAY,
    TWO_TOWNS_30_MINUTES,
    WEDNESDAY,
    busy,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def test_each_count_report_matches_the_plan_it_describes_and_the_last_one_the_solution():
    instance = json.loads((DATA / "week.json").read_text())
    reports: list[dict[str, int]] = []

    solution = solve(instance, time_limit=1.0, deterministic=True, counts=reports.append)

    wanted = [m for m in instance["meetings"] if not m.get("pinned")]
    placed = [a for a in solution["assignments"] if not a["meeting"].startswith("PIN")]
    assert reports and all(r["requests"] == len(wanted) for r in reports)
    assert all(r["placed"] + r["unscheduled"] == r["requests"] for r in reports)
    assert reports[-1]["unscheduled"] == len(solution["unscheduled"])
    assert reports[-1]["placed"] == len(wanted) - len(solution["unscheduled"]) <= len(placed)


@pytest.mark.parametrize(
    ("away", "expected_at_risk", "expected_late"),
    [
        ((), 0, 0),  # Monday: on the safe date
        ((MONDAY, TUESDAY), 1, 0),  # Wednesday: after the safe date, on the latest day
        ((MONDAY, TUESDAY, WEDNESDAY), 1, 1),  # Thursday: after the latest day
    ],
)
def test_a_meeting_after_its_safe_date_is_at_risk_and_after_its_latest_day_late(
    away, expected_at_risk, expected_late
):
    meeting = make_meeting(
        format="virtual", in_person_count=0, latest=WEDNESDAY, preferred_latest=MONDAY
    )
    chair = make_chair(unavailable=[busy(day, "00:00", "23:59") for day in away])
    reports: list[dict[str, int]] = []

    solve(
        make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[meeting],
            chairs=[chair],
        ),
        time_limit=1.0,
        counts=reports.append,
    )

    assert reports[-1] == {
        "requests": 1,
        "placed": 1,
        "at_risk": expected_at_risk,
        "late": expected_late,
        "unscheduled": 0,
    }
