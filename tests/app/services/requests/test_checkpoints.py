"""The checkpoint of a long child protection plan: requested once when a plan starts at an
initial conference, held by the conference chair with the social work team manager, bookable
with Find times, and cancelled when the plan ends or the case closes."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from app.extensions import db
from app.models import Meeting, MeetingRequest, OutboxMessage
from app.services.booking import find_times
from app.services.booking.held import mark_held
from app.services.cases.cases import close_case
from app.services.requests.at_risk import at_risk
from app.timescales import window
from tests.app.factories.cases import (
    audit_details,
    count,
    make_confirmed_meeting,
    make_party,
    requests_for,
    staff_signed_in,
)
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_request,
    make_room,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
HELD = date(2025, 11, 28)  # a Friday
CHECKPOINT = "CP_PLAN_CHECKPOINT"


def _conference(case=None, meeting_type="ICPC", on=HELD, **overrides):
    fields = {"meeting_type": meeting_type, "sequence": "first",
              "trigger_date": date(2025, 11, 10), "earliest": date(2025, 11, 17),
              "latest": date(2025, 12, 1), "case": case or make_case(), **overrides}  # fmt: skip
    return make_confirmed_meeting(on, **fields)


def _checkpoints(case) -> list[MeetingRequest]:
    return [r for r in requests_for(case) if r.meeting_type == CHECKPOINT]


def _hold(meeting: Meeting, plan_ended: bool = False, now: datetime = NOW):
    return mark_held(now, None, meeting.request_id, plan_ended, "")


@pytest.fixture
def plan_started(app):
    """An ICPC held on Fri 28 Nov 2025, with the social work team manager at it: a plan starts."""
    case = make_case()
    manager = make_party(case, "social work team manager", role="team_manager_sw")
    meeting = _conference(case)
    db.session.commit()
    _hold(meeting)
    return case, meeting, manager.person_id


def test_a_plan_starting_at_an_icpc_requests_its_checkpoint_from_the_day_held(plan_started):
    case, meeting, manager_id = plan_started
    [checkpoint] = _checkpoints(case)
    expected = window(CHECKPOINT, HELD)
    assert (checkpoint.trigger_date, checkpoint.earliest, checkpoint.latest) == (
        HELD,
        expected.earliest,
        expected.latest,
    )
    assert checkpoint.latest == date(2027, 5, 28)  # 18 months
    assert (checkpoint.status, checkpoint.allocated_chair_id) == ("open", meeting.chair_id)
    assert checkpoint.chair_fixed is False
    assert [(a.person_id, a.attendance) for a in checkpoint.attendees] == [(manager_id, "required")]


def test_the_next_rcpc_is_still_requested_beside_the_checkpoint(plan_started):
    case, _, _ = plan_started
    assert [r.meeting_type for r in requests_for(case)] == ["ICPC", CHECKPOINT, "RCPC"]


def test_a_plan_starting_at_a_prebirth_conference_requests_its_checkpoint_too(app):
    meeting = _conference(meeting_type="PREBIRTH_ICPC", expected_delivery=date(2026, 1, 20))
    db.session.commit()
    _hold(meeting)
    [checkpoint] = _checkpoints(meeting.request.case)
    assert (checkpoint.trigger_date, checkpoint.allocated_chair_id) == (HELD, meeting.chair_id)


def test_a_checkpoint_counts_from_the_day_the_conference_was_actually_held(app):
    meeting = _conference()
    db.session.commit()
    mark_held(NOW, None, meeting.request_id, False, "", date(2025, 11, 27))
    [checkpoint] = _checkpoints(meeting.request.case)
    assert checkpoint.trigger_date == date(2025, 11, 27)


def test_no_plan_at_the_icpc_requests_no_checkpoint(app):
    meeting = _conference()
    db.session.commit()
    _hold(meeting, plan_ended=True)
    assert _checkpoints(meeting.request.case) == []


def test_a_case_has_one_checkpoint_to_hold_at_a_time(plan_started):
    case, _, _ = plan_started
    again = _conference(case, on=date(2025, 12, 5), trigger_date=date(2025, 11, 20),
                        earliest=date(2025, 11, 27), latest=date(2025, 12, 11))  # fmt: skip
    db.session.commit()
    _hold(again)
    [checkpoint] = _checkpoints(case)
    assert checkpoint.trigger_date == HELD  # the plan that started first keeps its clock


def test_a_case_without_a_team_manager_gets_the_checkpoint_with_a_note_to_add_one(app):
    meeting = _conference()
    db.session.commit()
    _hold(meeting)
    [checkpoint] = _checkpoints(meeting.request.case)
    assert checkpoint.attendees == []
    assert "No social work team manager" in checkpoint.notes


def _rcpc_held(case, chair_id: int, plan_ended: bool):
    rcpc = next(r for r in requests_for(case) if r.meeting_type == "RCPC")
    meeting = Meeting(request_id=rcpc.id, chair_id=chair_id, status="confirmed",
                      starts_at=datetime(2026, 2, 20, 10, tzinfo=UTC),
                      ends_at=datetime(2026, 2, 20, 11, 30, tzinfo=UTC),
                      ical_uid="rcpc-test@quorum.example.org", created_at=NOW,
                      updated_at=NOW)  # fmt: skip
    db.session.add(meeting)
    db.session.commit()
    _hold(meeting, plan_ended=plan_ended)


def test_the_plan_ending_at_a_review_conference_cancels_the_checkpoint(plan_started):
    case, meeting, _ = plan_started
    _rcpc_held(case, meeting.chair_id, plan_ended=True)
    [checkpoint] = _checkpoints(case)
    assert checkpoint.status == "cancelled"
    assert "plan ended at the conference held on Fri 20 Feb 2026" in checkpoint.notes
    assert any("reason=the child protection plan ended" in d for d in audit_details())


def test_a_review_conference_that_continues_the_plan_keeps_the_checkpoint(plan_started):
    case, meeting, _ = plan_started
    _rcpc_held(case, meeting.chair_id, plan_ended=False)
    assert [c.status for c in _checkpoints(case)] == ["open"]


def test_a_booked_checkpoint_is_cancelled_with_its_meeting_and_its_invites(plan_started):
    case, meeting, _ = plan_started
    [checkpoint] = _checkpoints(case)
    booked = Meeting(request_id=checkpoint.id, chair_id=meeting.chair_id, status="confirmed",
                     starts_at=datetime(2027, 4, 20, 10, tzinfo=UTC),
                     ends_at=datetime(2027, 4, 20, 11, tzinfo=UTC),
                     ical_uid="checkpoint-test@quorum.example.org", created_at=NOW,
                     updated_at=NOW)  # fmt: skip
    checkpoint.status = "booked"
    db.session.add(booked)
    db.session.commit()
    _rcpc_held(case, meeting.chair_id, plan_ended=True)
    db.session.refresh(booked)
    assert (checkpoint.status, booked.status) == ("cancelled", "cancelled")
    assert count(OutboxMessage) > 0  # a CANCEL to those it was sent to


def test_closing_the_case_cancels_the_checkpoint_and_is_not_refused_for_it(plan_started):
    case, meeting, _ = plan_started
    rcpc = next(r for r in requests_for(case) if r.meeting_type == "RCPC")
    rcpc.status = "cancelled"
    db.session.commit()
    close_case(NOW, None, case.id, date(2026, 5, 29))
    [checkpoint] = _checkpoints(case)
    assert (case.closed_on, checkpoint.status) == (date(2026, 5, 29), "cancelled")
    assert "the case closed on Fri 29 May 2026" in checkpoint.notes


def test_the_checkpoint_shows_on_the_case_page(app, client, plan_started):
    case, _, _ = plan_started
    with time_machine.travel(NOW):
        staff_signed_in(app, client)
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Long-running child protection plan checkpoint" in page


def test_an_overdue_checkpoint_is_at_risk(plan_started):
    case, _, _ = plan_started
    [checkpoint] = _checkpoints(case)
    red = at_risk(date(2027, 5, 28)).red
    assert checkpoint.id in [row.request_id for row in red]


def test_find_times_offers_times_for_the_checkpoint_with_its_chair(app):
    town = make_locality()
    chair = make_chair(base_locality=town)
    room = make_room(locality=town)
    conference = make_request(case=make_case(home_locality=town), meeting_type="ICPC",
                              sequence="first", trigger_date=date(2025, 11, 10),
                              earliest=date(2025, 11, 17), latest=date(2025, 12, 1))  # fmt: skip
    meeting = make_meeting(request=conference, chair=chair,
                           starts_at=datetime(2025, 11, 28, 10, tzinfo=UTC))  # fmt: skip
    db.session.commit()
    _hold(meeting)
    [checkpoint] = _checkpoints(conference.case)
    # A year and a half on, inside the checkpoint's window.
    now = datetime(2027, 5, 3, 9, tzinfo=UTC)
    found = find_times.find_times(now, checkpoint.id)
    assert found.problem is None
    assert found.options and found.options[0].chair.id == chair.id
    # Booked by hand, it is checked like any other meeting, not waved through with a warning.
    choice = find_times.Choice(date(2027, 5, 10), time(10), chair.id, room.id)
    assert find_times.warnings_for(now, checkpoint.id, choice) == []
