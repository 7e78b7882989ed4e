"""The bound's relaxation guides the search: its whole-pattern choice, the first plan built
from it, and the search going on from that plan only when it is about as good as its own."""

from __future__ import annotations

import time
from functools import cache

from solver.checker.check import check
from solver.generate.generator import generate
from solver.search.bound.beside import BoundBeside
from solver.search.bound.patterns import PatternBound
from solver.search.first_plan import FirstPlan, first_plan
from solver.search.insert import Inserter
from solver.search.lns import FRESH_START_SLACK, Search, SearchSettings
from solver.search.occupancy import Occupancy
from solver.search.problem import Problem, read_problem
from solver.search.score import Plan, score
from solver.solve import to_solution


@cache
def week() -> tuple[dict, Problem, Plan, dict]:
    instance = generate("week", 0)
    problem = read_problem(instance)
    plan = first_plan(problem)
    assert plan is not None
    patterns = PatternBound(problem, plan)
    for _ in patterns.improving(30):
        pass
    return instance, problem, plan, patterns.guidance(10)


def accepted(instance: dict, problem: Problem, plan: Plan) -> bool:
    solution = to_solution(problem, plan, "FEASIBLE", None, time.monotonic())
    return check(instance, solution).valid


def test_the_guidance_gives_every_meeting_a_chair_and_week_it_could_have():
    _, problem, _, guidance = week()
    assert set(guidance) == {m.idx for m in problem.meetings if not m.pinned}
    for m, (chair, iso_week) in guidance.items():
        meeting = problem.meetings[m]
        assert chair in meeting.chairs
        assert iso_week in {problem.week_of(d) for d in meeting.days}


def test_a_guided_first_plan_is_complete_keeps_every_rule_and_follows_the_guidance():
    instance, problem, first, guidance = week()
    plan = FirstPlan(problem, guidance).build()
    assert plan is not None and len(plan) == len(problem.meetings)
    assert accepted(instance, problem, plan)
    followed = sum(
        (placed.chair, problem.week_of(placed.day)) == guidance[m] for m, placed in plan.items()
    )
    assert followed >= 0.9 * len(plan)
    assert score(problem, plan) < score(problem, first)  # the month seen whole costs less


def searched(problem: Problem, start: Plan, fresh: Plan) -> Search:
    settings = SearchSettings(time_limit=0.0, workers=1)
    settings.fresh_start = lambda: fresh
    search = Search(problem, start, settings, bound=0)
    search.start_afresh()
    return search


def test_the_search_goes_on_from_a_better_fresh_plan():
    _, problem, first, guidance = week()
    guided = FirstPlan(problem, guidance).build()
    assert guided is not None
    search = searched(problem, first, guided)
    assert search.ruins.plan == guided
    assert search.score == score(problem, guided)
    assert search.settings.fresh_start is None  # asked once


def a_little_worse(problem: Problem, plan: Plan) -> Plan:
    """The plan with one meeting moved to its first free option, where that costs more."""
    best = score(problem, plan)
    for m in plan:
        occupancy = Occupancy(problem, plan)
        occupancy.remove(m)
        Inserter(problem, occupancy).insert(m, quick=True)
        moved = dict(occupancy.plan)
        if best < score(problem, moved) <= FRESH_START_SLACK * best:
            return moved
    raise AssertionError("no meeting has a slightly worse option")


def test_a_fresh_plan_a_little_worse_is_taken_but_the_best_stays_the_best():
    _, problem, _, guidance = week()
    guided = FirstPlan(problem, guidance).build()
    assert guided is not None
    worse = a_little_worse(problem, guided)
    search = searched(problem, guided, worse)
    assert search.ruins.plan == worse  # the search goes on from it
    assert search.plan == guided and search.score == score(problem, guided)


def test_a_far_worse_fresh_plan_is_not_taken():
    _, problem, first, guidance = week()
    guided = FirstPlan(problem, guidance).build()
    assert guided is not None
    assert score(problem, first) > FRESH_START_SLACK * score(problem, guided)
    search = searched(problem, guided, first)
    assert search.ruins.plan == guided
    assert search.score == score(problem, guided)


def test_the_process_beside_the_search_sends_its_guidance():
    _, problem, first, guidance = week()
    beside = BoundBeside(problem.instance, first, 20)
    beside._process.wait(60)
    sent = beside.guidance()
    assert sent is not None and set(sent) == set(guidance)
    assert beside.guidance() is None  # given once
    assert beside.stop() is not None
