"""Two chaser sweeps at once (each in its own thread, app context, session and database
connection, as two scheduler processes would be) queue each chaser and briefing once."""

import threading

from app.extensions import db
from app.services.notifications.chasers import send_due
from tests.app.services.chasers.factories import booked_meeting, london, notices, sent

SECOND_CHASER_DAY = london(2026, 3, 10, 9)


def _sweep(app, start: threading.Barrier, errors: list) -> None:
    try:
        with app.app_context():
            start.wait()
            send_due(SECOND_CHASER_DAY)
            db.session.remove()
    except Exception as error:  # noqa: BLE001 - reported to the test below
        errors.append(error)


def test_two_sweeps_started_together_queue_each_chaser_once(app):
    for _ in range(4):
        booked_meeting(roles=("gp", "police", "parent"))
    db.session.commit()
    db.session.close()  # the test's own connection must not hold SQLite's write lock
    start, errors = threading.Barrier(2), []
    sweeps = [threading.Thread(target=_sweep, args=(app, start, errors)) for _ in range(2)]
    for sweep in sweeps:
        sweep.start()
    for sweep in sweeps:
        sweep.join(timeout=60)

    assert errors == []
    chasers = sent("chaser")
    assert len(chasers) == 8  # 4 meetings x (GP, police): the second chaser only
    assert len({(row.meeting_id, row.recipient_email) for row in chasers}) == 8
    recorded = notices()
    assert sorted({n.kind for n in recorded}) == ["chaser_2", "chaser_5"]
    assert len([n for n in recorded if n.outcome == "sent"]) == 8
