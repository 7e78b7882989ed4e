"""The first plan: complete and within the rules at full care or in a hurry; the cheapest option
found with its lower bounds and cached masks is the one an exhaustive search finds."""

from __future__ import annotations

import itertools
import random
import threading
import time
from functools import cache

from solver.checker.check import check
from solver.generate.disrupt import disrupt
from solver.generate.generator import generate
from solver.search.first_plan import FirstPlan, first_plan
from solver.search.insert import Inserter
from solver.search.occupancy import Occupancy
from solver.search.problem import Meeting, Problem, read_problem
from solver.solve import solve, to_solution


@cache
def county_month() -> dict:
    return generate("county-month", seed=3)


def accepted(instance: dict, problem: Problem, plan: dict) -> bool:
    solution = to_solution(problem, plan, "FEASIBLE", None, time.monotonic())
    return check(instance, solution).valid


def test_the_first_plan_of_a_county_month_is_complete_and_keeps_every_rule():
    instance = county_month()
    problem = read_problem(instance)
    plan = first_plan(problem)
    assert plan is not None and len(plan) == len(problem.meetings)
    assert accepted(instance, problem, plan)


def test_a_first_plan_hurried_from_the_start_is_still_complete_and_keeps_every_rule():
    instance = county_month()
    problem = read_problem(instance)
    builder = FirstPlan(problem)
    plan = builder.build(hurry=lambda: True)
    assert builder.hurried
    assert plan is not None and len(plan) == len(problem.meetings)
    assert accepted(instance, problem, plan)


def test_a_first_plan_hurried_halfway_places_the_rest_within_the_rules():
    instance = county_month()
    problem = read_problem(instance)
    calls = itertools.count()
    builder = FirstPlan(problem)
    plan = builder.build(hurry=lambda: next(calls) > len(problem.meetings) // 2)
    assert builder.hurried
    assert plan is not None and len(plan) == len(problem.meetings)
    assert accepted(instance, problem, plan)


def test_a_hurried_repair_is_complete_and_keeps_every_rule():
    instance = county_month()
    solution = solve(instance, time_limit=0.5, workers=1, deterministic=True)
    repair = disrupt(instance, solution, seed=1)
    problem = read_problem(repair)
    plan = FirstPlan(problem).build(hurry=lambda: True)
    assert plan is not None and len(plan) == len(problem.meetings)
    assert accepted(repair, problem, plan)


def test_an_abandoned_first_plan_is_none():
    problem = read_problem(county_month())
    assert FirstPlan(problem).build(abandon=lambda: True) is None


def exhaustive(inserter: Inserter, meeting: Meeting, days: list[int]):
    """Every option costed in full, in the order best_option looks (its first among equals)."""
    best = None
    chairs = sorted(meeting.chairs, key=lambda c: inserter.chair_cost(meeting, c))
    for day in days:
        base = inserter.occupancy.base_mask(meeting.idx, day)
        if not base:
            continue
        for chair in chairs:
            for placed in inserter.options_on(meeting, day, chair, base):
                cost = inserter.day_cost(meeting, day) + inserter.cost(meeting, placed)
                if best is None or cost < best[0]:
                    best = (cost, placed)
    return best


def test_the_pruned_cheapest_option_is_the_exhaustive_one_on_a_half_booked_month():
    problem = read_problem(county_month())
    plan = first_plan(problem)
    assert plan is not None
    rng = random.Random(7)
    kept = {m: p for m, p in plan.items() if rng.random() < 0.5}
    inserter = Inserter(problem, Occupancy(problem, kept))
    left = [m for m in problem.meetings if m.idx not in kept]
    for meeting in rng.sample(left, 40):
        days = meeting.days
        assert inserter.best_option(meeting, days) == exhaustive(inserter, meeting, days)


def test_cached_masks_follow_every_booking_and_unbooking():
    problem = read_problem(county_month())
    plan = first_plan(problem)
    assert plan is not None
    occupancy = Occupancy(problem, {})
    rng = random.Random(11)
    order = list(plan.items())
    rng.shuffle(order)
    for step, (m, placed) in enumerate(order[:300]):
        occupancy.add(m, placed)
        if step % 3 == 0:
            occupancy.remove(rng.choice(list(occupancy.plan)))
        probe = rng.choice(problem.meetings)
        chair, day = placed.chair, placed.day
        where = problem.location(probe, placed.room)
        fresh = Occupancy(problem, dict(occupancy.plan))  # nothing cached
        assert occupancy.chair_mask(probe.idx, chair, day, where) == fresh.chair_mask(
            probe.idx, chair, day, where
        )
        if placed.room is not None:
            assert occupancy.room_mask(probe.idx, placed.room, day) == fresh.room_mask(
                probe.idx, placed.room, day
            )


def test_a_booked_meeting_is_not_in_its_own_way():
    problem = read_problem(county_month())
    plan = first_plan(problem)
    assert plan is not None
    occupancy = Occupancy(problem, plan)
    for m, placed in list(plan.items())[:50]:
        where = problem.location(problem.meetings[m], placed.room)
        mask = occupancy.chair_mask(m, placed.chair, placed.day, where)
        assert mask == occupancy._chair_mask(m, placed.chair, placed.day, where)
        occupancy.remove(m)
        assert occupancy.fits(m, placed)
        occupancy.add(m, placed)


def test_a_solve_stopped_before_it_starts_still_gives_unknown():
    stop = threading.Event()
    stop.set()
    solution = solve(county_month(), time_limit=5.0, stop=stop)
    assert solution["status"] == "UNKNOWN"


def test_a_limit_too_short_for_a_careful_first_plan_still_gives_a_complete_valid_plan():
    instance = county_month()
    solution = solve(instance, time_limit=0.001, workers=1)
    assert solution["status"] == "FEASIBLE"
    assert solution["unscheduled"] == []
    assert check(instance, solution).valid


def test_two_deterministic_solves_of_a_repair_give_the_same_plan():
    instance = county_month()
    repair = disrupt(instance, solve(instance, time_limit=0.5, deterministic=True), seed=2)
    first = solve(repair, time_limit=1.0, deterministic=True)
    second = solve(repair, time_limit=1.0, deterministic=True)
    assert first["assignments"] == second["assignments"]
    assert first["unscheduled"] == second["unscheduled"]
    assert check(repair, first).valid
