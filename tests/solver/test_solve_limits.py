"""Explaining unscheduled meetings within the limit: in full while there is time, and in words
that say so when there is none; either way a solution the checker accepts."""

from __future__ import annotations

import time
from functools import cache

from solver.checker.check import check
from solver.explain.reasons import explain_unscheduled
from solver.explain.relaxations import add_relaxations
from solver.generate.generator import generate
from solver.search.first_plan import first_plan
from solver.search.lns import EXPLAIN_SECONDS_PER_OPTION, SearchSettings
from solver.search.problem import read_problem
from solver.solve import EXPLAIN_GRACE, NOT_EXPLAINED, explain_in_time, to_solution


@cache
def week_with_gaps():
    """A generated week's first plan with every fifth meeting left out."""
    instance = generate("week", seed=5)
    problem = read_problem(instance)
    plan = first_plan(problem)
    assert plan is not None
    kept = {m: p for m, p in plan.items() if m % 5}
    assert len(kept) < len(problem.meetings)
    return instance, problem, kept


def test_with_time_to_spare_every_unscheduled_meeting_is_explained_in_full():
    _, problem, plan = week_with_gaps()
    settings = SearchSettings(time_limit=60.0, deterministic=True)
    expected = explain_unscheduled(problem, plan)
    add_relaxations(problem, plan, expected)
    assert explain_in_time(problem, plan, settings) == expected


def test_with_no_time_left_the_reasons_say_so_and_the_checker_accepts_the_solution():
    instance, problem, plan = week_with_gaps()
    settings = SearchSettings(time_limit=1.0, deterministic=True, spent=5.0)
    reasons = explain_in_time(problem, plan, settings)
    assert set(reasons) == {m.idx for m in problem.meetings if m.idx not in plan}
    assert all(found == [NOT_EXPLAINED] for found in reasons.values())
    solution = to_solution(problem, plan, "FEASIBLE", None, time.monotonic(), reasons)
    assert check(instance, solution).valid


def test_deterministic_explanations_stop_once_their_counted_cost_passes_the_grace():
    _, problem, plan = week_with_gaps()
    missing = [m for m in problem.meetings if m.idx not in plan]
    first = missing[0]
    cost = EXPLAIN_SECONDS_PER_OPTION * len(first.chairs) * len(first.days)
    spent = 1.0 + EXPLAIN_GRACE - cost / 2  # room for the first meeting only
    settings = SearchSettings(time_limit=1.0, deterministic=True, spent=spent)
    reasons = explain_in_time(problem, plan, settings)
    assert reasons[first.idx] != [NOT_EXPLAINED]
    assert all(reasons[m.idx] == [NOT_EXPLAINED] for m in missing[1:])
