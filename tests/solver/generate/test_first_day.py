"""`first_day` moves a generated instance to another start without losing its planted plan."""

from datetime import date

from solver.checker.check import check
from solver.generate.generator import generate, generate_with_plan
from solver.generate.profiles import profile_for

# A Tuesday after a bank holiday Monday, so the horizon starts on a different weekday and
# crosses other holidays than the size's own first day.
MOVED = date(2026, 5, 26)


def test_a_planted_plan_still_keeps_every_hard_rule_when_the_first_day_moves():
    instance, plan = generate_with_plan("week", seed=3, first_day=MOVED)

    report = check(instance, plan)

    assert report.violations == []
    assert report.claim_matches


def test_the_horizon_starts_on_the_given_first_day():
    instance = generate("week", seed=3, first_day=MOVED)

    assert instance["days"][0] == MOVED.isoformat()
    assert profile_for("week").first_day != MOVED


def test_a_first_day_on_a_weekend_starts_the_horizon_on_the_next_working_day():
    instance = generate("tiny", seed=1, first_day=date(2026, 5, 23))  # a Saturday

    assert instance["days"][0] == "2026-05-26"  # Monday 25 May is the spring bank holiday
