"""Each score term is counted in the solver's breakdown when the instance forces it, and the
CP model counts exactly what the plain scorer (and the checker) count."""

from __future__ import annotations

import json
from pathlib import Path

from ortools.sat.python import cp_model

from solver.checker.check import check
from solver.search.cp.model import NeighbourhoodModel
from solver.search.first_plan import first_plan
from solver.search.problem import read_problem
from solver.search.score import score
from tests.solver.factories import (
    MONDAY,
    TUESDAY,
    TWO_TOWNS_30_MINUTES,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
    make_room,
    solved,
)

DATA = Path(__file__).resolve().parents[2] / "data"


def all_day(day: str) -> dict:
    return {"start": f"{day}T00:00", "end": f"{day}T23:59", "reason": "annual leave"}


def every_day_but(day: str) -> list[dict]:
    return [
        all_day(d)
        for d in make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[make_meeting(format="virtual", in_person_count=0)],
        )["days"]
        if d != day
    ]


def test_a_meeting_chaired_by_someone_else_than_its_allocated_chair_counts_continuity():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(id="C1", unavailable=every_day_but("none")), make_chair(id="C2")],
        meetings=[make_meeting(format="virtual", in_person_count=0, allocated_chair="C1")],
    )
    assert solved(instance)["breakdown"]["continuity"] == 1


def test_a_booked_meeting_moved_to_another_day_counts_moved_time_only():
    current = {"day": MONDAY, "start": "09:00", "chair": "C1", "room": None}
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(unavailable=[all_day(MONDAY)])],
        meetings=[make_meeting(format="virtual", in_person_count=0, current=current)],
    )
    terms = solved(instance)["breakdown"]
    assert (terms["moved_time"], terms["moved_chair"], terms["moved_room"]) == (1, 0, 0)


def test_a_booked_virtual_meeting_now_in_person_counts_moved_room():
    current = {"day": MONDAY, "start": "09:00", "chair": "C1", "room": None}
    meeting = make_meeting(format="in_person", in_person_count=2, current=current)
    assert (
        solved(
            make_instance(
                localities=["Lincoln", "Boston"],
                travel_minutes=TWO_TOWNS_30_MINUTES,
                people=[make_person(role="social_worker")],
                meetings=[meeting],
            )
        )["breakdown"]["moved_room"]
        == 1
    )


def test_an_optional_person_away_all_week_counts_optional_absent():
    away = {"start": f"{MONDAY}T00:00", "end": "2025-05-16T23:59", "reason": "leave"}
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker", id="GP", unavailable=[away])],
        meetings=[make_meeting(format="virtual", in_person_count=0, optional_people=["GP"])],
    )
    assert solved(instance)["breakdown"]["optional_absent"] == 1


def test_a_meeting_after_its_preferred_latest_counts_margin_days():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(unavailable=[all_day(MONDAY), all_day(TUESDAY)])],
        meetings=[make_meeting(format="virtual", in_person_count=0, preferred_latest=MONDAY)],
    )
    assert solved(instance)["breakdown"]["margin_days"] == 2


def test_a_room_away_from_the_family_counts_family_travel_and_chair_travel():
    meeting = make_meeting(format="in_person", in_person_count=2, locality="Boston")
    terms = solved(
        make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[meeting],
        )
    )["breakdown"]
    assert (terms["family_travel"], terms["chair_travel"]) == (30, 0)


def test_an_off_site_meeting_counts_the_chairs_round_trip():
    meeting = make_meeting(in_person_count=0, format="off_site", locality="Boston")
    assert (
        solved(
            make_instance(
                localities=["Lincoln", "Boston"],
                travel_minutes=TWO_TOWNS_30_MINUTES,
                people=[make_person(role="social_worker")],
                meetings=[meeting],
            )
        )["breakdown"]["chair_travel"]
        == 60
    )


def test_minutes_beyond_a_chairs_fair_share_count_overload():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[
            make_chair(id="C1"),
            make_chair(id="C2", unavailable=every_day_but("none")),
        ],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, id="M1"),
            make_meeting(format="virtual", in_person_count=0, id="M2", duration_minutes=90),
        ],
    )
    # T = 150 and both chairs share it equally (75 each); C1 chairs it all.
    assert solved(instance)["breakdown"]["overload"] == 75


def test_weights_in_the_instance_change_the_score():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        weights={"chair_travel": 3},
        meetings=[make_meeting(in_person_count=0, format="off_site", locality="Boston")],
    )
    assert solved(instance)["score"] == 180


def test_every_term_of_the_spec_is_in_the_breakdown():
    expected = {
        "unscheduled", "out_of_timescale", "days_late", "continuity", "moved_time",
        "moved_chair", "moved_room", "portable_kit", "optional_absent", "margin_days",
        "family_travel", "chair_travel", "overload",
    }  # fmt: skip
    assert (
        set(
            solved(
                make_instance(
                    localities=["Lincoln", "Boston"],
                    travel_minutes=TWO_TOWNS_30_MINUTES,
                    people=[make_person(role="social_worker")],
                    meetings=[make_meeting(format="virtual", in_person_count=0)],
                )
            )["breakdown"]
        )
        == expected
    )


def test_the_model_objective_of_a_plan_equals_its_score_on_the_example_week():
    instance = json.loads((DATA / "week.json").read_text())
    problem = read_problem(instance)
    plan = first_plan(problem)
    assert plan is not None
    free = sorted(plan)[:12]
    built = NeighbourhoodModel(problem, plan, free)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 2.0
    assert solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    found = {m: p for m, p in plan.items() if m not in built.free} | built.placements(solver)
    objective_gain = built.hinted_objective() - round(solver.objective_value)
    assert score(problem, plan) - score(problem, found) == objective_gain


def test_solutions_of_the_example_instances_pass_the_checker():
    for name in ("tiny.json", "week.json"):
        instance = json.loads((DATA / name).read_text())
        solution = solved(instance, time_limit=1.0)
        assert check(instance, solution).valid
        assert not solution["unscheduled"]


def test_a_small_instance_is_solved_to_a_proved_optimum():
    instance = json.loads((DATA / "tiny.json").read_text())
    solution = solved(instance, time_limit=5.0)
    assert solution["status"] == "OPTIMAL"
    assert solution["bound"] == solution["score"]


def test_the_bound_never_exceeds_the_score():
    instance = json.loads((DATA / "week.json").read_text())
    solution = solved(instance, time_limit=1.0)
    assert 0 <= solution["bound"] <= solution["score"]


def test_an_in_person_meeting_prefers_the_room_nearest_the_family():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        rooms=[make_room(id="FAR", locality="Boston"), make_room(id="NEAR", locality="Lincoln")],
        meetings=[make_meeting(format="in_person", in_person_count=2, locality="Lincoln")],
    )
    assert solved(instance)["assignments"][0]["room"] == "NEAR"
