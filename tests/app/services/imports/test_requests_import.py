"""Open meeting requests from a spreadsheet, through the request service: every rule the form
applies, the statutory window computed there; matched to the case's open request of that type."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, MeetingRequest
from app.services.imports import batches
from app.services.imports.requests import KIND
from app.services.requests.rules import statutory_window
from app.services.spreadsheets import ImportRefused
from tests.app.factories.rows import make_case, make_chair
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
HEADER = [
    "Case reference",
    "Meeting type",
    "Sequence",
    "Trigger date",
    "Format",
    "Minutes",
    "Chair",
]


def _requests() -> list[MeetingRequest]:
    return list(db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id)))


def _rows() -> list[list]:
    return [
        HEADER,
        ["ex-1", "ICPC", "", "2026-02-25", "Hybrid", 90, "one@example.org"],
        ["EX-2", "Children in care review", "second", "2026-02-20", "", "", ""],
    ]


@pytest.mark.parametrize(("make_file", "name"), [(csv_bytes, "r.csv"), (xlsx_bytes, "r.xlsx")])
def test_requests_are_previewed_then_saved_with_the_window_the_service_computes(
    app, make_file, name
):
    chair = make_chair(email="one@example.org")
    make_case(reference="EX-1")
    make_case(reference="EX-2")
    found = batches.preview(KIND, name, make_file(_rows()), TODAY)
    assert (found.errors, found.words) == ([], "2 added, 0 changed, 0 unchanged")
    assert _requests() == []
    batches.save(NOW, None, KIND, name, make_file(_rows()))
    icpc, review = _requests()
    assert (icpc.meeting_type, icpc.format, icpc.duration_minutes, icpc.allocated_chair_id) == (
        "ICPC",
        "hybrid",
        90,
        chair.id,
    )
    window = statutory_window("ICPC", date(2026, 2, 25), "first", None, None)
    assert (icpc.earliest, icpc.latest) == (window.earliest, window.latest)
    assert (review.meeting_type, review.sequence, review.format) == (
        "CIC_REVIEW",
        "second",
        "in_person",
    )
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["request.create", "request.create", "import.requests"]


def test_the_same_requests_again_change_nothing_and_one_that_differs_is_named(app):
    make_case(reference="EX-1")
    make_case(reference="EX-2")
    make_chair(email="one@example.org")
    batches.save(NOW, None, KIND, "r.csv", csv_bytes(_rows()))
    again = batches.save(NOW, None, KIND, "r.csv", csv_bytes(_rows()))
    assert again.words == "0 added, 0 changed, 2 unchanged"
    rows = _rows()
    rows[1][3] = "2026-02-26"
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "r.csv", csv_bytes(rows))
    first = _requests()[0]
    assert [error.words for error in refused.value.errors] == [
        f"Row 2, Meeting type: case EX-1 already has an open initial child protection "
        f"conference request (number {first.id}) that differs: change it on its page"
    ]
    assert len(_requests()) == 2


def test_bad_requests_are_each_named_with_the_services_own_words_and_none_is_saved(app):
    make_case(reference="EX-1")
    make_case(reference="EX-2")
    rows = [
        HEADER,
        ["EX-1", "ICPC", "", "2026-02-25", "", "", ""],
        ["EX-9", "ICPC", "", "2026-02-25", "", "", ""],
        ["EX-2", "Tea party", "", "2026-02-25", "", "", ""],
        ["EX-2", "RCPC", "", "2026-03-20", "", "", ""],
        ["EX-2", "ICPC", "", "2026-02-25", "", 7, ""],
        ["EX-1", "Initial child protection conference", "", "2026-02-25", "", "", ""],
    ]
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "r.csv", csv_bytes(rows))
    words = [error.words for error in refused.value.errors]
    assert words[:3] == [
        "Row 3, Case reference: 'EX-9' is not a case in Quorum: import the case first",
        "Row 4, Meeting type: 'Tea party' is not a meeting type Quorum knows",
        "Row 5, Trigger date: enter the trigger date: Fri 20 Mar 2026 is in the future. Day 0 "
        "is an event that has happened (for example the strategy discussion or the previous "
        "meeting).",
    ]
    assert words[3].startswith("Row 6, Minutes: enter a length in minutes that is a multiple")
    assert words[4] == "Row 7, Meeting type: the same meeting type for this case as row 2"
    assert len(words) == 5
    assert db.session.scalar(select(func.count()).select_from(MeetingRequest)) == 0
