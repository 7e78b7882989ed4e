"""A manager's agreement: to a meeting held or booked after its request's latest day, or to
an in-person override (a vulnerable parent joining online, or a virtual meeting for them).

The agreement names the signed-in manager, never a name typed by someone else: when a manager
does the late thing themselves it is agreed at once in their name; when an admin does it, it is
done as before (the meeting is held or booked: the child's meeting goes ahead) and the
question waits in the managers' queue. A manager then agrees, which puts their name on the
meeting, or refuses with a reason. A refused late meeting stays recorded as held (it happened)
but shows the refusal; a refused late booking stays booked, shows the refusal, and asks the
admin to rearrange it to a day in timescale or cancel it.

An override is about the request, before or after it is booked: an admin's reason is kept on
the request with no name on it, and waits; a manager's agreement puts their name on it. A
refused override leaves the request as it was saved (its meeting may already be sent out) and
asks the admin to bring the parent into the room or give a new reason, which is asked again.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Meeting, User
from app.models.governance.approvals import REFUSAL_LENGTH, Approval, ApprovalKind, ApprovalStatus
from app.models.meetings import AGREED_BY_LENGTH
from app.services import NotFound, ServiceError, audit

PENDING, AGREED, REFUSED = (
    ApprovalStatus.PENDING.value,
    ApprovalStatus.AGREED.value,
    ApprovalStatus.REFUSED.value,
)


MANAGER = "manager"
OVERRIDE = ApprovalKind.IN_PERSON_OVERRIDE.value


class AlreadyPending(ServiceError):
    """The same question is already waiting for a manager (the database refused a second)."""


def agreeing_manager(actor_id: int | None) -> User | None:
    """The signed-in user if a manager: their own action is agreed by them."""
    user = db.session.get(User, actor_id) if actor_id is not None else None
    return user if user is not None and user.role == MANAGER and user.active else None


def settle_late(now: datetime, actor_id: int | None, meeting: Meeting, kind: ApprovalKind,
                reason: str) -> Approval:  # fmt: skip
    """Keep `reason` on a late meeting (flushed) and its agreement: agreed now in the manager's
    name when the actor is a manager, otherwise pending in the managers' queue, with no name on
    the meeting until one agrees. The caller commits."""
    manager = agreeing_manager(actor_id)
    meeting.late_reason = reason
    meeting.late_agreed_by = manager.name[:AGREED_BY_LENGTH] if manager else ""
    # Asked already (the meeting moved again while the question waited): one question, with
    # the latest reason.
    return _ask(now, actor_id, manager, _pending_for(kind, meeting.id), Approval(
        kind=kind.value, request_id=meeting.request_id, meeting_id=meeting.id, reason=reason,
    ), "this meeting out of timescale", f"meeting_id={meeting.id}; ")  # fmt: skip


def ask_override(now: datetime, actor_id: int | None, meeting_request) -> Approval:
    """A new reason for the request's in-person override (flushed): agreed now in the
    manager's name when the actor is a manager, otherwise pending in the managers' queue. A
    question already waiting takes the new reason. The caller commits."""
    manager = agreeing_manager(actor_id)
    meeting_request.in_person_override_by = manager.name[:AGREED_BY_LENGTH] if manager else ""
    return _ask(now, actor_id, manager, _pending_override(meeting_request.id), Approval(
        kind=OVERRIDE, request_id=meeting_request.id, meeting_id=None,
        reason=meeting_request.in_person_override_reason,
    ), "this override", "")  # fmt: skip


def _ask(now: datetime, actor_id: int | None, manager: User | None, pending: Approval | None,
         asked: Approval, what: str, about: str) -> Approval:  # fmt: skip
    """The question `asked` in the queue, or the `pending` one already there taking its reason;
    agreed at once by `manager` when the actor is one. Flushed and audited."""
    approval = pending
    if approval is not None:
        approval.reason = asked.reason
    else:
        approval = asked
        approval.requested_by_id, approval.requested_at = actor_id, now
        approval.refusal_reason, approval.status = "", PENDING
        db.session.add(approval)
    if manager is not None:
        approval.status, approval.decided_by_id, approval.decided_at = AGREED, manager.id, now
    try:
        # A savepoint: the database's refusal of a second pending question is answered in
        # words, and the caller rolls back the whole action.
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise AlreadyPending(
            f"A manager is already being asked to agree {what}: try again.", "submit"
        ) from None
    action = "approval.agreed" if manager else "approval.requested"
    audit.record(now, actor_id, action, approval,
                 f"kind={approval.kind}; {about}request_id={approval.request_id}"
                 + ("; agreed by the manager who did it" if manager else ""))  # fmt: skip
    return approval


def withdraw_override(now: datetime, actor_id: int | None, meeting_request) -> None:
    """The parent is in the room after all: a question still waiting is taken out of the
    queue (never decided, so nothing of it is kept but the audit line)."""
    approval = _pending_override(meeting_request.id)
    if approval is None:
        return
    audit.record(now, actor_id, "approval.withdrawn", approval,
                 f"kind={OVERRIDE}; request_id={meeting_request.id}; the override is no longer "
                 "needed")  # fmt: skip
    db.session.delete(approval)
    db.session.flush()


def _pending_override(request_id: int) -> Approval | None:
    return db.session.scalar(
        select(Approval).where(
            Approval.kind == OVERRIDE,
            Approval.request_id == request_id,
            Approval.status == PENDING,
        )
    )


def latest_override(request_id: int) -> Approval | None:
    """The request's most recent override question, for its page."""
    return db.session.scalar(
        select(Approval)
        .where(Approval.kind == OVERRIDE, Approval.request_id == request_id)
        .order_by(Approval.requested_at.desc(), Approval.id.desc())
        .limit(1)
    )


