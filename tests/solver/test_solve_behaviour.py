"""How a solve runs: determinism, stopping, progress, warm start, reasons, the command line."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from solver.checker.check import check
from solver.cli.main import main
from solver.solve import solve
from tests.solver.factories import (
    MONDAY,
    TWO_TOWNS_30_MINUTES,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
    make_room,
    solved,
    unscheduled,
)

DATA = Path(__file__).parent.parent / "data"


def week() -> dict:
    return json.loads((DATA / "week.json").read_text())


def test_two_deterministic_solves_give_the_same_plan():
    first = solve(week(), time_limit=1.0, deterministic=True)
    second = solve(week(), time_limit=1.0, deterministic=True)
    assert first["assignments"] == second["assignments"]


def test_a_stop_set_before_the_solve_gives_unknown_with_only_pinned_meetings_assigned():
    stop = threading.Event()
    stop.set()
    instance = week()
    solution = solve(instance, time_limit=30.0, stop=stop)
    assert solution["status"] == "UNKNOWN"
    assert solution["assignments"] == []
    assert check(instance, solution).valid


def test_a_stop_during_the_search_returns_the_best_plan_so_far():
    stop = threading.Event()
    instance = week()
    solution = solve(instance, time_limit=120.0, stop=stop, progress=lambda *_: stop.set())
    assert solution["status"] in ("FEASIBLE", "OPTIMAL")
    assert check(instance, solution).valid


def test_progress_reports_never_get_worse():
    scores: list[int] = []
    solve(week(), time_limit=1.0, deterministic=True, progress=lambda _t, s, _b: scores.append(s))
    assert scores and scores == sorted(scores, reverse=True)


def test_a_booked_meeting_that_still_fits_is_kept_where_it_is():
    current = {"day": MONDAY, "start": "14:00", "chair": "C1", "room": None}
    solution = solved(
        make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[make_meeting(format="virtual", in_person_count=0, current=current)],
        )
    )
    assert solution["assignments"][0]["start"] == "14:00"
    assert solution["score"] == 0


def test_the_reason_names_a_missing_role():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, eligible_roles=["team_manager"])
        ],
    )
    reasons = unscheduled(solved(instance))["M1"]
    assert reasons == ["no chair with the team-manager role is on the staff list"]


def test_the_reason_names_a_role_that_works_no_day_in_the_window():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(id="TM", roles=["team_manager"], working_days=["sat"])],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, eligible_roles=["team_manager"])
        ],
    )
    reasons = unscheduled(solved(instance))["M1"]
    assert reasons == [
        "no chair with the team-manager role works on any day from 12 to 16 May 2025"
    ]


def test_the_reason_names_the_room_requirement_that_no_room_meets():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        rooms=[make_room(separate_waiting_area=False)],
        meetings=[
            make_meeting(format="in_person", in_person_count=2, needs_separate_waiting_area=True)
        ],
    )
    reasons = unscheduled(solved(instance))["M1"]
    assert reasons == [
        "there is no room for 2 people with a separate waiting area within 60 minutes of Lincoln",
        "possible if held virtually",  # a relaxation (solver/explain/relaxations.py)
    ]


def test_the_reason_says_when_every_eligible_chair_is_taken_by_other_meetings():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        days=[MONDAY],
        chairs=[make_chair(max_meetings_per_day=1)],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, id="M1"),
            make_meeting(format="virtual", in_person_count=0, id="M2"),
        ],
    )
    reasons = list(unscheduled(solved(instance)).values())[0]
    assert reasons[0].startswith("every eligible chair is fully booked on 12 May 2025")


def test_the_command_line_writes_a_solution_the_checker_accepts(tmp_path):
    output = tmp_path / "solution.json"
    status = main(
        [
            "solve",
            str(DATA / "tiny.json"),
            "-o",
            str(output),
            "--time-limit",
            "2",
            "--deterministic",
        ]
    )
    assert status == 0
    instance = json.loads((DATA / "tiny.json").read_text())
    assert check(instance, json.loads(output.read_text())).valid


def test_the_command_line_refuses_an_invalid_instance_with_status_2(tmp_path, capsys):
    broken = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[make_meeting(format="virtual", in_person_count=0, earliest="2025-02-30")],
    )
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    assert main(["solve", str(path)]) == 2
    assert "2025-02-30" in capsys.readouterr().err
