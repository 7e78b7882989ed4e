"""A repair moves only what it must; the search's own pieces (ejection, ruin and recreate, the LP
bound) each do what the solver relies on them for."""

from __future__ import annotations

import random

from solver.search.bound.lower_bound import lower_bound
from solver.search.first_plan import first_plan
from solver.search.problem import MINUTES_PER_DAY, Placement, read_problem
from solver.search.ruin import RuinRecreate
from solver.search.score import score
from tests.solver.factories import (
    MONDAY,
    TUESDAY,
    TWO_TOWNS_30_MINUTES,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
    placed,
    solved,
)


def booked(meeting_id: str, start: str, day: str = MONDAY, **overrides) -> dict:
    current = {"day": day, "start": start, "chair": "C1", "room": None}
    window = {"earliest": MONDAY, "latest": MONDAY}
    return (
        make_meeting(format="virtual", in_person_count=0, id=meeting_id, current=current, **window)
        | overrides
    )


def a_full_monday_and_an_urgent_meeting() -> dict:
    """09–12 and 14–15 are booked; the urgent meeting needs three hours that same day. Moving
    one booking (11:00 or 14:00) makes room; moving the three morning ones would too."""
    meetings = [
        booked("A", "09:00"),
        booked("B", "10:00"),
        booked("C", "11:00"),
        booked("D", "14:00"),
        make_meeting(
            format="virtual",
            in_person_count=0,
            id="U",
            type="ICPC",
            duration_minutes=180,
            earliest=MONDAY,
            latest=MONDAY,
        ),
    ]
    return make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        days=[MONDAY],
        chairs=[make_chair(max_meetings_per_day=5)],
        meetings=meetings,
    )


def moved_ids(problem, plan) -> set[str]:
    return {
        m.id for m in problem.meetings if m.current is not None and plan.get(m.idx) != m.current
    }


def test_the_first_plan_makes_room_for_an_urgent_meeting_by_moving_one_booking_not_three():
    problem = read_problem(a_full_monday_and_an_urgent_meeting())
    plan = first_plan(problem)
    assert plan is not None
    assert problem.meetings[4].idx in plan
    assert len(moved_ids(problem, plan)) == 1


def test_a_repaired_plan_holds_the_urgent_meeting_and_moves_one_booking():
    instance = a_full_monday_and_an_urgent_meeting()
    solution = solved(instance)
    now = placed(solution)
    moved = [
        m["id"] for m in instance["meetings"][:4] if now[m["id"]]["start"] != m["current"]["start"]
    ]
    assert "U" in now and len(moved) == 1


def test_ruin_and_recreate_puts_a_needlessly_moved_meeting_back_where_it_was_booked():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[booked("A", "09:00", latest=TUESDAY)],
    )
    problem = read_problem(instance)
    moved_to_tuesday = Placement(problem.days[1] * MINUTES_PER_DAY + 9 * 60, 0, None)
    ruins = RuinRecreate(problem, {0: moved_to_tuesday}, random.Random(0))
    for _ in range(20):
        ruins.step()
    assert ruins.plan[0] == problem.meetings[0].current
    assert ruins.score == 0


def test_an_exact_step_found_on_an_older_plan_is_refused_when_it_now_clashes():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[booked("A", "09:00"), booked("B", "09:00", day=TUESDAY, latest=TUESDAY)],
    )
    problem = read_problem(instance)
    plan = {m.idx: m.current for m in problem.meetings}
    ruins = RuinRecreate(problem, plan, random.Random(0))
    onto_a = problem.meetings[0].current
    assert onto_a is not None
    assert not ruins.adopt({1: onto_a}, [1])
    assert ruins.plan == plan and ruins.score == score(problem, plan)


def test_the_bound_counts_continuity_when_the_allocated_chair_has_room_for_one_of_its_two():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        days=[MONDAY],
        chairs=[make_chair(id="C1", max_meetings_per_day=1), make_chair(id="C2")],
        meetings=[
            make_meeting(
                format="virtual", in_person_count=0, id="M1", allocated_chair="C1", latest=MONDAY
            ),
            make_meeting(
                format="virtual", in_person_count=0, id="M2", allocated_chair="C1", latest=MONDAY
            ),
        ],
    )
    assert lower_bound(read_problem(instance)) == 500
    solution = solved(instance)
    assert solution["score"] == solution["bound"] == 500
