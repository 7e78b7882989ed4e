"""Hard rules 1–4, judged by the checker on hand-made solutions: just inside, just outside."""

from solver.checker.check import check
from tests.solver.factories import (
    FRIDAY,
    MONDAY,
    THURSDAY,
    make_assignment,
    make_chair,
    make_instance,
    make_meeting,
    make_room,
    make_solution,
    make_travel,
)


def broken(instance, assignments, unscheduled=()):
    """(rule, meeting) of every violation the checker reports."""
    report = check(instance, make_solution(instance, assignments, unscheduled))
    return [(v.rule, v.meeting) for v in report.violations]


def pinned(**overrides):
    current = {"day": MONDAY, "start": "09:00", "chair": "C1", "room": "R1"}
    return make_meeting(pinned=True, current=current, **overrides)


# --- rule 1: every meeting exactly once; a pinned meeting as its current ---


def test_a_meeting_assigned_once_keeps_rule_1():
    assert broken(make_instance(), [make_assignment()]) == []


def test_a_meeting_unscheduled_once_keeps_rule_1():
    assert broken(make_instance(), [], ["M1"]) == []


def test_a_meeting_left_out_breaks_rule_1():
    assert broken(make_instance(), []) == [(1, "M1")]


def test_a_meeting_both_assigned_and_unscheduled_breaks_rule_1():
    assert broken(make_instance(), [make_assignment()], ["M1"]) == [(1, "M1")]


def test_a_meeting_assigned_twice_breaks_rule_1():
    twice = [make_assignment(), make_assignment(day=FRIDAY)]
    assert broken(make_instance(), twice) == [(1, "M1")]


def test_a_meeting_the_instance_does_not_have_breaks_rule_1():
    assert (1, "M9") in broken(make_instance(), [make_assignment(), make_assignment("M9")])


def test_a_pinned_meeting_assigned_as_its_current_keeps_rule_1():
    assert broken(make_instance(meetings=[pinned()]), [make_assignment()]) == []


def test_a_pinned_meeting_moved_breaks_rule_1():
    moved = make_assignment(start="09:15")
    assert broken(make_instance(meetings=[pinned()]), [moved]) == [(1, "M1")]


def test_a_pinned_meeting_with_a_wrong_end_breaks_rule_1():
    wrong_end = make_assignment(end="09:45")
    assert broken(make_instance(meetings=[pinned()]), [wrong_end]) == [(1, "M1")]


def test_a_pinned_meeting_left_unscheduled_breaks_rule_1():
    assert broken(make_instance(meetings=[pinned()]), [], ["M1"]) == [(1, "M1")]


# --- rule 2: day, start on the grain, end, working day, time window ---


def test_a_meeting_on_its_earliest_day_keeps_rule_2():
    instance = make_instance(meetings=[make_meeting(earliest=THURSDAY)])
    assert broken(instance, [make_assignment(day=THURSDAY)]) == []


def test_a_meeting_the_day_before_its_earliest_breaks_rule_2():
    instance = make_instance(meetings=[make_meeting(earliest=FRIDAY)])
    assert broken(instance, [make_assignment(day=THURSDAY)]) == [(2, "M1")]


def test_a_meeting_after_its_latest_day_keeps_rule_2_because_lateness_is_scored():
    instance = make_instance(meetings=[make_meeting(latest=THURSDAY)])
    assert broken(instance, [make_assignment(day=FRIDAY)]) == []


def test_a_meeting_on_not_before_keeps_rule_2():
    instance = make_instance(not_before=THURSDAY)
    assert broken(instance, [make_assignment(day=THURSDAY)]) == []


def test_a_meeting_before_not_before_breaks_rule_2():
    instance = make_instance(not_before=FRIDAY)
    assert broken(instance, [make_assignment(day=THURSDAY)]) == [(2, "M1")]


def test_a_meeting_on_a_date_outside_the_days_breaks_rule_2():
    assert broken(make_instance(), [make_assignment(day="2025-05-19")]) == [(2, "M1")]


