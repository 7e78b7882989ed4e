"""The solver keeps each hard rule (1–9), just inside and just outside its boundary.

Every solution is also judged by the independent checker (factories.solved).
"""

from __future__ import annotations

from tests.solver.factories import (
    FRIDAY,
    MONDAY,
    THURSDAY,
    TUESDAY,
    TWO_TOWNS_30_MINUTES,
    busy,
    make_chair,
    make_instance,
    make_meeting,
    make_person,
    make_room,
    placed,
    solved,
    unscheduled,
)


def test_a_meeting_is_never_placed_on_a_chairs_non_working_day():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[make_meeting(format="virtual", in_person_count=0)],
        chairs=[make_chair(working_days=["thu"])],
    )
    assert placed(solved(instance))["M1"]["day"] == THURSDAY


def test_a_meeting_is_never_placed_before_not_before():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[make_meeting(format="virtual", in_person_count=0)],
        not_before=FRIDAY,
    )
    assert placed(solved(instance))["M1"]["day"] == FRIDAY


def test_a_meeting_is_held_late_rather_than_not_at_all():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, earliest=MONDAY, latest=MONDAY)
        ],
        chairs=[make_chair(unavailable=[busy(MONDAY, "00:00", "23:59")])],
    )
    solution = solved(instance)
    assert placed(solution)["M1"]["day"] == TUESDAY
    assert solution["breakdown"]["out_of_timescale"] == 1
    assert solution["breakdown"]["days_late"] == 1


def test_a_meeting_may_end_exactly_at_the_end_of_its_time_window():
    blocked = [
        busy(day, "09:00", "11:00")
        for day in make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[make_meeting(format="virtual", in_person_count=0)],
        )["days"]
    ]
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, time_window={"latest_end": "12:00"})
        ],
        chairs=[make_chair(unavailable=blocked)],
    )
    assert placed(solved(instance))["M1"]["start"] == "11:00"


def test_a_meeting_that_cannot_fit_its_time_window_is_unscheduled():
    blocked = [
        busy(day, "09:00", "11:15")
        for day in make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[make_meeting(format="virtual", in_person_count=0)],
        )["days"]
    ]
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, time_window={"latest_end": "12:00"})
        ],
        chairs=[make_chair(unavailable=blocked)],
    )
    assert "M1" in unscheduled(solved(instance))


def test_a_chair_without_an_eligible_role_never_chairs():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(), make_chair(id="TM", roles=["team_manager"])],
        meetings=[
            make_meeting(format="virtual", in_person_count=0, eligible_roles=["team_manager"])
        ],
    )
    assert placed(solved(instance))["M1"]["chair"] == "TM"


def one_day(**overrides) -> dict:
    """Monday only, 09:00–11:30: room for two hours of meetings and half an hour between."""
    defaults = {
        "localities": ["Lincoln", "Boston"],
        "travel_minutes": TWO_TOWNS_30_MINUTES,
        "people": [make_person(role="social_worker")],
        "meetings": [make_meeting(format="virtual", in_person_count=0)],
        "days": [MONDAY],
        "day_end": "11:30",
    }
    return make_instance(**(defaults | overrides))


def two_off_site(first: str, second: str) -> list[dict]:
    return [
        make_meeting(
            in_person_count=0,
            id="M1",
            format="off_site",
            locality=first,
            earliest=MONDAY,
            latest=MONDAY,
        ),
        make_meeting(
            in_person_count=0,
            id="M2",
            format="off_site",
            locality=second,
            earliest=MONDAY,
            latest=MONDAY,
        ),
    ]


def test_a_chair_travels_between_meetings_when_the_gap_equals_the_travel_time():
    solution = solved(one_day(meetings=two_off_site("Lincoln", "Boston")))
    starts = sorted(a["start"] for a in solution["assignments"])
    assert starts == ["09:00", "10:30"]


def test_a_second_meeting_is_refused_when_the_gap_is_shorter_than_the_travel_time():
    instance = one_day(meetings=two_off_site("Lincoln", "Boston"))
    instance["travel_minutes"]["Lincoln"]["Boston"] = 45
    instance["travel_minutes"]["Boston"]["Lincoln"] = 45
    assert len(unscheduled(solved(instance))) == 1


def test_meetings_in_one_place_may_touch():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        days=[MONDAY],
        day_end="11:00",
        meetings=two_off_site("Boston", "Boston"),
    )
    starts = sorted(a["start"] for a in solved(instance)["assignments"])
    assert starts == ["09:00", "10:00"]


def test_a_chairs_daily_cap_is_never_exceeded():
    instance = one_day(
        chairs=[make_chair(max_meetings_per_day=1)], meetings=two_off_site("Boston", "Boston")
    )
    assert len(unscheduled(solved(instance))) == 1


