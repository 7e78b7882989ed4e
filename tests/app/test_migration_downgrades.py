"""The rearrangements migration (0008) goes down to 0007 and up again with rearrangements and
their moves stored — on SQLite, where batch mode rebuilds plan_runs under enforced foreign
keys, as on PostgreSQL."""

from datetime import timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from app.models import PlanRun, Rearrangement, RearrangementMove
from tests.app.factories.plan_runs import make_plan_run
from tests.app.factories.rows import NOW, make_meeting


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_0008_downgrades_and_upgrades_again_with_rearrangements_stored(app):
    meeting = make_meeting()
    run = make_plan_run(status="done")
    rearrangement = Rearrangement(
        created_at=NOW,
        kind="chair_unavailable",
        reason="chair_absence",
        reason_text="",
        summary="The chair is away",
        status="confirmed",
        plan_run_id=run.id,
    )
    db.session.add(rearrangement)
    db.session.flush()
    db.session.add(
        RearrangementMove(
            rearrangement_id=rearrangement.id,
            meeting_id=meeting.id,
            change="moved",
            from_starts_at=meeting.starts_at,
            from_chair_id=meeting.chair_id,
            to_starts_at=meeting.starts_at + timedelta(days=1),
            to_chair_id=meeting.chair_id,
        )
    )
    db.session.commit()
    run_id = run.id
    db.session.remove()
    db.engine.dispose()

    downgrade(revision="0007")
    db.engine.dispose()
    assert "rearrangements" not in _tables()
    assert "kind" not in {c["name"] for c in inspect(db.engine).get_columns("plan_runs")}

    upgrade()
    db.engine.dispose()
    assert {"rearrangements", "rearrangement_moves"} <= _tables()
    assert db.session.get(PlanRun, run_id) is not None  # the plan run survived both ways