def test_a_meeting_on_a_date_that_does_not_exist_breaks_rule_2():
    assert (2, "M1") in broken(make_instance(), [make_assignment(day="2025-05-32")])


def test_a_start_on_the_grain_keeps_rule_2():
    assert broken(make_instance(), [make_assignment(start="09:15")]) == []


def test_a_start_off_the_grain_breaks_rule_2():
    assert broken(make_instance(), [make_assignment(start="09:10")]) == [(2, "M1")]


def test_a_start_before_the_working_day_breaks_rule_2():
    assert broken(make_instance(), [make_assignment(start="08:45")]) == [(2, "M1")]


def test_an_end_exactly_at_the_end_of_the_working_day_keeps_rule_2():
    assert broken(make_instance(), [make_assignment(start="16:00")]) == []


def test_an_end_after_the_working_day_breaks_rule_2():
    assert broken(make_instance(), [make_assignment(start="16:15")]) == [(2, "M1")]


def test_an_end_that_is_not_start_plus_duration_breaks_rule_2():
    assert broken(make_instance(), [make_assignment(end="10:15")]) == [(2, "M1")]


def test_a_meeting_filling_its_time_window_exactly_keeps_rule_2():
    window = {"earliest_start": "15:00", "latest_end": "16:00"}
    instance = make_instance(meetings=[make_meeting(time_window=window)])
    assert broken(instance, [make_assignment(start="15:00")]) == []


def test_a_meeting_starting_before_its_time_window_breaks_rule_2():
    instance = make_instance(meetings=[make_meeting(time_window={"earliest_start": "15:30"})])
    assert broken(instance, [make_assignment(start="15:15")]) == [(2, "M1")]


def test_a_meeting_ending_after_its_time_window_breaks_rule_2():
    instance = make_instance(meetings=[make_meeting(time_window={"latest_end": "12:00"})])
    assert broken(instance, [make_assignment(start="11:15")]) == [(2, "M1")]


def test_a_pinned_meeting_is_not_judged_by_rule_2():
    held_early = pinned(earliest=THURSDAY, duration_minutes=45)
    held_early["current"].update(day="2025-05-02", start="08:10")
    assignment = make_assignment(day="2025-05-02", start="08:10", duration=45)
    assert broken(make_instance(meetings=[held_early]), [assignment]) == []


# --- rule 3: role, fixed chair, working day, unavailability ---


def test_a_chair_with_an_eligible_role_keeps_rule_3():
    instance = make_instance(
        chairs=[make_chair(roles=["chair", "senior"])],
        meetings=[make_meeting(eligible_roles=["senior"])],
    )
    assert broken(instance, [make_assignment()]) == []


def test_a_chair_without_an_eligible_role_breaks_rule_3():
    instance = make_instance(meetings=[make_meeting(eligible_roles=["team_manager"])])
    assert broken(instance, [make_assignment()]) == [(3, "M1")]


def test_a_fixed_meeting_with_another_chair_breaks_rule_3():
    instance = make_instance(
        chairs=[make_chair(), make_chair(id="C2")],
        meetings=[make_meeting(allocated_chair="C1", chair_fixed=True)],
    )
    assert broken(instance, [make_assignment(chair="C2")]) == [(3, "M1")]


def test_a_fixed_meeting_with_its_allocated_chair_keeps_rule_3():
    instance = make_instance(meetings=[make_meeting(allocated_chair="C1", chair_fixed=True)])
    assert broken(instance, [make_assignment(chair="C1")]) == []


def test_a_chair_on_its_last_working_day_keeps_rule_3():
    instance = make_instance(chairs=[make_chair(working_days=["mon", "tue", "wed", "thu"])])
    assert broken(instance, [make_assignment(day=THURSDAY)]) == []


def test_a_chair_on_a_day_it_does_not_work_breaks_rule_3():
    instance = make_instance(chairs=[make_chair(working_days=["mon", "tue", "wed", "thu"])])
    assert broken(instance, [make_assignment(day=FRIDAY)]) == [(3, "M1")]


