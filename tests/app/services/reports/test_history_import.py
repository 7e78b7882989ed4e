"""Importing the meetings held before Quorum: every bad row named, all or nothing, once."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, HistoricalMeeting, HistoryImport
from app.services.reports.history import ImportRefused, import_history
from tests.app.factories.rows import NOW, make_chair

HEADER = "meeting_type,case_reference,held_on,latest,children,chair,late_reason,agreed_by\n"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(lines) + "\n").encode()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _refused(content: bytes, filename: str = "history.csv") -> ImportRefused:
    with pytest.raises(ImportRefused) as refused:
        import_history(NOW, None, filename, content)
    db.session.rollback()
    assert (_count(HistoryImport), _count(HistoricalMeeting)) == (0, 0)
    return refused.value


def test_a_csv_file_is_imported_with_its_children_chair_and_late_reasons(app):
    chair = make_chair(email="iro.one@example.org")
    db.session.commit()
    done = import_history(NOW, None, "2021-22.csv", _csv(
        "ICPC,QC0001,2021-04-30,2021-05-04,1,IRO.One@example.org,,",
        "cic_review,QC0002,30/04/2021,2021-04-29,3,,Placement moved,T Manager",
    ))  # fmt: skip
    assert (done.meetings, done.children, done.first) == (2, 4, date(2021, 4, 30))
    rows = db.session.scalars(select(HistoricalMeeting).order_by(HistoricalMeeting.row_number))
    first, second = rows
    assert (first.meeting_type, first.chair_id, first.children) == ("ICPC", chair.id, 1)
    assert (second.meeting_type, second.held_on, second.late_reason) == (
        "CIC_REVIEW", date(2021, 4, 30), "Placement moved",
    )  # fmt: skip
    assert db.session.scalar(select(AuditEvent.detail)).startswith("meetings=2;")


def test_columns_are_found_by_header_in_any_order_and_others_ignored(app):
    header = "Notes,LATEST,held_on,Case_Reference,meeting_type\n"
    import_history(NOW, None, "h.csv", _csv("anything,2022-01-10,2022-01-07,QC9,RCPC",
                                            header=header))  # fmt: skip
    meeting = db.session.scalar(select(HistoricalMeeting))
    assert (meeting.case_reference, meeting.latest, meeting.children) == (
        "QC9", date(2022, 1, 10), 1,
    )  # fmt: skip


def test_every_bad_row_is_named_with_its_column_and_nothing_is_imported(app):
    refused = _refused(_csv(
        "ICPC,QC1,2021-04-30,2021-05-04,1,,,",
        "MEETING,QC2,2021-05-01,2021-05-04,1,,,",
        "RCPC,,31/02/2021,2021-05-04,0,nobody@example.org,,",
        "RCPC,QC4,2021-06-01,2021-05-04,1,,,",
        "ICPC,QC1,2021-04-30,2021-05-04,1,,,",
        "ICPC,QC5,2030-01-01,2030-01-04,1,,,",
    ))  # fmt: skip
    assert [(e.row, e.column) for e in refused.errors] == [
        (3, "meeting_type"),
        (4, "case_reference"), (4, "held_on"), (4, "children"), (4, "chair"),
        (5, "late_reason"), (5, "agreed_by"),
        (6, "held_on"),
        (7, "held_on"),
    ]  # fmt: skip
    words = [e.words for e in refused.errors]
    assert "Row 3, meeting_type: 'MEETING' is not a meeting type" in words[0]
    assert "'31/02/2021' is not a date" in words[2]
    assert words[7] == "Row 6, held_on: the same meeting as row 2 (same type, case and day)"
    assert "has not come yet" in words[8]


def test_a_file_without_a_required_column_is_refused_naming_it(app):
    refused = _refused(b"meeting_type,held_on\nICPC,2021-04-30\n")
    assert [(e.row, e.column) for e in refused.errors] == [(1, "case_reference"), (1, "latest")]


def test_the_same_meetings_imported_twice_are_refused_the_second_time(app):
    content = _csv("ICPC,QC1,2021-04-30,2021-05-04,1,,,")
    import_history(NOW, None, "first.csv", content)
    with pytest.raises(ImportRefused) as refused:
        import_history(NOW, None, "again.csv", content)
    assert refused.value.errors[0].words == (
        "Row 2, held_on: this meeting was imported already (from first.csv)"
    )
    db.session.rollback()
    assert _count(HistoricalMeeting) == 1


def _workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["meeting_type", "case_reference", "held_on", "latest", "children"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_workbook_with_real_dates_and_numbers_is_imported(app):
    content = _workbook(["RCPC", 20417, datetime(2021, 7, 1), date(2021, 7, 2), 2])
    done = import_history(NOW, None, "history.xlsx", content)
    meeting = db.session.scalar(select(HistoricalMeeting))
    assert (done.meetings, meeting.case_reference, meeting.held_on, meeting.children) == (
        1, "20417", date(2021, 7, 1), 2,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("filename", "content", "words"),
    [
        ("history.csv", b"", "the file is empty"),
        ("history.xlsx", b"not a workbook", "cannot be opened"),
        ("history.xlsx", b"PK\x03\x04 damaged", "cannot be opened"),
        ("history.pdf", b"%PDF-1.7", "choose a CSV file"),
        ("history.csv", HEADER.encode(), "no meetings under it"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_words(app, filename, content, words):
    assert words in _refused(content, filename).message
