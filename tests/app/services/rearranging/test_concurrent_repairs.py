"""Repairs that move the same meetings, confirmed at the same moment: exactly one applies, on
SQLite and on PostgreSQL. The others are told the calendar changed and apply nothing: no
meeting moves twice, no notice goes twice, the history counts each move once."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Meeting, OutboxMessage, Rearrangement, RearrangementMove
from app.services.planning import runs as plan_runs
from app.services.rearranging.rearrangements import Change, record_change
from app.services.rearranging.repairs import STALE, confirm_repair, preview
from tests.app.concurrency import notices_queued_twice, run_together
from tests.app.factories.booked_county import make_county
from tests.app.factories.rows import NOW
from tests.app.services.rearranging.test_rearrangements import TUESDAY

ROUNDS = 4
REPAIRS = 3


def _repaired_sickness(chair_id: int) -> int:
    """The same chair's Tuesday off sick, recorded (again) and repaired on the calendar as it is
    now: each repair moves the chair's Tuesday meetings."""
    change = Change(
        "chair_unavailable", "chair_absence", chair_id=chair_id, first_day=TUESDAY,
        last_day=TUESDAY,
    )  # fmt: skip
    rearrangement = record_change(NOW, None, change)
    db.session.commit()
    plan_runs.execute_next_plan_run(lambda: NOW, deterministic=True, workers=1)
    db.session.expire_all()
    return rearrangement.id


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_of_repairs_moving_the_same_meetings_confirmed_together_exactly_one_applies(app, round_):
    county = make_county()
    sick_chair = county["chairs"][0]
    tuesdays = {m.id for m in county["meetings"][:2]}
    rearrangement_ids = [_repaired_sickness(sick_chair.id) for _ in range(REPAIRS)]
    planned = {}
    for rearrangement_id in rearrangement_ids:
        moves = preview(db.session.get(Rearrangement, rearrangement_id)).moves
        planned[rearrangement_id] = {m.meeting.id: (m.to.starts_at, m.to.chair_id) for m in moves}
        assert set(planned[rearrangement_id]) == tuesdays  # each would move both on its own
    db.session.commit()

    outcomes = run_together(
        app, lambda rearrangement_id: confirm_repair(NOW, None, rearrangement_id), rearrangement_ids
    )

    assert sorted(outcomes) == sorted(["applied"] + [STALE] * (REPAIRS - 1)), outcomes
    winner = rearrangement_ids[outcomes.index("applied")]
    statuses = {r.id: r.status for r in db.session.scalars(select(Rearrangement))}
    assert statuses == {i: "confirmed" if i == winner else "repairing" for i in rearrangement_ids}
    for meeting_id, (starts_at, chair_id) in planned[winner].items():
        meeting = db.session.get(Meeting, meeting_id)
        assert (meeting.starts_at, meeting.chair_id) == (starts_at, chair_id)
        assert meeting.ical_sequence == 1  # moved once: the calendars saw one change
    history = list(db.session.scalars(select(RearrangementMove)))
    assert sorted(h.meeting_id for h in history) == sorted(tuesdays)
    assert {h.rearrangement_id for h in history} == {winner}
    assert _count(AuditEvent, AuditEvent.action == "meeting.moved") == len(tuesdays)
    assert _count(AuditEvent, AuditEvent.action == "rearrangement.confirmed") == 1
    assert notices_queued_twice() == 0
    assert _count(OutboxMessage, OutboxMessage.status == "superseded") == 0
    assert {m.meeting_id for m in db.session.scalars(select(OutboxMessage))} == tuesdays


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))
