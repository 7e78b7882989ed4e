"""Each score term of docs/exchange-format.md, counted by the checker, with numbers by hand."""

from solver.checker.check import check
from tests.solver.factories import (
    FRIDAY,
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    WEEK,
    make_assignment,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
    make_room,
    make_solution,
)

NEXT_MONDAY, NEXT_TUESDAY = "2025-05-19", "2025-05-20"


def terms(instance, assignments, unscheduled=()):
    report = check(instance, make_solution(instance, assignments, unscheduled))
    assert report.violations == [], report.violations  # scores are of valid plans
    return report.breakdown


def test_an_unscheduled_meeting_counts_once():
    instance = make_instance(meetings=[make_meeting(id="M1"), make_meeting(id="M2")])
    assert terms(instance, [make_assignment("M1")], ["M2"])["unscheduled"] == 1


def test_a_meeting_held_in_time_is_not_late():
    counted = terms(make_instance(), [make_assignment(day=FRIDAY)])
    assert (counted["out_of_timescale"], counted["days_late"]) == (0, 0)


def test_days_late_counts_working_days_after_latest():
    # rank(Mon 19) = 6, rank(Wed 14) = 3: three working days late.
    instance = make_instance(
        days=[*WEEK, NEXT_MONDAY, NEXT_TUESDAY], meetings=[make_meeting(latest=WEDNESDAY)]
    )
    counted = terms(instance, [make_assignment(day=NEXT_MONDAY)])
    assert (counted["out_of_timescale"], counted["days_late"]) == (1, 3)


def test_a_latest_on_a_weekend_ranks_as_the_friday_before():
    # rank(Sat 17) = 5 (Mon–Fri), rank(Mon 19) = 6: one working day late.
    instance = make_instance(
        days=[*WEEK, NEXT_MONDAY], meetings=[make_meeting(latest="2025-05-17")]
    )
    counted = terms(instance, [make_assignment(day=NEXT_MONDAY)])
    assert (counted["out_of_timescale"], counted["days_late"]) == (1, 1)


def test_a_meeting_chaired_by_someone_other_than_its_allocated_chair_loses_continuity():
    instance = make_instance(
        chairs=[make_chair(id="C1"), make_chair(id="C2")],
        meetings=[
            make_meeting(id="M1", allocated_chair="C2"),
            make_meeting(id="M2", allocated_chair="C1"),
        ],
    )
    both = [make_assignment("M1", chair="C1"), make_assignment("M2", start="10:00", chair="C1")]
    assert terms(instance, both)["continuity"] == 1


def moved(current, assignment):
    instance = make_instance(
        chairs=[make_chair(id="C1"), make_chair(id="C2")],
        rooms=[make_room(id="R1"), make_room(id="R2")],
        meetings=[make_meeting(current=current)],
    )
    counted = terms(instance, [assignment])
    return counted["moved_time"], counted["moved_chair"], counted["moved_room"]


BOOKED = {"day": MONDAY, "start": "09:00", "chair": "C1", "room": "R1"}


def test_a_meeting_kept_as_booked_has_not_moved():
    assert moved(BOOKED, make_assignment()) == (0, 0, 0)


def test_a_meeting_on_another_day_has_moved_in_time():
    assert moved(BOOKED, make_assignment(day=TUESDAY)) == (1, 0, 0)


def test_a_meeting_at_another_start_has_moved_in_time():
    assert moved(BOOKED, make_assignment(start="09:15")) == (1, 0, 0)


def test_a_meeting_with_another_chair_and_room_has_moved_both():
    assert moved(BOOKED, make_assignment(chair="C2", room="R2")) == (0, 1, 1)


def test_a_null_current_room_counts_as_a_room():
    assert moved({**BOOKED, "room": None}, make_assignment()) == (0, 0, 1)


def test_a_hybrid_meeting_in_a_room_without_equipment_uses_the_portable_kit():
    instance = make_instance(
        chairs=[make_chair(portable_hybrid_kit=True)],
        rooms=[make_room(id="R1", hybrid="none"), make_room(id="R2")],
        meetings=[make_meeting(id="M1", format="hybrid"), make_meeting(id="M2", format="hybrid")],
    )
    both = [make_assignment("M1", room="R1"), make_assignment("M2", start="10:00", room="R2")]
    assert terms(instance, both)["portable_kit"] == 1


def test_optional_people_unavailable_during_the_meeting_are_counted_once_each():
    def away(*hours):
        return [{"start": f"2025-05-12T{h}", "end": f"2025-05-12T{h[:2]}:59"} for h in hours]

    people = [
        make_person(id="P1", unavailable=away("09:00", "09:30")),  # two overlaps: counts once
        make_person(id="P2", unavailable=away("09:45")),
        make_person(id="P3", unavailable=away("10:00")),  # touches the end: not absent
    ]
    instance = make_instance(
        people=people, meetings=[make_meeting(optional_people=["P1", "P2", "P3"])]
    )
    assert terms(instance, [make_assignment()])["optional_absent"] == 2


