"""Marking a meeting held: the next meeting keeps its people (the child's IRO, the conference
chair), and the day actually held moves the late check and the next window."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Approval, AuditEvent, Case, Meeting
from app.services import ServiceError
from app.services.booking.held import mark_held
from tests.app.factories.cases import audit_details, make_confirmed_meeting, requests_for
from tests.app.factories.rows import make_case, make_chair

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _first_cic_review(app, case=None, on=date(2026, 1, 6), **overrides):
    """A first CiC review booked for `on` (Tue 6 Jan 2026), with no chair asked for (the solver
    chose the meeting's chair)."""
    fields = {"meeting_type": "CIC_REVIEW", "sequence": "first",
              "trigger_date": date(2025, 12, 8), "earliest": date(2025, 12, 10),
              "latest": date(2026, 1, 8), **overrides}  # fmt: skip
    if case is not None:
        fields["case"] = case
    meeting = make_confirmed_meeting(on, **fields)
    db.session.commit()
    return meeting


def _hold(meeting: Meeting, **kwargs):
    return mark_held(NOW, None, meeting.request_id, kwargs.pop("plan_ended", False),
                     kwargs.pop("late_reason", ""), **kwargs)  # fmt: skip


def test_the_second_cic_review_keeps_the_chair_the_solver_picked_as_the_iro(app):
    meeting = _first_cic_review(app)
    following = _hold(meeting)
    assert following is not None
    assert (following.sequence, following.allocated_chair_id) == ("second", meeting.chair_id)
    assert following.chair_fixed is False


def test_a_case_without_an_iro_takes_the_chair_of_the_review_and_says_so(app):
    meeting = _first_cic_review(app)
    _hold(meeting)
    case = db.session.get_one(Case, meeting.request.case_id)
    assert case.allocated_chair_id == meeting.chair_id
    assert any("allocated_chair_id" in d and "IRO" in d for d in audit_details())


def test_the_next_cic_review_goes_to_the_cases_iro_rather_than_a_stand_in(app):
    iro = make_chair(name="Iro Chair")
    meeting = _first_cic_review(app, case=make_case(allocated_chair=iro))
    assert meeting.chair_id != iro.id  # another chair stood in for this review
    following = _hold(meeting)
    assert following is not None and following.allocated_chair_id == iro.id
    assert db.session.get_one(Case, meeting.request.case_id).allocated_chair_id == iro.id


def test_the_next_short_break_review_keeps_the_iro_too(app):
    meeting = _first_cic_review(app, meeting_type="STB_REVIEW", latest=date(2026, 3, 6))
    following = _hold(meeting)
    assert following is not None and following.allocated_chair_id == meeting.chair_id


def test_the_rcpc_keeps_the_conference_chair_not_the_cases_iro(app):
    iro = make_chair(name="Iro Chair")
    meeting = make_confirmed_meeting(
        date(2025, 11, 28), case=make_case(allocated_chair=iro), meeting_type="ICPC",
        sequence="first", trigger_date=date(2025, 11, 10), earliest=date(2025, 11, 17),
        latest=date(2025, 12, 1),
    )  # fmt: skip
    db.session.commit()
    following = _hold(meeting)
    assert following is not None and following.meeting_type == "RCPC"
    assert (following.allocated_chair_id, following.chair_fixed) == (meeting.chair_id, False)
    assert following.allocated_chair_id != iro.id


def test_held_on_another_day_moves_the_next_window(app):
    meeting = _first_cic_review(app)
    following = _hold(meeting, held_on=date(2026, 1, 7))
    db.session.refresh(meeting)
    assert meeting.held_on == date(2026, 1, 7)
    assert following is not None and following.trigger_date == date(2026, 1, 7)
    assert following.latest == date(2026, 4, 7)  # not Thu 2 Apr, as from the booked day


def test_held_after_the_latest_day_needs_the_late_agreement_though_booked_in_time(app):
    meeting = _first_cic_review(app)
    with pytest.raises(ServiceError) as refused:
        _hold(meeting, held_on=date(2026, 1, 9))
    assert refused.value.field == "late_reason"
    db.session.rollback()
    _hold(meeting, held_on=date(2026, 1, 9), late_reason="Chair ill on the day")
    db.session.refresh(meeting)
    assert (meeting.held_on, meeting.late_reason) == (date(2026, 1, 9), "Chair ill on the day")
    # Nobody signed in is a manager: the agreement waits in the managers' queue.
    assert [(a.kind, a.status) for a in db.session.scalars(select(Approval))] == [
        ("late_meeting", "pending")]  # fmt: skip


def test_held_before_the_latest_day_though_booked_late_needs_no_agreement(app):
    meeting = _first_cic_review(app, on=date(2026, 1, 12))  # after the latest day, 8 Jan
    _hold(meeting, held_on=date(2026, 1, 8))
    db.session.refresh(meeting)
    assert (meeting.status, meeting.late_reason) == ("held", "")


def test_the_audit_says_the_held_day_differs_from_the_booked_day(app):
    meeting = _first_cic_review(app)
    _hold(meeting, held_on=date(2026, 1, 7))
    held = [d for d in audit_details() if "not the booked day" in d]
    assert held == [
        f"request_id={meeting.request_id}; changed: status, held_on; held_on=2026-01-07, "
        "not the booked day 2026-01-06"
    ]


def test_held_on_the_booked_day_audits_no_difference(app):
    meeting = _first_cic_review(app)
    _hold(meeting)
    assert not [d for d in audit_details() if "not the booked day" in d]


@pytest.mark.parametrize(
    ("held_on", "words"),
    [(date(2026, 6, 2), "has not come yet"), (date(2025, 12, 7), "the request's trigger date")],
)
def test_a_held_day_in_the_future_or_before_the_trigger_is_refused(app, held_on, words):
    meeting = _first_cic_review(app)
    audits = db.session.query(AuditEvent).count()
    with pytest.raises(ServiceError) as refused:
        _hold(meeting, held_on=held_on)
    assert refused.value.field == "held_on" and words in refused.value.message
    db.session.rollback()
    db.session.refresh(meeting)
    assert (meeting.status, len(requests_for(meeting.request.case))) == ("confirmed", 1)
    assert db.session.query(AuditEvent).count() == audits


def test_the_prebirth_conference_goes_to_the_chair_of_the_strategy_meeting(app):
    edd = date(2026, 6, 10)
    meeting = make_confirmed_meeting(
        date(2026, 3, 18), meeting_type="PREBIRTH_STRATEGY", sequence="first", trigger_date=edd,
        expected_delivery=edd, earliest=date(2026, 2, 2), latest=date(2026, 3, 18),
    )  # fmt: skip
    db.session.commit()
    following = _hold(meeting)
    assert following is not None and following.meeting_type == "PREBIRTH_ICPC"
    assert (following.latest, following.allocated_chair_id) == (date(2026, 4, 10), meeting.chair_id)
