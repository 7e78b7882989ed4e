"""How a solve runs: determinism, stopping, progress, warm start (the reasons are in
explain/test_reasons.py, the command line in cli/test_solve.py)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from solver.checker.check import check
from solver.solve import solve
from tests.solver.factories import (
    MONDAY,
    TWO_TOWNS_30_MINUTES,
    make_instance,
    make_meeting,
    make_person,
    solved,
)

DATA = Path(__file__).parent.parent / "data"


def week() -> dict:
    return json.loads((DATA / "week.json").read_text())


def test_two_deterministic_solves_give_the_same_plan():
    first = solve(week(), time_limit=1.0, deterministic=True)
    second = solve(week(), time_limit=1.0, deterministic=True)
    assert first["assignments"] == second["assignments"]


def test_a_stop_set_before_the_solve_gives_unknown_with_only_pinned_meetings_assigned():
    stop = threading.Event()
    stop.set()
    instance = week()
    solution = solve(instance, time_limit=30.0, stop=stop)
    assert solution["status"] == "UNKNOWN"
    assert solution["assignments"] == []
    assert check(instance, solution).valid


def test_a_stop_during_the_search_returns_the_best_plan_so_far():
    stop = threading.Event()
    instance = week()
    solution = solve(instance, time_limit=120.0, stop=stop, progress=lambda *_: stop.set())
    assert solution["status"] in ("FEASIBLE", "OPTIMAL")
    assert check(instance, solution).valid


def test_progress_reports_never_get_worse():
    scores: list[int] = []
    solve(week(), time_limit=1.0, deterministic=True, progress=lambda _t, s, _b: scores.append(s))
    assert scores and scores == sorted(scores, reverse=True)


def test_a_booked_meeting_that_still_fits_is_kept_where_it_is():
    current = {"day": MONDAY, "start": "14:00", "chair": "C1", "room": None}
    solution = solved(
        make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[make_meeting(format="virtual", in_person_count=0, current=current)],
        )
    )
    assert solution["assignments"][0]["start"] == "14:00"
    assert solution["score"] == 0
