"""A manager's agreement: asked for when an admin does the late thing, agreed in the manager's
own name or refused with a reason; the database keeps one question pending per meeting and
decided fields only on a decision."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Approval, AuditEvent
from app.services import ServiceError
from app.services.approvals import approvals
from app.services.booking.held import mark_held
from tests.app.factories.cases import make_confirmed_meeting
from tests.app.factories.rows import make_user

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)
REASON = "Chair off sick; the family asked for the next free date"


@pytest.fixture
def pending(app):
    """A late conference an admin marked held: its agreement waits for a manager."""
    admin = make_user(role="admin")
    meeting = make_confirmed_meeting(
        date(2025, 12, 5), meeting_type="ICPC", sequence="first",
        trigger_date=date(2025, 11, 10), earliest=date(2025, 11, 17), latest=date(2025, 12, 1),
    )  # fmt: skip
    db.session.commit()
    mark_held(NOW, admin.id, meeting.request_id, True, REASON)
    return db.session.scalars(select(Approval)).one(), meeting


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_manager_agrees_and_the_meeting_names_them(pending):
    approval, meeting = pending
    manager = make_user(role="manager", name="Sam Manager")
    db.session.commit()

    approvals.agree(LATER, manager.id, approval.id)

    db.session.refresh(meeting)
    assert meeting.late_agreed_by == "Sam Manager"
    assert (approval.status, approval.decided_by_id, approval.decided_at) == (
        "agreed", manager.id, LATER)  # fmt: skip
    (event,) = _audit("approval.agreed")
    assert (event.actor_id, event.object_id) == (manager.id, str(approval.id))


def test_a_refusal_keeps_its_reason_and_the_meeting_stays_held_with_no_name(pending):
    approval, meeting = pending
    manager = make_user(role="manager")
    db.session.commit()

    approvals.refuse(LATER, manager.id, approval.id, "  Not agreed: a free date was offered  ")

    db.session.refresh(meeting)
    assert (meeting.status, meeting.late_reason, meeting.late_agreed_by) == ("held", REASON, "")
    assert (approval.status, approval.refusal_reason, approval.decided_by_id) == (
        "refused", "Not agreed: a free date was offered", manager.id)  # fmt: skip
    assert [e.actor_id for e in _audit("approval.refused")] == [manager.id]


@pytest.mark.parametrize("refusal", ["", "   ", "x" * 501])
def test_a_refusal_without_a_usable_reason_changes_nothing(pending, refusal):
    approval, meeting = pending
    manager = make_user(role="manager")
    db.session.commit()

    with pytest.raises(ServiceError) as refused:
        approvals.refuse(LATER, manager.id, approval.id, refusal)

    assert refused.value.field == "refusal_reason"
    db.session.rollback()
    assert db.session.get(Approval, approval.id).status == "pending"
    assert _audit("approval.refused") == []


@pytest.mark.parametrize("role", ["admin", "chair"])
def test_only_a_manager_decides(pending, role):
    approval, meeting = pending
    someone = make_user(role=role)
    db.session.commit()

    with pytest.raises(ServiceError, match="Only a manager"):
        approvals.agree(LATER, someone.id, approval.id)

    db.session.rollback()
    db.session.refresh(meeting)
    assert (db.session.get(Approval, approval.id).status, meeting.late_agreed_by) == (
        "pending", "")  # fmt: skip


def test_a_decided_approval_is_not_decided_again(pending):
    approval, meeting = pending
    first, second = make_user(role="manager", name="First"), make_user(role="manager")
    db.session.commit()
    approvals.agree(LATER, first.id, approval.id)

    with pytest.raises(ServiceError, match="already been agreed"):
        approvals.refuse(LATER, second.id, approval.id, "Too late")

    db.session.rollback()
    db.session.refresh(meeting)
    assert meeting.late_agreed_by == "First"


def _another_pending(approval: Approval) -> Approval:
    return Approval(kind=approval.kind, request_id=approval.request_id,
                    meeting_id=approval.meeting_id, reason="Again", requested_at=LATER,
                    status="pending", refusal_reason="")  # fmt: skip


def test_the_database_refuses_a_second_pending_question_about_one_meeting(pending):
    approval, _ = pending
    db.session.add(_another_pending(approval))
    with pytest.raises(IntegrityError, match="uq_approvals_one_pending_per_meeting|UNIQUE"):
        db.session.flush()
    db.session.rollback()
    # Once decided, the same meeting may be asked about again (held late after a refused move).
    approval.status, approval.decided_by_id = "refused", make_user(role="manager").id
    approval.decided_at, approval.refusal_reason = LATER, "No"
    db.session.add(_another_pending(approval))
    db.session.flush()


@pytest.mark.parametrize(
    "change",
    [
        {"status": "agreed"},  # agreed by nobody
        {"decided_at": LATER},  # pending, yet decided
        {"status": "refused", "decided_at": LATER},  # refused without a reason or a manager
        {"refusal_reason": "No"},  # a refusal reason on a pending question
        {"status": "maybe"},
        {"meeting_id": None},  # a late meeting with no meeting
    ],
)
def test_the_database_keeps_decided_fields_to_decisions(pending, change):
    approval, _ = pending
    for name, value in change.items():
        setattr(approval, name, value)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
