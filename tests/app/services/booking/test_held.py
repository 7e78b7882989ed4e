"""Marking a meeting held: the next meeting of its chain, and the late-meeting rule."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import Approval, Meeting, MeetingRequest
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.cases import (
    audit_details,
    count,
    date_parts,
    make_confirmed_meeting,
    requests_for,
    staff_signed_in,
)
from tests.app.factories.rows import make_chair

# Every meeting below is in the past at this moment.
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LATE_REASON = "Chair off sick; the family asked for the next free date"


@pytest.fixture
def admin(app, client):
    with time_machine.travel(NOW):
        yield staff_signed_in(app, client)


def _icpc_held_on(day: date, **overrides):
    fields = {"meeting_type": "ICPC", "sequence": "first", "trigger_date": date(2025, 11, 10),
              "earliest": date(2025, 11, 17), "latest": date(2025, 12, 1), **overrides}  # fmt: skip
    return make_confirmed_meeting(day, **fields)


def _hold(client, meeting, **data):
    return client.post(f"/requests/{meeting.request_id}/held", data=data)


def test_marking_a_meeting_held_records_the_day_on_meeting_and_request(client, admin):
    meeting = _icpc_held_on(date(2025, 11, 28))
    db.session.commit()
    assert _hold(client, meeting).status_code == 302
    db.session.refresh(meeting)
    assert (meeting.status, meeting.held_on, meeting.request.status) == (
        "held",
        date(2025, 11, 28),
        "held",
    )


def test_holding_an_icpc_requests_the_first_rcpc_counted_from_the_day_held(client, admin):
    meeting = _icpc_held_on(date(2025, 11, 28))
    db.session.commit()
    _hold(client, meeting)
    following = requests_for(meeting.request.case)[-1]
    assert (following.meeting_type, following.sequence, following.trigger_date) == (
        "RCPC",
        "first",
        date(2025, 11, 28),
    )
    assert following.latest == date(2026, 2, 27)  # 2026-02-28 is a Saturday


def test_holding_a_first_cic_review_requests_the_second_review(client, admin):
    meeting = make_confirmed_meeting(
        date(2026, 1, 6), meeting_type="CIC_REVIEW", sequence="first",
        trigger_date=date(2025, 12, 8), earliest=date(2025, 12, 10), latest=date(2026, 1, 8),
    )  # fmt: skip
    db.session.commit()
    _hold(client, meeting)
    following = requests_for(meeting.request.case)[-1]
    assert (following.sequence, following.latest) == ("second", date(2026, 4, 2))  # Easter Monday


def test_the_next_rcpc_goes_to_the_chair_who_held_the_conference(client, admin):
    meeting = _icpc_held_on(date(2025, 11, 28), allocated_chair=make_chair())
    db.session.commit()
    _hold(client, meeting)
    assert requests_for(meeting.request.case)[-1].allocated_chair_id == meeting.chair_id


def test_ticking_that_the_plan_has_ended_requests_no_further_meeting(client, admin):
    meeting = _icpc_held_on(date(2025, 11, 28))
    db.session.commit()
    assert _hold(client, meeting, plan_ended="y").status_code == 302
    assert count(MeetingRequest) == 1


def test_a_late_meeting_without_a_reason_is_refused_and_nothing_changes(client, admin):
    meeting = _icpc_held_on(date(2025, 12, 5))
    db.session.commit()
    response = _hold(client, meeting)
    assert response.status_code == 400
    assert "out of timescale" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert (meeting.status, count(MeetingRequest)) == ("confirmed", 1)


def test_an_admin_has_no_manager_name_to_type(client, admin):
    meeting = _icpc_held_on(date(2025, 12, 5))
    db.session.commit()
    page = client.get(f"/requests/{meeting.request_id}").get_data(as_text=True)
    assert 'name="late_reason"' in page and "late_agreed_by" not in page
    assert "A manager is asked to agree it." in page


def test_an_admins_late_meeting_is_held_and_awaits_a_managers_agreement(client, admin):
    meeting = _icpc_held_on(date(2025, 12, 5))
    db.session.commit()
    response = _hold(client, meeting, late_reason=LATE_REASON, late_agreed_by="Pat Manager")
    assert response.status_code == 302
    db.session.refresh(meeting)
    # A typed name is no agreement: the meeting names nobody until a manager agrees.
    assert (meeting.status, meeting.late_reason, meeting.late_agreed_by) == (
        "held", LATE_REASON, "")  # fmt: skip
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.kind, approval.status, approval.meeting_id, approval.requested_by_id) == (
        "late_meeting", "pending", meeting.id, admin.id)  # fmt: skip
    held = [d for d in audit_details() if "out of timescale" in d]
    assert len(held) == 1 and "awaiting a manager" in held[0] and LATE_REASON in held[0]
    page = client.get(f"/requests/{meeting.request_id}").get_data(as_text=True)
    assert "awaiting a manager's agreement" in page


@time_machine.travel(NOW)
def test_a_managers_own_late_meeting_is_agreed_at_once_in_their_name(client, app):
    manager = signed_in_as(client, "manager", name="Sam Manager")
    app.config["WTF_CSRF_ENABLED"] = False
    meeting = _icpc_held_on(date(2025, 12, 5))
    db.session.commit()
    assert _hold(client, meeting, late_reason=LATE_REASON).status_code == 302
    db.session.refresh(meeting)
    assert (meeting.late_reason, meeting.late_agreed_by) == (LATE_REASON, "Sam Manager")
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.status, approval.decided_by_id, approval.requested_by_id) == (
        "agreed", manager.id, manager.id)  # fmt: skip
    held = [d for d in audit_details() if "out of timescale" in d]
    assert len(held) == 1 and "Sam Manager" in held[0]


def test_a_meeting_that_has_not_started_cannot_be_marked_held(client, admin):
    # Far ahead of both the travelled clock and the real one, so no clock can make it past.
    meeting = _icpc_held_on(date(2099, 6, 2))
    db.session.commit()
    response = _hold(client, meeting)
    assert response.status_code == 400
    assert "once it has started" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.status == "confirmed"


def test_a_request_without_a_confirmed_meeting_cannot_be_marked_held(client, admin):
    meeting = _icpc_held_on(date(2025, 11, 28))
    meeting.status = "proposed"
    db.session.commit()
    response = _hold(client, meeting)
    assert response.status_code == 400
    assert "no confirmed meeting" in response.get_data(as_text=True)
    assert count(Meeting) == 1


def test_undoing_the_held_meetings_migration_keeps_sqlite_no_double_booking_triggers(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app import create_app

    url = f"sqlite:///{tmp_path / 'round_trip.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="0003")
        downgrade(revision="0002")
        triggers = db.session.scalars(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        assert "meetings_room_no_overlap_insert" in set(triggers)
        db.session.remove()
        db.engine.dispose()


def test_the_mark_held_form_shows_the_booked_day_as_the_date_held(client, admin):
    meeting = _icpc_held_on(date(2025, 11, 28))
    db.session.commit()
    page = client.get(f"/requests/{meeting.request_id}").get_data(as_text=True)
    assert "Date held" in page
    for part, value in (("day", "28"), ("month", "11"), ("year", "2025")):
        assert f'id="held_on-{part}" name="held_on" type="text" value="{value}"' in page


def test_marking_held_on_another_day_stores_that_day_and_counts_the_next_window_from_it(
    client, admin
):
    meeting = _icpc_held_on(date(2025, 11, 28))
    db.session.commit()
    response = _hold(client, meeting, held_on=date_parts(date(2025, 11, 27)))
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.held_on == date(2025, 11, 27)
    following = requests_for(meeting.request.case)[-1]
    assert (following.trigger_date, following.latest) == (date(2025, 11, 27), date(2026, 2, 27))


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (["31", "2", "2026"], "Date held must be a real date"),
        (["2", "6", "2026"], "has not come yet"),
        (["9", "11", "2025"], "before Mon 10 Nov 2025"),
    ],
)
def test_a_bad_date_held_is_refused_on_the_field_and_nothing_changes(
    client, admin, held_on, message
):
    meeting = _icpc_held_on(date(2025, 11, 28))
    db.session.commit()
    response = _hold(client, meeting, held_on=held_on)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'href="#held_on' in page
    db.session.refresh(meeting)
    assert (meeting.status, meeting.held_on, count(MeetingRequest)) == ("confirmed", None, 1)
