"""What would make an unscheduled meeting possible: each relaxation changes one thing and is given
only when the meeting would then fit among the plan's bookings."""

from solver.explain.relaxations import add_relaxations, working_days
from solver.search.problem import read_problem
from tests.solver.factories import (
    FRIDAY,
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    make_chair,
    make_instance,
    make_meeting,
    solved,
    unscheduled,
)

WHOLE_WEEK = [{"start": f"{MONDAY}T00:00", "end": f"{FRIDAY}T23:59", "reason": "leave"}]


def reasons_of(instance: dict) -> list[str]:
    return unscheduled(solved(instance))["M1"]


def test_a_meeting_no_room_can_hold_is_possible_if_held_virtually():
    instance = make_instance(meetings=[make_meeting(in_person_count=20)])
    assert "possible if held virtually" in reasons_of(instance)


def test_a_virtual_meeting_gets_no_virtual_relaxation():
    leave = [make_chair(unavailable=WHOLE_WEEK)]
    instance = make_instance(chairs=leave, meetings=[make_meeting(format="virtual")])
    assert "possible if held virtually" not in reasons_of(instance)


def test_a_meeting_whose_fixed_chair_is_away_is_possible_with_another_chair():
    instance = make_instance(
        chairs=[make_chair(id="C1", unavailable=WHOLE_WEEK), make_chair(id="C2")],
        meetings=[make_meeting(allocated_chair="C1", chair_fixed=True)],
    )
    reasons = reasons_of(instance)
    assert "possible with another chair" in reasons
    assert "possible if held virtually" not in reasons  # the fixed chair is away all week


def test_no_other_chair_relaxation_when_there_is_no_other_eligible_chair():
    instance = make_instance(
        chairs=[make_chair(id="C1", unavailable=WHOLE_WEEK), make_chair(id="C2", roles=["senior"])],
        meetings=[make_meeting(allocated_chair="C1", chair_fixed=True)],
    )
    assert "possible with another chair" not in reasons_of(instance)


def test_the_first_free_day_after_the_latest_is_named_with_how_late_it_is():
    # Nothing fits Monday to Wednesday; Thursday is free. The plan itself leaves the meeting
    # out (a relaxation is judged against the plan it is given), so it must find Thursday.
    busy = [{"start": f"{MONDAY}T00:00", "end": f"{WEDNESDAY}T23:59", "reason": "court"}]
    instance = make_instance(
        chairs=[make_chair(unavailable=busy)], meetings=[make_meeting(latest=TUESDAY)]
    )
    problem = read_problem(instance)
    reasons: dict[int, list[str]] = {0: ["blocked"]}
    add_relaxations(problem, {}, reasons)
    assert reasons[0] == ["blocked", "possible on Thu 15 May, two working days out of timescale"]


def test_a_meeting_that_fits_nowhere_gets_no_relaxation():
    instance = make_instance(chairs=[make_chair(unavailable=WHOLE_WEEK)])
    problem = read_problem(instance)
    reasons: dict[int, list[str]] = {0: ["blocked"]}
    add_relaxations(problem, {}, reasons)
    assert reasons[0] == ["blocked"]


def test_a_placed_meeting_is_given_no_relaxations():
    instance = make_instance(meetings=[make_meeting(latest=THURSDAY)])
    assert unscheduled(solved(instance)) == {}


def test_working_days_are_counted_in_words():
    assert [working_days(n) for n in (1, 2, 12)] == [
        "one working day",
        "two working days",
        "12 working days",
    ]
