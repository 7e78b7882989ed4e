"""Why a meeting is unscheduled, in an admin's words (solver/explain/reasons.py), through solve."""

from __future__ import annotations

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
