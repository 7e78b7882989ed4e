"""Hard rules 5–9 and the solution's own format, judged on hand-made solutions."""

from solver.checker.check import check
from tests.solver.factories import (
    FRIDAY,
    MONDAY,
    TUESDAY,
    WEEK,
    make_assignment,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
    make_room,
    make_solution,
)

NEXT_MONDAY = "2025-05-19"


def broken(instance, assignments, unscheduled=()):
    report = check(instance, make_solution(instance, assignments, unscheduled))
    return [(v.rule, v.meeting) for v in report.violations]


def virtual(meeting_id, **overrides):
    return make_meeting(id=meeting_id, format="virtual", in_person_count=0, **overrides)


def pinned_virtual(meeting_id, day=MONDAY, start="09:00", **overrides):
    current = {"day": day, "start": start, "chair": "C1", "room": None}
    return virtual(meeting_id, pinned=True, current=current, **overrides)


def at(meeting_id, start, day=MONDAY, **overrides):
    """A virtual meeting's assignment."""
    return make_assignment(meeting_id, day=day, start=start, room=None, **overrides)


# --- rule 5: caps on meetings per day and minutes per ISO week ---


def test_meetings_up_to_the_daily_cap_keep_rule_5():
    instance = make_instance(
        chairs=[make_chair(max_meetings_per_day=2)], meetings=[virtual("M1"), virtual("M2")]
    )
    assert broken(instance, [at("M1", "09:00"), at("M2", "10:00")]) == []


def test_one_meeting_over_the_daily_cap_breaks_rule_5():
    instance = make_instance(
        chairs=[make_chair(max_meetings_per_day=1)], meetings=[virtual("M1"), virtual("M2")]
    )
    assert broken(instance, [at("M1", "09:00"), at("M2", "10:00")]) == [(5, "M2")]


def test_minutes_exactly_at_the_weekly_cap_keep_rule_5():
    instance = make_instance(
        chairs=[make_chair(max_minutes_per_week=120)], meetings=[virtual("M1"), virtual("M2")]
    )
    assert broken(instance, [at("M1", "09:00"), at("M2", "09:00", day=FRIDAY)]) == []


def test_minutes_over_the_weekly_cap_break_rule_5():
    instance = make_instance(
        chairs=[make_chair(max_minutes_per_week=119)], meetings=[virtual("M1"), virtual("M2")]
    )
    assert broken(instance, [at("M1", "09:00"), at("M2", "09:00", day=FRIDAY)]) == [(5, "M2")]


def test_the_weekly_cap_counts_each_iso_week_apart():
    instance = make_instance(
        days=[*WEEK, NEXT_MONDAY],
        chairs=[make_chair(max_minutes_per_week=60)],
        meetings=[virtual("M1"), virtual("M2", latest=NEXT_MONDAY)],
    )
    assert broken(instance, [at("M1", "09:00", FRIDAY), at("M2", "09:00", NEXT_MONDAY)]) == []


def test_pinned_meetings_alone_over_the_daily_cap_keep_rule_5():
    instance = make_instance(
        chairs=[make_chair(max_meetings_per_day=1)],
        meetings=[pinned_virtual("M1"), pinned_virtual("M2", start="10:00"), virtual("M3")],
    )
    assignments = [at("M1", "09:00"), at("M2", "10:00"), at("M3", "09:00", day=TUESDAY)]
    assert broken(instance, assignments) == []


def test_pinned_meetings_count_towards_the_cap_of_a_day_with_an_unpinned_meeting():
    instance = make_instance(
        chairs=[make_chair(max_meetings_per_day=1)],
        meetings=[pinned_virtual("M1"), virtual("M2")],
    )
    assert broken(instance, [at("M1", "09:00"), at("M2", "10:00")]) == [(5, "M2")]


def test_pinned_meetings_count_towards_the_weekly_cap():
    instance = make_instance(
        chairs=[make_chair(max_minutes_per_week=100)],
        meetings=[pinned_virtual("M1", day="2025-05-13"), virtual("M2")],
    )
    assert broken(instance, [at("M1", "09:00", TUESDAY), at("M2", "09:00")]) == [(5, "M2")]


# --- rule 6: the room ---


def test_a_virtual_meeting_without_a_room_keeps_rule_6():
    assert broken(make_instance(meetings=[virtual("M1")]), [at("M1", "09:00")]) == []


def test_a_virtual_meeting_with_a_room_breaks_rule_6():
    instance = make_instance(meetings=[virtual("M1")])
    assert broken(instance, [make_assignment("M1", room="R1")]) == [(6, "M1")]