def _pending_for(kind: ApprovalKind, meeting_id: int) -> Approval | None:
    return db.session.scalar(
        select(Approval).where(
            Approval.kind == kind.value,
            Approval.meeting_id == meeting_id,
            Approval.status == PENDING,
        )
    )


def agree(now: datetime, actor_id: int | None, approval_id: int) -> Approval:
    """A manager agrees: their name goes on the meeting, their id in the audit log."""
    manager, approval = _decidable(actor_id, approval_id)
    approval.status, approval.decided_by_id, approval.decided_at = AGREED, manager.id, now
    if approval.kind == OVERRIDE:
        approval.request.in_person_override_by = manager.name[:AGREED_BY_LENGTH]
    elif approval.meeting is not None:
        approval.meeting.late_agreed_by = manager.name[:AGREED_BY_LENGTH]
        approval.meeting.updated_at = now
    audit.record(now, actor_id, "approval.agreed", approval,
                 f"kind={approval.kind}; meeting_id={approval.meeting_id}; "
                 f"request_id={approval.request_id}")  # fmt: skip
    db.session.commit()
    return approval


def refuse(now: datetime, actor_id: int | None, approval_id: int, refusal: str) -> Approval:
    """A manager refuses, with a reason: the meeting stays as it is (a held meeting happened; a
    booked one has been sent out) and shows the refusal, no manager's name on it."""
    refusal = (refusal or "").strip()
    if not refusal:
        raise ServiceError("Enter why you refuse it.", "refusal_reason")
    if len(refusal) > REFUSAL_LENGTH:
        raise ServiceError(f"Give the reason in at most {REFUSAL_LENGTH} characters.",
                           "refusal_reason")  # fmt: skip
    manager, approval = _decidable(actor_id, approval_id)
    approval.status, approval.decided_by_id, approval.decided_at = REFUSED, manager.id, now
    approval.refusal_reason = refusal
    audit.record(now, actor_id, "approval.refused", approval,
                 f"kind={approval.kind}; meeting_id={approval.meeting_id}; "
                 f"request_id={approval.request_id}; changed: status, refusal_reason")  # fmt: skip
    db.session.commit()
    return approval


def _decidable(actor_id: int | None, approval_id: int) -> tuple[User, Approval]:
    manager = agreeing_manager(actor_id)
    if manager is None:
        raise ServiceError("Only a manager can agree or refuse.", "submit")
    approval = db.session.get(Approval, approval_id, with_for_update=True)
    if approval is None:
        raise NotFound(f"There is no approval {approval_id}.")
    if approval.status != PENDING:
        raise ServiceError(f"This has already been {approval.status}.", "submit")
    return manager, approval


@dataclass(frozen=True)
class QueueItem:
    approval: Approval
    requested_by: str


def queue() -> list[QueueItem]:
    """Every pending approval, oldest first: what the managers have still to decide."""
    rows = db.session.execute(
        select(Approval, User.name)
        .outerjoin(User, User.id == Approval.requested_by_id)
        .where(Approval.status == PENDING)
        .order_by(Approval.requested_at, Approval.id)
    ).all()
    return [QueueItem(approval, name or "Quorum") for approval, name in rows]


def latest_for_meetings(meeting_ids: list[int]) -> dict[int, Approval]:
    """Each meeting's most recent approval, for the pages that show a late meeting."""
    if not meeting_ids:
        return {}
    rows = db.session.scalars(
        select(Approval)
        .where(Approval.meeting_id.in_(meeting_ids))
        .order_by(Approval.requested_at, Approval.id)
    )
    return {approval.meeting_id: approval for approval in rows if approval.meeting_id}