def test_a_meeting_touching_the_chairs_unavailability_keeps_rule_3():
    court = [{"start": "2025-05-12T10:00", "end": "2025-05-12T12:00", "reason": "court"}]
    instance = make_instance(chairs=[make_chair(unavailable=court)])
    assert broken(instance, [make_assignment(start="09:00")]) == []


def test_a_meeting_overlapping_the_chairs_unavailability_breaks_rule_3():
    court = [{"start": "2025-05-12T10:00", "end": "2025-05-12T12:00", "reason": "court"}]
    instance = make_instance(chairs=[make_chair(unavailable=court)])
    assert broken(instance, [make_assignment(start="09:15")]) == [(3, "M1")]


def test_a_chair_the_instance_does_not_have_breaks_rule_3():
    assert broken(make_instance(), [make_assignment(chair="C9")]) == [(3, "M1")]


def test_a_pinned_meeting_is_not_judged_by_rule_3():
    instance = make_instance(
        chairs=[make_chair(working_days=["tue"])],
        meetings=[pinned(eligible_roles=["team_manager"])],
    )
    assert broken(instance, [make_assignment()]) == []


# --- rule 4: one meeting at a time per chair; travel between physical meetings ---


def two_meetings(first_format="virtual", second_format="virtual", **instance_overrides):
    meetings = [
        make_meeting(id="M1", format=first_format),
        make_meeting(id="M2", format=second_format),
    ]
    rooms = [make_room(id="R1"), make_room(id="R2", locality="Boston")]
    return make_instance(meetings=meetings, rooms=rooms, **instance_overrides)


def test_touching_meetings_of_one_chair_keep_rule_4():
    first = make_assignment("M1", room=None)
    second = make_assignment("M2", start="10:00", room=None)
    assert broken(two_meetings(), [first, second]) == []


def test_overlapping_meetings_of_one_chair_break_rule_4():
    first = make_assignment("M1", room=None)
    second = make_assignment("M2", start="09:45", room=None)
    assert broken(two_meetings(), [first, second]) == [(4, "M2")]


def lincoln_then_boston(drive, second_start, second_format="in_person"):
    instance = two_meetings(
        "in_person",
        second_format,
        travel_minutes=make_travel(drives={("Lincoln", "Boston"): drive}),
    )
    instance["meetings"][1]["locality"] = "Boston"
    second_room = "R2" if second_format == "in_person" else None
    second = make_assignment("M2", start=second_start, room=second_room)
    return broken(instance, [make_assignment("M1", room="R1"), second])


def test_a_gap_exactly_equal_to_the_drive_keeps_rule_4():
    assert lincoln_then_boston(drive=60, second_start="11:00") == []


def test_a_gap_one_minute_short_of_the_drive_breaks_rule_4():
    assert lincoln_then_boston(drive=61, second_start="11:00") == [(4, "M2")]


def test_an_off_site_meeting_is_reached_at_the_meetings_locality():
    assert lincoln_then_boston(drive=60, second_start="10:45", second_format="off_site") == [
        (4, "M2")
    ]


def test_a_virtual_meeting_needs_no_travel_gap():
    assert lincoln_then_boston(drive=60, second_start="10:00", second_format="virtual") == []


def test_two_pinned_meetings_of_one_chair_are_not_judged_against_each_other():
    instance = make_instance(meetings=[pinned(id="M1"), pinned(id="M2", format="virtual")])
    instance["meetings"][1]["current"]["room"] = None
    both = [make_assignment("M1"), make_assignment("M2", room=None)]
    assert broken(instance, both) == []


def test_an_overlap_with_a_pinned_meeting_is_reported_on_the_unpinned_one():
    later_pinned = pinned(id="M2", format="virtual")
    later_pinned["current"].update(start="09:30", room=None)
    instance = make_instance(meetings=[make_meeting(id="M1", format="virtual"), later_pinned])
    both = [make_assignment("M1", room=None), make_assignment("M2", start="09:30", room=None)]
    assert broken(instance, both) == [(4, "M1")]
