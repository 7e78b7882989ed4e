"""Two relays started together (each in its own thread, app context, session and database
connection, as two scheduler processes would be) send each message exactly once."""

import threading
from datetime import timedelta

from app.extensions import db
from app.services.notifications.outbox_relay import RelayPolicy, relay_due
from tests.app.factories.outbox import (
    SLOT,
    Clock,
    Recorder,
    book,
    make_world,
    outbox_rows,
    smtp_transport,
)


def _relay(app, port: int, start: threading.Barrier, reports: list, errors: list) -> None:
    try:
        with app.app_context():
            start.wait()
            reports.append(relay_due(Clock(SLOT), smtp_transport(port), RelayPolicy()))
            db.session.remove()
    except Exception as error:  # noqa: BLE001 - reported to the test below
        errors.append(error)


def test_two_relays_started_together_send_each_message_once(app, smtp):
    for day in range(4):
        book(make_world(), starts_at=SLOT + timedelta(days=day))
    db.session.commit()
    db.session.close()  # the test's own connection must not hold SQLite's write lock
    _, port, start_server = smtp
    recorder = start_server(Recorder(delay=0.05))
    start, reports, errors = threading.Barrier(2), [], []
    relays = [
        threading.Thread(target=_relay, args=(app, port, start, reports, errors)) for _ in range(2)
    ]
    for relay in relays:
        relay.start()
    for relay in relays:
        relay.join(timeout=60)

    assert errors == []
    rows = outbox_rows()
    assert len(rows) == 12 and {row.status for row in rows} == {"sent"}
    assert sorted(recorder.message_ids()) == sorted(row.message_id for row in rows)
    assert sum(report.sent for report in reports) == 12