def test_margin_days_count_working_days_after_preferred_latest():
    # rank(Wed 14) = 3, rank(Tue 13) = 2.
    instance = make_instance(meetings=[make_meeting(preferred_latest=TUESDAY)])
    assert terms(instance, [make_assignment(day=WEDNESDAY)])["margin_days"] == 1


def test_margin_days_stop_at_latest():
    # min(rank(Fri 16) = 5, rank(Thu 15) = 4) − rank(Tue 13) = 2.
    instance = make_instance(meetings=[make_meeting(preferred_latest=TUESDAY, latest=THURSDAY)])
    assert terms(instance, [make_assignment(day=FRIDAY)])["margin_days"] == 2


def test_family_travel_sums_the_drive_to_each_meetings_room():
    instance = make_instance(
        rooms=[make_room(id="R1"), make_room(id="R2", locality="Sleaford")],
        meetings=[
            make_meeting(id="M1", locality="Boston", max_family_travel_minutes=90),  # 65
            make_meeting(id="M2", locality="Lincoln"),  # 40
            make_meeting(id="M3", format="virtual", locality="Boston"),  # no room
        ],
        chairs=[make_chair(id="C1"), make_chair(id="C2"), make_chair(id="C3")],
    )
    plan = [
        make_assignment("M1", room="R1", chair="C1"),
        make_assignment("M2", room="R2", chair="C2"),
        make_assignment("M3", room=None, chair="C3"),
    ]
    assert terms(instance, plan)["family_travel"] == 105


def test_chair_travel_follows_the_physical_meetings_in_time_order_from_base_to_base():
    # Monday: Lincoln → Sleaford (40) → Boston (40) → Lincoln (65) = 145; the virtual one is no
    # stop. Tuesday: a pinned meeting in Sleaford, Lincoln → Sleaford → Lincoln = 80.
    pinned_current = {"day": TUESDAY, "start": "09:00", "chair": "C1", "room": "R2"}
    instance = make_instance(
        rooms=[make_room(id="R1"), make_room(id="R2", locality="Sleaford")],
        meetings=[
            make_meeting(id="M1", locality="Sleaford"),
            make_meeting(id="M2", format="off_site", locality="Boston"),
            make_meeting(id="M3", format="virtual"),
            make_meeting(id="M4", locality="Sleaford", pinned=True, current=pinned_current),
        ],
    )
    plan = [  # listed out of time order on purpose
        make_assignment("M3", start="14:00", room=None),
        make_assignment("M2", start="11:00", room=None),
        make_assignment("M1", start="09:00", room="R2"),
        make_assignment("M4", day=TUESDAY, start="09:00", room="R2"),
    ]
    assert terms(instance, plan)["chair_travel"] == 225


def overload_of(chairs, minutes_by_chair):
    meetings, plan = [], []
    roles = {chair["id"]: chair["roles"] for chair in chairs}
    for chair_id, durations in minutes_by_chair.items():
        for i, duration in enumerate(durations):
            meeting_id = f"{chair_id}-{i}"
            meetings.append(
                make_meeting(
                    id=meeting_id,
                    format="virtual",
                    duration_minutes=duration,
                    eligible_roles=roles[chair_id],
                )
            )
            day = WEEK[i]
            plan.append(
                make_assignment(meeting_id, day, chair=chair_id, room=None, duration=duration)
            )
    instance = make_instance(chairs=chairs, meetings=meetings)
    return terms(instance, plan)["overload"]


def test_overload_counts_minutes_beyond_the_fair_share():
    # T = 240 (TM's 60 excluded); fair(C1) = 240·100/150 = 160, fair(C2) = 240·50/150 = 80.
    chairs = [
        make_chair(id="C1"),
        make_chair(id="C2", fte=0.5),
        make_chair(id="TM", roles=["team_manager"]),
    ]
    assert overload_of(chairs, {"C1": [60, 60], "C2": [60, 60], "TM": [60]}) == 40


def test_the_fair_share_is_rounded_down_in_integers():
    # T = 240; f = 100 and 35; fair(C1) = ⌊24000/135⌋ = 177, so C1's 180 minutes overload by 3.
    chairs = [make_chair(id="C1"), make_chair(id="C2", fte=0.35)]
    assert overload_of(chairs, {"C1": [120, 60], "C2": [60]}) == 3


def test_the_score_weighs_each_term_by_its_default_weight():
    # One day late (100,000 + 10,000), allocated chair kept, room beside the family, base there.
    instance = make_instance(
        days=[*WEEK, NEXT_MONDAY], meetings=[make_meeting(allocated_chair="C1")]
    )
    report = check(instance, make_solution(instance, [make_assignment(day=NEXT_MONDAY)]))
    assert report.score == 110_000


def test_the_instances_weights_override_the_defaults_by_term_name():
    instance = make_instance(weights={"unscheduled": 7})
    report = check(instance, make_solution(instance, [], ["M1"]))
    assert report.score == 7
