"""The solution's claim (score, breakdown) against the checker's recomputation; the CLI."""

import argparse
import json

from solver.checker.check import check
from solver.checker.score import score_terms
from solver.cli import check as cli_check
from tests.solver.factories import make_assignment, make_instance, make_meeting, make_solution

# The factory plan: M1 in R1 (Lincoln, beside the family) with C1 (based in Lincoln), in time,
# with its allocated chair: nothing to pay but the fair share, which C1 alone meets exactly.
HONEST_BREAKDOWN = dict.fromkeys(
    [
        "unscheduled",
        "out_of_timescale",
        "days_late",
        "continuity",
        "moved_time",
        "moved_chair",
        "moved_room",
        "portable_kit",
        "optional_absent",
        "margin_days",
        "family_travel",
        "chair_travel",
        "overload",
    ],
    0,
)


def honest_solution():
    instance = make_instance(meetings=[make_meeting(allocated_chair="C1")])
    return instance, make_solution(
        instance, [make_assignment()], score=0, breakdown=dict(HONEST_BREAKDOWN)
    )


def test_a_claim_equal_to_the_recomputation_matches():
    instance, solution = honest_solution()
    report = check(instance, solution)
    assert (report.claim_matches, report.problems, report.valid) == (True, [], True)


def test_score_terms_gives_the_breakdown_alone():
    instance, solution = honest_solution()
    assert score_terms(instance, solution) == HONEST_BREAKDOWN


def test_a_wrong_score_is_a_claim_mismatch():
    instance, solution = honest_solution()
    solution["score"] = 1
    report = check(instance, solution)
    assert (report.claim_matches, report.valid) == (False, False)
    assert report.problems == ["score: the solution claims 1, the checker finds 0"]


def test_a_wrong_term_count_is_a_claim_mismatch():
    instance, solution = honest_solution()
    solution["breakdown"]["chair_travel"] = 5
    assert [p.split(":")[0] for p in check(instance, solution).problems] == [
        "breakdown.chair_travel"
    ]


def test_a_missing_term_is_a_claim_mismatch():
    instance, solution = honest_solution()
    del solution["breakdown"]["overload"]
    assert [p.split(":")[0] for p in check(instance, solution).problems] == ["breakdown.overload"]


def test_an_unknown_term_is_a_claim_mismatch():
    instance, solution = honest_solution()
    solution["breakdown"]["lateness"] = 0
    assert [p.split(":")[0] for p in check(instance, solution).problems] == ["breakdown.lateness"]


def run_cli(tmp_path, instance, solution):
    (tmp_path / "instance.json").write_text(json.dumps(instance))
    (tmp_path / "solution.json").write_text(json.dumps(solution))
    parser = argparse.ArgumentParser()
    cli_check.add_parser(parser.add_subparsers())
    args = parser.parse_args(
        ["check", str(tmp_path / "instance.json"), str(tmp_path / "solution.json")]
    )
    return args.run(args)


def test_the_check_command_exits_0_on_a_valid_solution_with_an_honest_claim(tmp_path, capsys):
    assert run_cli(tmp_path, *honest_solution()) == 0
    assert "claim: matches" in capsys.readouterr().out


def test_the_check_command_exits_1_and_names_the_rule_and_meeting(tmp_path, capsys):
    instance, solution = honest_solution()
    solution["assignments"][0]["start"] = "16:15"  # ends after the working day
    assert run_cli(tmp_path, instance, solution) == 1
    assert "rule 2, meeting M1: ends at 17:15" in capsys.readouterr().out


def test_the_check_command_exits_1_when_only_the_claim_differs(tmp_path, capsys):
    instance, solution = honest_solution()
    solution["score"] = 5
    assert run_cli(tmp_path, instance, solution) == 1
    assert "claim: DIFFERS" in capsys.readouterr().out


def test_the_check_command_exits_1_on_a_solution_that_is_not_json(tmp_path):
    instance, _ = honest_solution()
    (tmp_path / "instance.json").write_text(json.dumps(instance))
    (tmp_path / "solution.json").write_text("{")
    parser = argparse.ArgumentParser()
    cli_check.add_parser(parser.add_subparsers())
    args = parser.parse_args(
        ["check", str(tmp_path / "instance.json"), str(tmp_path / "solution.json")]
    )
    assert args.run(args) == 1
