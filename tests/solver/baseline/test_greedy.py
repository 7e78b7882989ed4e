"""The greedy baseline ("booking by hand"): valid plans, and its fixed order of choice."""

import json
from pathlib import Path

import pytest

from solver.baseline.greedy import solve_greedy
from solver.checker.check import check
from tests.solver.factories import (
    MONDAY,
    TUESDAY,
    WEDNESDAY,
    make_chair,
    make_instance,
    make_meeting,
    make_room,
)

DATA = Path(__file__).resolve().parents[2] / "data"
ALL_DAY_MONDAY = [{"start": "2025-05-12T00:00", "end": "2025-05-12T23:59", "reason": "leave"}]


def placed(instance):
    """{meeting: (day, start, chair, room)} of the greedy plan, after checking it is valid."""
    solution = solve_greedy(instance)
    report = check(instance, solution)
    assert report.valid, (report.violations, report.problems)
    return {
        a["meeting"]: (a["day"], a["start"], a["chair"], a["room"]) for a in solution["assignments"]
    }


@pytest.mark.parametrize("name", ["tiny.json", "week.json"])
def test_the_greedy_plan_for_an_example_passes_the_checker(name):
    instance = json.loads((DATA / name).read_text())
    solution = solve_greedy(instance)
    report = check(instance, solution)
    assert (report.violations, report.problems) == ([], [])
    assert solution["status"] == "FEASIBLE"


def test_a_meeting_takes_the_first_day_and_start_of_its_window():
    instance = make_instance(meetings=[make_meeting(earliest=WEDNESDAY)])
    assert placed(instance)["M1"] == (WEDNESDAY, "09:00", "C1", "R1")


def test_the_allocated_chair_is_tried_before_the_others():
    instance = make_instance(
        chairs=[make_chair(id="C1"), make_chair(id="C2")],
        meetings=[make_meeting(allocated_chair="C2")],
    )
    assert placed(instance)["M1"][2] == "C2"


def test_without_an_allocated_chair_chairs_are_tried_by_id():
    instance = make_instance(chairs=[make_chair(id="C2"), make_chair(id="C1")])
    assert placed(instance)["M1"][2] == "C1"


def test_the_room_nearest_the_family_is_tried_first():
    instance = make_instance(
        rooms=[make_room(id="R1", locality="Sleaford"), make_room(id="R2", locality="Lincoln")]
    )
    assert placed(instance)["M1"][3] == "R2"


def test_rooms_equally_near_are_tried_by_id():
    instance = make_instance(rooms=[make_room(id="R2"), make_room(id="R1")])
    assert placed(instance)["M1"][3] == "R1"


def test_virtual_and_off_site_meetings_get_no_room():
    instance = make_instance(
        chairs=[make_chair(id="C1"), make_chair(id="C2")],
        meetings=[
            make_meeting(id="M1", format="virtual", allocated_chair="C1"),
            make_meeting(id="M2", format="off_site", allocated_chair="C2"),
        ],
    )
    plan = placed(instance)
    assert (plan["M1"][3], plan["M2"][3]) == (None, None)


def test_a_hybrid_meeting_skips_a_room_without_equipment_when_the_chair_has_no_kit():
    instance = make_instance(
        rooms=[make_room(id="R1", hybrid="none"), make_room(id="R2", locality="Sleaford")],
        meetings=[make_meeting(format="hybrid")],
    )
    assert placed(instance)["M1"][3] == "R2"


def test_meetings_are_booked_in_order_of_their_latest_day():
    # One meeting a day for the only chair: M2, due first, takes Monday although M1 sorts first.
    instance = make_instance(
        days=[MONDAY, TUESDAY],
        chairs=[make_chair(max_meetings_per_day=1)],
        meetings=[make_meeting(id="M1", latest=TUESDAY), make_meeting(id="M2", latest=MONDAY)],
    )
    plan = placed(instance)
    assert (plan["M2"][0], plan["M1"][0]) == (MONDAY, TUESDAY)


def test_a_pinned_meeting_is_kept_and_occupies_its_chair():
    current = {"day": MONDAY, "start": "09:00", "chair": "C1", "room": None}
    instance = make_instance(
        meetings=[
            make_meeting(id="M1", format="virtual", pinned=True, current=current),
            make_meeting(id="M2", format="virtual"),
        ]
    )
    plan = placed(instance)
    assert (plan["M1"], plan["M2"]) == (
        (MONDAY, "09:00", "C1", None),
        (MONDAY, "10:00", "C1", None),
    )


def test_a_meeting_with_no_day_left_in_its_window_is_booked_late():
    instance = make_instance(
        chairs=[make_chair(unavailable=ALL_DAY_MONDAY)], meetings=[make_meeting(latest=MONDAY)]
    )
    solution = solve_greedy(instance)
    assert solution["assignments"][0]["day"] == TUESDAY
    assert solution["breakdown"]["out_of_timescale"] == 1


def test_a_meeting_no_chair_may_chair_is_unscheduled_with_a_reason():
    instance = make_instance(meetings=[make_meeting(eligible_roles=["team_manager"])])
    solution = solve_greedy(instance)
    assert solution["assignments"] == []
    assert solution["unscheduled"] == [
        {"meeting": "M1", "reasons": ["no chair has the role team_manager"]}
    ]
    assert check(instance, solution).valid


def test_a_meeting_whose_required_person_is_never_free_is_unscheduled_with_a_reason():
    away = [{"start": "2025-05-12T00:00", "end": "2025-05-17T00:00", "reason": "holiday"}]
    instance = make_instance(
        people=[{"id": "P1", "role": "parent", "unavailable": away}],
        meetings=[make_meeting(required_people=["P1"])],
    )
    solution = solve_greedy(instance)
    [unscheduled] = solution["unscheduled"]
    assert "required people (P1) are never all free" in unscheduled["reasons"][0]