def test_a_chairs_weekly_minutes_are_never_exceeded():
    meetings = [
        make_meeting(format="virtual", in_person_count=0, id="M1"),
        make_meeting(format="virtual", in_person_count=0, id="M2", duration_minutes=75),
    ]
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(max_minutes_per_week=120)],
        meetings=meetings,
    )
    assert list(unscheduled(solved(instance))) == ["M2"]


def in_person(**overrides) -> dict:
    return make_meeting(**({"format": "in_person", "in_person_count": 4} | overrides))


def test_a_room_holds_no_more_people_than_its_capacity():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        rooms=[make_room(id="SMALL", capacity=3), make_room(id="BIG", capacity=4)],
        meetings=[in_person()],
    )
    assert placed(solved(instance))["M1"]["room"] == "BIG"


def test_a_meeting_needing_step_free_access_gets_an_accessible_room_or_none():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        rooms=[make_room(accessible=False)],
        meetings=[in_person(needs_accessible=True)],
    )
    assert "step-free access" in unscheduled(solved(instance))["M1"][0]


def test_a_room_beyond_the_familys_travel_limit_is_never_used():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        rooms=[make_room(locality="Boston")],
        meetings=[in_person(locality="Lincoln", max_family_travel_minutes=29)],
    )
    assert "M1" in unscheduled(solved(instance))


def test_a_room_exactly_at_the_familys_travel_limit_is_used():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        rooms=[make_room(locality="Boston")],
        meetings=[in_person(locality="Lincoln", max_family_travel_minutes=30)],
    )
    assert placed(solved(instance))["M1"]["room"] == "R1"


def test_a_virtual_meeting_books_no_room():
    assert (
        placed(
            solved(
                make_instance(
                    localities=["Lincoln", "Boston"],
                    travel_minutes=TWO_TOWNS_30_MINUTES,
                    people=[make_person(role="social_worker")],
                    meetings=[make_meeting(format="virtual", in_person_count=0)],
                )
            )
        )["M1"]["room"]
        is None
    )


def test_a_room_never_holds_two_meetings_at_once():
    instance = one_day(
        chairs=[make_chair(id="C1"), make_chair(id="C2")],
        meetings=[in_person(id="M1", latest=MONDAY), in_person(id="M2", latest=MONDAY)],
    )
    slots = sorted(a["start"] for a in solved(instance)["assignments"])
    assert len(slots) == 2 and slots[0] != slots[1]


def test_a_hybrid_meeting_without_full_room_or_portable_kit_is_unscheduled():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        rooms=[make_room(hybrid="none")],
        meetings=[in_person(format="hybrid")],
    )
    assert "M1" in unscheduled(solved(instance))


def test_a_hybrid_meeting_uses_the_chairs_portable_kit_in_a_plain_room():
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(portable_hybrid_kit=True)],
        rooms=[make_room(hybrid="none")],
        meetings=[in_person(format="hybrid")],
    )
    assert solved(instance)["breakdown"]["portable_kit"] == 1


def test_a_meeting_never_overlaps_a_required_persons_unavailability():
    away = [
        busy(day, "09:00", "16:00")
        for day in make_instance(
            localities=["Lincoln", "Boston"],
            travel_minutes=TWO_TOWNS_30_MINUTES,
            people=[make_person(role="social_worker")],
            meetings=[make_meeting(format="virtual", in_person_count=0)],
        )["days"]
    ]
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker", unavailable=away)],
        meetings=[make_meeting(format="virtual", in_person_count=0, required_people=["P1"])],
    )
    assert placed(solved(instance))["M1"]["start"] == "16:00"


def test_a_pinned_meeting_is_kept_exactly_and_others_keep_clear_of_it():
    pinned = make_meeting(
        format="virtual",
        in_person_count=0,
        id="P",
        pinned=True,
        current={"day": MONDAY, "start": "09:00", "chair": "C1", "room": None},
    )
    instance = one_day(
        day_end="11:00",
        meetings=[
            pinned,
            make_meeting(format="virtual", in_person_count=0, id="M1", latest=MONDAY),
        ],
    )
    assignments = placed(solved(instance))
    assert (assignments["P"]["start"], assignments["M1"]["start"]) == ("09:00", "10:00")


def test_a_pinned_meeting_fills_the_chairs_daily_cap():
    pinned = make_meeting(
        format="virtual",
        in_person_count=0,
        id="P",
        pinned=True,
        current={"day": MONDAY, "start": "09:00", "chair": "C1", "room": None},
    )
    instance = make_instance(
        localities=["Lincoln", "Boston"],
        travel_minutes=TWO_TOWNS_30_MINUTES,
        people=[make_person(role="social_worker")],
        chairs=[make_chair(max_meetings_per_day=1)],
        meetings=[
            pinned,
            make_meeting(
                format="virtual", in_person_count=0, id="M1", earliest=MONDAY, latest=TUESDAY
            ),
        ],
    )
    assert placed(solved(instance))["M1"]["day"] == TUESDAY
