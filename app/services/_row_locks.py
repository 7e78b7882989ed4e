"""Row locks for an action that changes many meetings at once (confirming a plan or a repair).

Each such action checks that the rows are still as its plan saw them, then changes them. On
PostgreSQL two actions could both check before either commits, and both apply; so the rows
are locked (SELECT … FOR UPDATE) before the check: the second waits for the first to commit
and then checks against what it wrote. Locks are taken in one fixed order, meeting requests
then meetings, each by id, so two actions wanting overlapping rows queue up instead of
deadlocking. SQLite needs nothing: every transaction there already holds the write lock from
its first statement (app.database).
"""

from collections.abc import Iterable

from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, MeetingRequest


def lock_requests_and_meetings(request_ids: Iterable[int], meeting_ids: Iterable[int]) -> None:
    """Lock these rows for the rest of the transaction. Rows the session already holds are
    read again (populate_existing): a lock waited for means another action changed them."""
    for model, ids in ((MeetingRequest, request_ids), (Meeting, meeting_ids)):
        wanted = sorted(set(ids))
        if wanted:
            db.session.scalars(
                select(model)
                .where(model.id.in_(wanted))
                .order_by(model.id)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).all()
