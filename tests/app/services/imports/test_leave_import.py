"""Chairs' leave and rooms' closures from a spreadsheet: whole days or times, matched by owner
and span so the same file twice adds nothing; each bad row named."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Unavailability
from app.services.imports import batches
from app.services.imports.leave import KIND
from app.services.spreadsheets import ImportRefused
from tests.app.factories.rows import make_chair, make_locality, make_room
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
HEADER = ["Chair", "Room", "Room locality", "From", "To", "Start time", "End time", "Kind", "Note"]


def _periods() -> list[Unavailability]:
    return list(db.session.scalars(select(Unavailability).order_by(Unavailability.starts_at)))


@pytest.mark.parametrize(("make_file", "name"), [(csv_bytes, "l.csv"), (xlsx_bytes, "l.xlsx")])
def test_whole_days_and_a_time_on_one_day_are_saved_in_uk_time(app, make_file, name):
    chair = make_chair(email="one@example.org")
    room = make_room(name="Example Room One", locality=make_locality(name="Testshire North"))
    rows = [
        HEADER,
        ["ONE@example.org", "", "", "2026-08-03", "2026-08-14", "", "", "", "Summer"],
        ["", "example room one", "", "10/03/2026", "", "13:00", "17:30", "closure", ""],
    ]
    found = batches.preview(KIND, name, make_file(rows), TODAY)
    assert (found.errors, found.words) == ([], "2 added, 0 changed, 0 unchanged")
    batches.save(NOW, None, KIND, name, make_file(rows))
    closure, leave = _periods()
    assert (closure.room_id, closure.kind) == (room.id, "closure")
    assert (closure.starts_at, closure.ends_at) == (
        datetime(2026, 3, 10, 13, tzinfo=UTC),
        datetime(2026, 3, 10, 17, 30, tzinfo=UTC),
    )
    assert (leave.chair_id, leave.kind, leave.note) == (chair.id, "leave", "Summer")
    # Whole days in British Summer Time: from midnight on the first to midnight after the last.
    assert (leave.starts_at, leave.ends_at) == (
        datetime(2026, 8, 2, 23, tzinfo=UTC),
        datetime(2026, 8, 14, 23, tzinfo=UTC),
    )
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["unavailability.added", "unavailability.added", "import.leave"]


def test_the_same_leave_again_adds_nothing_and_a_new_kind_changes_it(app):
    make_chair(email="one@example.org")
    rows = [HEADER, ["one@example.org", "", "", "2026-08-03", "2026-08-14", "", "", "leave", ""]]
    batches.save(NOW, None, KIND, "l.csv", csv_bytes(rows))
    again = batches.save(NOW, None, KIND, "l.csv", csv_bytes(rows))
    assert again.words == "0 added, 0 changed, 1 unchanged"
    rows[1][7] = "training"
    assert batches.save(NOW, None, KIND, "l.csv", csv_bytes(rows)).words == (
        "0 added, 1 changed, 0 unchanged"
    )
    assert [period.kind for period in _periods()] == ["training"]


def test_bad_periods_are_each_named_and_none_is_saved(app):
    make_chair(email="one@example.org")
    make_room(name="Shared", locality=make_locality(name="Testshire North"))
    make_room(name="Shared", locality=make_locality(name="Testshire South"))
    rows = [
        HEADER,
        ["one@example.org", "", "", "2026-08-03", "", "", "", "", ""],
        ["", "", "", "2026-08-03", "", "", "", "", ""],
        ["nobody@example.org", "", "", "2026-08-03", "", "", "", "", ""],
        ["", "Shared", "", "2026-08-03", "", "", "", "", ""],
        ["one@example.org", "", "", "next week", "", "", "", "", ""],
        ["one@example.org", "", "", "2026-08-05", "2026-08-04", "", "", "holiday", ""],
        ["one@example.org", "", "", "2026-03-29", "", "01:30", "03:00", "", ""],
        ["one@example.org", "", "", "2026-08-03", "", "", "", "", ""],
    ]
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "l.csv", csv_bytes(rows))
    assert [error.words for error in refused.value.errors] == [
        "Row 3, Chair: give either a chair's email address or a room's name (one of them)",
        "Row 4, Chair: 'nobody@example.org' is not a chair's email address in Quorum",
        "Row 5, Room: 'Shared' is not a room in Quorum; two rooms have that name: give its "
        "locality",
        "Row 6, From: 'next week' is not a date; write it as 2026-04-30 or 30/04/2026",
        "Row 7, To: it must end after it starts",
        "Row 7, Kind: 'holiday' is not a kind of absence for a chair",
        "Row 8, Start time: 01:30 on 29 March 2026 does not exist in UK time (the clocks go "
        "forward an hour that night). Enter a time before 01:00 or from 02:00.",
        "Row 9, From: the same period as row 2",
    ]
    assert _periods() == []
