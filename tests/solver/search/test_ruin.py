"""Ruin and recreate keeps its score up to date change by change: always the score of its plan."""

from __future__ import annotations

import random

from solver.generate.generator import generate
from solver.search.first_plan import first_plan
from solver.search.problem import read_problem
from solver.search.ruin import RuinRecreate
from solver.search.score import score


def test_the_kept_score_is_the_plans_score_after_every_step_kept_or_undone():
    problem = read_problem(generate("week", seed=2))
    plan = first_plan(problem)
    assert plan is not None
    ruins = RuinRecreate(problem, plan, random.Random(3))
    assert ruins.score == score(problem, ruins.plan)
    for _ in range(150):
        ruins.step()
        assert ruins.score == score(problem, ruins.plan)
        assert ruins.tally.total == ruins.score
    assert ruins.best_score == score(problem, ruins.best_plan)


def test_an_adopted_change_is_scored_like_the_plan():
    problem = read_problem(generate("week", seed=4))
    plan = first_plan(problem)
    assert plan is not None
    ruins = RuinRecreate(problem, plan, random.Random(5))
    rng = random.Random(6)
    for _ in range(40):
        free = rng.sample(sorted(ruins.plan), 3)
        elsewhere = {m: p for m, p in plan.items() if m in free}  # the first plan's places
        ruins.adopt(elsewhere, free)
        assert ruins.score == score(problem, ruins.plan)
