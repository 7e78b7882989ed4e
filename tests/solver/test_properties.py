"""Properties over many generated instances (hypothesis picks the seeds).

Small instances come from the generator itself (tiny and week sizes, any seed), and from
disrupting them, so the solver also meets `current`, `pinned` and `not_before`.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.checker.check import check
from solver.format.validate import validate_instance
from solver.generate.disrupt import disrupt
from solver.generate.generator import generate, generate_with_plan

seeds = st.integers(min_value=0, max_value=10**6)
small_sizes = st.sampled_from(["tiny", "week"])
quick = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def small_instance(seed: int, disrupted: bool) -> dict:
    instance, plan = generate_with_plan("tiny", seed)
    return disrupt(instance, plan, seed) if disrupted else instance


@settings(max_examples=5, deadline=None)
@given(seed=seeds, disrupted=st.booleans())
def test_every_solver_solution_passes_the_checker_with_the_score_it_claims(seed, disrupted):
    from solver.solve import solve

    instance = small_instance(seed, disrupted)
    solution = solve(instance, time_limit=1.0, workers=1, deterministic=True)
    report = check(instance, solution)
    assert report.violations == []
    assert solution["score"] == report.score and report.claim_matches, report.problems


@quick
@given(size=small_sizes, seed=seeds)
def test_generated_instances_validate(size, seed):
    assert validate_instance(generate(size, seed)) == []


@quick
@given(size=small_sizes, seed=seeds)
def test_generate_gives_the_same_instance_for_the_same_seed(size, seed):
    assert generate(size, seed) == generate(size, seed)


@quick
@given(size=small_sizes, seed=seeds)
def test_the_planted_plan_keeps_every_hard_rule_and_every_window(size, seed):
    instance, plan = generate_with_plan(size, seed)
    report = check(instance, plan)
    assert report.valid, [str(v) for v in report.violations] + report.problems
    assert report.breakdown["unscheduled"] == report.breakdown["out_of_timescale"] == 0


@quick
@given(seed=seeds)
def test_a_disrupted_instance_validates_with_today_and_held_meetings_pinned(seed):
    instance, plan = generate_with_plan("week", seed)
    repair = disrupt(instance, plan, seed)
    assert validate_instance(repair) == []
    assert repair["not_before"] in repair["days"]
    assert any(m.get("pinned") for m in repair["meetings"])


@pytest.mark.parametrize(
    "size",
    ["tiny", "week", "county-month", "metro-month",
     pytest.param("region-quarter", marks=pytest.mark.slow)],
)  # fmt: skip
def test_the_planted_plan_of_every_size_passes_the_checker(size):
    instance, plan = generate_with_plan(size, 0)
    assert validate_instance(instance) == []
    report = check(instance, plan)
    assert report.valid, [str(v) for v in report.violations[:10]] + report.problems
