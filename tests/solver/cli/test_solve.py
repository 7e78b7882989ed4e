"""`python -m solver solve`: a solution the checker accepts, and an invalid instance refused."""

from __future__ import annotations

import json
from pathlib import Path

from solver.checker.check import check
from solver.cli.main import main
from tests.solver.factories import (
    TWO_TOWNS_30_MINUTES,
    make_instance,
    make_meeting,
    make_person,
)

DATA = Path(__file__).resolve().parents[2] / "data"


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
