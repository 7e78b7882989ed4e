"""Find times for one meeting: options inside its window, ranked by what they add to the score."""

from solver.checker.check import check
from solver.explain.find_times import find_options
from solver.format.score_table import DEFAULT_WEIGHTS
from tests.solver.factories import (
    FRIDAY,
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    make_assignment,
    make_chair,
    make_instance,
    make_meeting,
    make_room,
    make_solution,
)

PINNED_MONDAY = make_meeting(
    id="B1",
    earliest=MONDAY,
    latest=MONDAY,
    pinned=True,
    current={"day": MONDAY, "start": "09:00", "chair": "C1", "room": "R1"},
)


def two_chairs_two_rooms(**meeting) -> dict:
    return make_instance(
        chairs=[make_chair(id="C1"), make_chair(id="C2", base="Boston")],
        rooms=[make_room(id="R1"), make_room(id="R2", locality="Sleaford", hybrid="none")],
        meetings=[make_meeting(**meeting), PINNED_MONDAY],
    )


def checked_increase(instance: dict, option) -> int:
    """The checker's score with the option booked, less its score without (unscheduled aside)."""
    pinned = make_assignment("B1", MONDAY, "09:00", "C1", "R1")
    booked = make_assignment("M1", option.day, option.start, option.chair, option.room)
    with_it = check(instance, make_solution(instance, [pinned, booked]))
    without = check(instance, make_solution(instance, [pinned], ["M1"]))
    assert with_it.violations == [], with_it.violations
    return with_it.score - without.score + DEFAULT_WEIGHTS["unscheduled"]


def test_every_option_lies_inside_the_window():
    options = find_options(two_chairs_two_rooms(earliest=TUESDAY, latest=THURSDAY), "M1")
    assert options and {o.day for o in options} <= {TUESDAY, WEDNESDAY, THURSDAY}


def test_options_are_ranked_by_the_score_they_add():
    options = find_options(two_chairs_two_rooms(allocated_chair="C2"), "M1")
    scores = [o.score for o in options]
    assert scores == sorted(scores) and scores[0] < scores[-1]


def test_each_options_score_is_the_checkers_score_increase():
    instance = two_chairs_two_rooms(allocated_chair="C2", preferred_latest=TUESDAY)
    for option in find_options(instance, "M1"):
        assert option.score == checked_increase(instance, option)


def test_the_terms_add_up_to_the_score():
    for option in find_options(two_chairs_two_rooms(preferred_latest=MONDAY), "M1"):
        assert option.score == sum(DEFAULT_WEIGHTS[t] * n for t, n in option.terms.items())


def test_at_most_ten_options_by_default_and_fewer_when_asked():
    instance = two_chairs_two_rooms()
    assert len(find_options(instance, "M1")) == 10
    assert len(find_options(instance, "M1", count=3)) == 3


def test_one_option_per_day_and_chair():
    options = find_options(two_chairs_two_rooms(), "M1", count=100)
    pairs = [(o.day, o.chair) for o in options]
    assert len(pairs) == len(set(pairs)) == 10  # five days, two chairs


def test_a_pinned_booking_is_never_double_booked():
    instance = two_chairs_two_rooms(earliest=MONDAY, latest=MONDAY)
    for option in find_options(instance, "M1"):
        assert not (option.chair == "C1" and option.start < "10:00")
        checked_increase(instance, option)  # the checker finds no broken rule


def test_the_allocated_chair_comes_first():
    (best, *_) = find_options(two_chairs_two_rooms(allocated_chair="C2"), "M1")
    assert best.chair == "C2" and "continuity" not in best.terms


def test_another_chair_costs_continuity():
    options = find_options(two_chairs_two_rooms(allocated_chair="C2"), "M1")
    other = next(o for o in options if o.chair == "C1")
    assert other.terms["continuity"] == 1


def test_a_hybrid_meeting_in_a_room_without_equipment_costs_portable_kit():
    instance = make_instance(
        chairs=[make_chair(portable_hybrid_kit=True)],
        rooms=[make_room(hybrid="none")],
        meetings=[make_meeting(format="hybrid")],
    )
    (best, *_) = find_options(instance, "M1")
    assert best.terms["portable_kit"] == 1


def test_days_after_the_safe_date_cost_margin():
    options = find_options(make_instance(meetings=[make_meeting(preferred_latest=TUESDAY)]), "M1")
    by_day = {o.day: o.terms.get("margin_days", 0) for o in options}
    assert by_day == {MONDAY: 0, TUESDAY: 0, WEDNESDAY: 1, THURSDAY: 2, FRIDAY: 3}


def test_a_room_away_from_the_chairs_base_costs_travel():
    instance = make_instance(rooms=[make_room(locality="Sleaford")],
                             meetings=[make_meeting(locality="Sleaford")])  # fmt: skip
    (best, *_) = find_options(instance, "M1")
    assert best.terms["chair_travel"] == 80  # Lincoln → Sleaford → Lincoln


def test_no_option_when_the_window_is_fully_booked():
    leave = [{"start": f"{MONDAY}T00:00", "end": f"{FRIDAY}T23:59", "reason": "leave"}]
    instance = make_instance(chairs=[make_chair(unavailable=leave)])
    assert find_options(instance, "M1") == []
