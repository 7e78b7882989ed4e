"""The benchmark's bookkeeping: rows, checks, convenience and the repair figures.

No test asserts speed (it would fail on a busy machine): the bench measures it.
"""

from __future__ import annotations

import argparse
from functools import cache

import pytest

from solver.bench.measure import Row, Run, bench_instance, convenience, guarded, in_own_process
from solver.bench.repair import bench_repair, meetings_that_must_move, moved_meetings
from solver.cli import bench as cli_bench
from solver.generate.generator import generate, generate_with_plan


@cache
def tiny_row() -> Row:
    return bench_instance(generate("tiny", 0), time_limit=2.0, workers=1)


def with_plan_as_current(instance: dict, plan: dict) -> dict:
    booked = {a["meeting"]: a for a in plan["assignments"]}
    meetings = []
    for meeting in instance["meetings"]:
        a = booked[meeting["id"]]
        current = {"day": a["day"], "start": a["start"], "chair": a["chair"], "room": a["room"]}
        meetings.append({**meeting, "current": current})
    return {**instance, "meetings": meetings}


def test_bench_on_tiny_produces_a_row_that_the_checker_accepts():
    row = tiny_row()
    assert row.instance == "tiny-seed0" and row.meetings == 10
    assert row.quorum.valid and row.greedy.valid
    assert row.quorum.score is not None and row.greedy.score is not None


def test_the_convenience_score_leaves_out_the_timeliness_terms():
    breakdown = {"unscheduled": 1, "out_of_timescale": 2, "days_late": 3, "chair_travel": 40}
    assert convenience({"weights": {"chair_travel": 5}}, breakdown) == 200


def placed_run(method: str, convenience: int, missed: int = 0) -> Run:
    return Run(method, convenience=convenience, unscheduled=missed, out_of_timescale=0)


def test_the_convenience_ratio_compares_quorum_with_greedy():
    row = Row("x", 1, 1.0, placed_run("quorum", 30), placed_run("greedy", 120))
    assert row.convenience_ratio == 0.25


def test_no_convenience_ratio_is_given_when_quorum_places_fewer_meetings_than_greedy():
    row = Row("x", 1, 1.0, placed_run("quorum", 30, missed=1), placed_run("greedy", 120))
    assert row.convenience_ratio is None


def test_a_failed_check_is_shown_loudly():
    broken = Run("quorum", valid=False, problems=["rule 4, meeting M1: overlaps M2"])
    row = Row("county", 2, 10.0, broken, Run("greedy", valid=True))
    assert "FAILED" in cli_bench.render([row])
    assert "!!! CHECK FAILED: quorum on county" in cli_bench.failure_report([row])
    assert "rule 4, meeting M1: overlaps M2" in cli_bench.failure_report([row])


def test_a_method_that_crashes_becomes_a_failed_run_that_names_the_error():
    def crash() -> Run:
        raise MemoryError("out of memory")

    run = guarded("quorum", crash)
    assert not run.valid
    assert run.problems == ["quorum raised MemoryError: out of memory"]


def test_nothing_has_to_move_while_the_world_is_unchanged():
    instance = with_plan_as_current(*generate_with_plan("week", 0))
    assert meetings_that_must_move(instance) == {"broken": set(), "late_if_kept": set()}


def test_moved_meetings_are_those_whose_booking_changed():
    instance, plan = generate_with_plan("tiny", 0)
    instance = with_plan_as_current(instance, plan)
    first, second = plan["assignments"][:2]
    changed = {**plan, "assignments": [{**first, "start": "16:00"}, *plan["assignments"][1:]]}
    assert moved_meetings(instance, changed) == {first["meeting"]}
    assert second["meeting"] not in moved_meetings(instance, changed)


def test_the_bench_command_prints_a_table_and_succeeds(capsys):
    parser = argparse.ArgumentParser()
    cli_bench.add_parser(parser.add_subparsers())
    args = parser.parse_args(["bench", "--sizes", "tiny", "--time-limit", "2", "--workers", "1"])
    assert args.run(args) == 0
    out = capsys.readouterr().out
    assert "first plan s" in out and "tiny-seed0" in out


def test_the_deterministic_bench_gives_the_same_scores_twice(capsys):
    parser = argparse.ArgumentParser()
    cli_bench.add_parser(parser.add_subparsers())
    argv = ["bench", "--sizes", "tiny", "--time-limit", "1", "--workers", "1", "--deterministic"]
    scores = []
    for _ in range(2):
        args = parser.parse_args(argv)
        assert args.deterministic and args.run(args) == 0
        row = capsys.readouterr().out.splitlines()[2].split()
        scores.append(row[4:6])  # score and bound, after the instance, meetings, limit, time
    assert scores[0] == scores[1]


@pytest.mark.slow
def test_the_repair_row_counts_moves_against_the_meetings_that_had_to_move():
    row = bench_repair(time_limit=2.0, workers=1)
    assert row.repair is not None and row.repair["had_to_move"] > 0
    assert row.repair["moved"] is not None and row.quorum.valid


def test_each_run_reports_its_own_stage_times_and_peak_memory():
    run = tiny_row().quorum
    assert set(run.stages) >= {"first plan", "search", "explain"}
    assert all(seconds >= 0 for seconds in run.stages.values())
    assert sum(run.stages.values()) <= run.seconds
    assert run.peak_memory_mb is not None and run.peak_memory_mb > 0
    assert "first plan s" in cli_bench.render([tiny_row()])


def test_a_run_whose_process_dies_becomes_a_failed_run():
    def die() -> Run:
        import os

        os._exit(9)

    run = in_own_process("quorum", die)
    assert not run.valid
    assert run.problems == ["quorum died (exit code 9)"]