def test_an_off_site_meeting_with_a_room_breaks_rule_6():
    instance = make_instance(meetings=[make_meeting(format="off_site")])
    assert broken(instance, [make_assignment(room="R1")]) == [(6, "M1")]


def test_an_in_person_meeting_without_a_room_breaks_rule_6():
    assert broken(make_instance(), [make_assignment(room=None)]) == [(6, "M1")]


def test_a_room_the_instance_does_not_have_breaks_rule_6():
    assert broken(make_instance(), [make_assignment(room="R9")]) == [(6, "M1")]


def test_a_room_holding_exactly_the_people_keeps_rule_6():
    instance = make_instance(rooms=[make_room(capacity=4)])
    assert broken(instance, [make_assignment()]) == []


def test_a_room_one_place_short_breaks_rule_6():
    instance = make_instance(rooms=[make_room(capacity=3)])
    assert broken(instance, [make_assignment()]) == [(6, "M1")]


def test_an_inaccessible_room_for_a_meeting_needing_access_breaks_rule_6():
    instance = make_instance(
        rooms=[make_room(accessible=False)], meetings=[make_meeting(needs_accessible=True)]
    )
    assert broken(instance, [make_assignment()]) == [(6, "M1")]


def test_a_room_without_a_separate_waiting_area_when_one_is_needed_breaks_rule_6():
    instance = make_instance(
        rooms=[make_room(separate_waiting_area=False)],
        meetings=[make_meeting(needs_separate_waiting_area=True)],
    )
    assert broken(instance, [make_assignment()]) == [(6, "M1")]


def test_a_room_exactly_at_the_family_travel_limit_keeps_rule_6():
    instance = make_instance(
        rooms=[make_room(locality="Sleaford")],
        meetings=[make_meeting(max_family_travel_minutes=40)],
    )
    assert broken(instance, [make_assignment()]) == []


def test_a_room_beyond_the_family_travel_limit_breaks_rule_6():
    instance = make_instance(
        rooms=[make_room(locality="Sleaford")],
        meetings=[make_meeting(max_family_travel_minutes=39)],
    )
    assert broken(instance, [make_assignment()]) == [(6, "M1")]


def test_the_family_travel_limit_defaults_to_60_minutes():
    instance = make_instance(rooms=[make_room(locality="Boston")])  # 65 from Lincoln
    assert broken(instance, [make_assignment()]) == [(6, "M1")]


def test_a_meeting_touching_the_rooms_unavailability_keeps_rule_6():
    booked = [{"start": "2025-05-12T10:00", "end": "2025-05-12T11:00", "reason": "contact"}]
    instance = make_instance(rooms=[make_room(unavailable=booked)])
    assert broken(instance, [make_assignment(start="11:00")]) == []


def test_a_meeting_overlapping_the_rooms_unavailability_breaks_rule_6():
    booked = [{"start": "2025-05-12T10:00", "end": "2025-05-12T11:00", "reason": "contact"}]
    instance = make_instance(rooms=[make_room(unavailable=booked)])
    assert broken(instance, [make_assignment(start="10:45")]) == [(6, "M1")]


def test_a_pinned_meeting_is_not_judged_by_rule_6():
    current = {"day": MONDAY, "start": "09:00", "chair": "C1", "room": "R1"}
    instance = make_instance(
        rooms=[make_room(capacity=1)], meetings=[make_meeting(pinned=True, current=current)]
    )
    assert broken(instance, [make_assignment()]) == []


# --- rule 7: one meeting at a time per room ---


def two_in_one_room(**first_overrides):
    meetings = [make_meeting(id="M1", **first_overrides), make_meeting(id="M2")]
    chairs = [make_chair(id="C1"), make_chair(id="C2")]
    return make_instance(meetings=meetings, chairs=chairs)


def test_touching_meetings_in_one_room_keep_rule_7():
    both = [make_assignment("M1"), make_assignment("M2", start="10:00", chair="C2")]
    assert broken(two_in_one_room(), both) == []


def test_overlapping_meetings_in_one_room_break_rule_7():
    both = [make_assignment("M1"), make_assignment("M2", start="09:45", chair="C2")]
    assert broken(two_in_one_room(), both) == [(7, "M2")]


def test_an_overlap_with_a_pinned_meeting_in_a_room_is_reported_on_the_unpinned_one():
    current = {"day": MONDAY, "start": "09:45", "chair": "C2", "room": "R1"}
    instance = two_in_one_room()
    instance["meetings"][1].update(pinned=True, current=current)
    both = [make_assignment("M1"), make_assignment("M2", start="09:45", chair="C2")]
    assert broken(instance, both) == [(7, "M1")]


