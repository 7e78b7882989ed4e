"""The pattern bound: a true lower bound on every plan, exact pricing, and stronger than the
per-meeting and linear bounds it joins."""

from __future__ import annotations

import itertools
from functools import cache

import pytest

from solver.generate.generator import generate
from solver.search.bound.beside import BoundBeside
from solver.search.bound.lower_bound import lower_bound
from solver.search.bound.patterns import PatternBound
from solver.search.bound.week_columns import Week, meetings_left, minutes_left, working_days
from solver.search.first_plan import first_plan
from solver.search.problem import Problem, read_problem
from solver.search.score import Plan, score
from solver.solve import solve


@cache
def case(size: str, seed: int) -> tuple[Problem, Plan]:
    problem = read_problem(generate(size, seed))
    plan = first_plan(problem)
    assert plan is not None
    return problem, plan


def pattern_bounds(problem: Problem, plan: Plan, seconds: float) -> list[int]:
    return list(PatternBound(problem, plan).improving(seconds))


def reduced_cost(bound: PatternBound, c: int, week: Week, items: tuple[int, ...]) -> float:
    """A pattern's reduced cost at the master's prices, worked out from its definition."""
    cost = bound._pattern(c, week, items).cost
    for k in items:
        meeting = bound.columns[k].meeting
        cost -= bound.prices[("meeting", meeting)]
        cost += bound.prices.get(("minutes", c), 0.0) * bound.problem.meetings[meeting].duration
    return cost


def fits(bound: PatternBound, c: int, week: Week, items: tuple[int, ...]) -> bool:
    problem = bound.problem
    minutes = sum(problem.meetings[bound.columns[k].meeting].duration for k in items)
    days = working_days(problem, c, week)
    return minutes <= minutes_left(problem, c, week) and len(items) <= meetings_left(
        problem, c, week, days
    )


@pytest.mark.parametrize("seed", [0, 3])
def test_the_bound_never_exceeds_the_proved_optimum(seed):
    """From the first plan (worse than the optimum), the bound still stays at or below the
    optimum that the exact model proves on a tiny instance."""
    problem, plan = case("tiny", seed)
    solution = solve(generate("tiny", seed), time_limit=8, workers=1)
    assert solution["status"] == "OPTIMAL"
    assert score(problem, plan) > solution["score"]  # the incumbent leaves room to overshoot
    bound = max(pattern_bounds(problem, plan, 20))
    assert 0 < bound <= solution["score"]


@pytest.mark.parametrize("seed", [0, 1])
def test_the_bound_stays_below_a_searched_plan_on_a_week(seed):
    """Where no optimum is proved, every plan is still at or above the bound: here the plan a
    short search finds, far better than the first plan the bound starts from."""
    problem, plan = case("week", seed)
    solution = solve(generate("week", seed), time_limit=5, workers=1)
    assert solution["score"] < score(problem, plan)
    assert max(pattern_bounds(problem, plan, 30)) <= solution["score"]


def test_each_bound_proved_along_the_way_is_better_than_the_last():
    problem, plan = case("week", 0)
    bounds = list(pattern_bounds(problem, plan, 30))
    assert len(bounds) > 1
    assert bounds == sorted(set(bounds))


def test_on_a_week_the_patterns_prove_far_more_than_the_linear_bound():
    problem, plan = case("week", 0)
    linear = lower_bound(problem)
    patterns = max(pattern_bounds(problem, plan, 30))
    assert patterns > 1.5 * linear


def test_pricing_finds_the_cheapest_pattern_that_exists():
    """The dynamic programme against every pattern that fits each chair-week, at the master's
    prices after a few rounds (when many options have negative value)."""
    checked = 0
    for size, seed in [("tiny", 0), ("tiny", 1), ("tiny", 3), ("week", 0)]:
        problem, plan = case(size, seed)
        bound = PatternBound(problem, plan)
        rounds = bound.improving(30)
        for _ in range(3):
            next(rounds)
        for c, week in bound.week_rows:
            options = bound.by_chair_week[(c, week)]
            shortest = min(problem.meetings[bound.columns[k].meeting].duration for k in options)
            most = int(minutes_left(problem, c, week)) // shortest  # no pattern holds more
            if len(options) > 30:
                continue
            reduced, chosen = bound._cheapest(c, week)
            best = min(
                reduced_cost(bound, c, week, subset)
                for n in range(most + 1)
                for subset in itertools.combinations(options, n)
                if fits(bound, c, week, subset)
            )
            assert reduced == pytest.approx(best, abs=1e-6)
            assert reduced_cost(bound, c, week, chosen) == pytest.approx(reduced, abs=1e-6)
            checked += 1
    assert checked >= 8


def test_beside_the_search_the_bound_arrives_through_its_own_process():
    problem, plan = case("week", 0)
    beside = BoundBeside(problem.instance, plan, 30)
    beside._process.wait(60)  # let it finish: it prints every bound before it ends
    assert beside.stop() == max(pattern_bounds(problem, plan, 30))


def test_stopping_early_ends_the_process_and_keeps_what_it_had():
    problem, plan = case("week", 0)
    beside = BoundBeside(problem.instance, plan, 30)
    bound = beside.stop()
    assert beside._process.returncode is not None
    assert bound is None or bound <= score(problem, plan)