# --- rule 8: hybrid equipment ---


def hybrid_case(room_hybrid, kit, **meeting_overrides):
    instance = make_instance(
        rooms=[make_room(hybrid=room_hybrid)],
        chairs=[make_chair(portable_hybrid_kit=kit)],
        meetings=[make_meeting(format="hybrid", **meeting_overrides)],
    )
    return broken(instance, [make_assignment()])


def test_a_hybrid_meeting_in_a_fully_equipped_room_keeps_rule_8():
    assert hybrid_case("full", kit=False) == []


def test_a_hybrid_meeting_with_a_chair_carrying_the_kit_keeps_rule_8():
    assert hybrid_case("none", kit=True) == []


def test_a_hybrid_meeting_without_equipment_or_kit_breaks_rule_8():
    assert hybrid_case("none", kit=False) == [(8, "M1")]


def test_a_pinned_hybrid_meeting_is_not_judged_by_rule_8():
    current = {"day": MONDAY, "start": "09:00", "chair": "C1", "room": "R1"}
    assert hybrid_case("none", kit=False, pinned=True, current=current) == []


# --- rule 9: required people ---


def two_with_parent(**first_overrides):
    meetings = [
        virtual("M1", required_people=["P1"], **first_overrides),
        virtual("M2", required_people=["P1"]),
    ]
    chairs = [make_chair(id="C1"), make_chair(id="C2")]
    return make_instance(meetings=meetings, chairs=chairs)


def test_touching_meetings_of_a_required_person_keep_rule_9():
    both = [at("M1", "09:00"), at("M2", "10:00", chair="C2")]
    assert broken(two_with_parent(), both) == []


def test_overlapping_meetings_of_a_required_person_break_rule_9():
    both = [at("M1", "09:00"), at("M2", "09:45", chair="C2")]
    assert broken(two_with_parent(), both) == [(9, "M2")]


def test_a_required_person_clashing_with_a_pinned_meeting_breaks_rule_9():
    current = {"day": MONDAY, "start": "09:45", "chair": "C2", "room": None}
    instance = two_with_parent()
    instance["meetings"][1].update(pinned=True, current=current)
    both = [at("M1", "09:00"), at("M2", "09:45", chair="C2")]
    assert broken(instance, both) == [(9, "M1")]


def with_parent_away(required):
    away = [{"start": "2025-05-12T10:00", "end": "2025-05-12T11:00", "reason": "work"}]
    field = "required_people" if required else "optional_people"
    return make_instance(
        people=[make_person(unavailable=away)], meetings=[virtual("M1", **{field: ["P1"]})]
    )


def test_a_meeting_touching_a_required_persons_unavailability_keeps_rule_9():
    assert broken(with_parent_away(required=True), [at("M1", "11:00")]) == []


def test_a_meeting_overlapping_a_required_persons_unavailability_breaks_rule_9():
    assert broken(with_parent_away(required=True), [at("M1", "10:45")]) == [(9, "M1")]


def test_an_optional_persons_unavailability_is_not_a_hard_rule():
    assert broken(with_parent_away(required=False), [at("M1", "10:00")]) == []


def test_a_pinned_meeting_is_not_judged_against_its_required_peoples_unavailability():
    instance = with_parent_away(required=True)
    current = {"day": MONDAY, "start": "10:00", "chair": "C1", "room": None}
    instance["meetings"][0].update(pinned=True, current=current)
    assert broken(instance, [at("M1", "10:00")]) == []


# --- the solution's own format (reported as rule 0) ---


def test_a_solution_for_another_instance_is_reported():
    solution = make_solution(make_instance(), [make_assignment()])
    solution["instance"] = "another"
    assert [(v.rule, v.meeting) for v in check(make_instance(), solution).violations] == [(0, None)]


def test_a_solution_breaking_its_schema_is_invalid():
    solution = make_solution(make_instance(), [make_assignment()])
    del solution["assignments"][0]["end"]
    report = check(make_instance(), solution)
    assert [v.rule for v in report.violations] == [0]
    assert not report.valid


def test_an_unknown_status_solution_must_not_assign_unpinned_meetings():
    solution = make_solution(make_instance(), [make_assignment()])
    solution["status"] = "UNKNOWN"
    assert [(v.rule, v.meeting) for v in check(make_instance(), solution).violations] == [(0, "M1")]
