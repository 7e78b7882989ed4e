"""Replies and reports through the private link: each refusal is in words and changes nothing;
a report is kept only when it really is a PDF or Word document of at most 10 MB."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AttendeeReport, AttendeeResponse, AuditEvent
from app.models.replies import REPORT_MAX_BYTES
from app.services import ServiceError
from app.services.replies.answers import kind_of, record_reply, report_path, store_report
from app.services.replies.links import LinkClosed
from app.services.replies.status import statuses
from tests.app.services.replies.factories import BEFORE, DOC, PDF, docx, linked


def _response(case, role: str) -> AttendeeResponse:
    person_id = case.world.people[role].id
    return db.session.scalars(select(AttendeeResponse).filter_by(person_id=person_id)).one()


def test_apologies_with_a_reason_are_recorded_and_shown_on_the_meeting(app):
    case = linked()

    record_reply(BEFORE, case.secrets["gp"], "apologies", "  In clinic all day ")

    response = _response(case, "gp")
    assert (response.reply, response.apology_reason) == ("apologies", "In clinic all day")
    mine = {s.role: s for s in statuses(BEFORE, case.meeting)}["gp"]
    assert (mine.reply, mine.apology_reason) == ("apologies", "In clinic all day")
    audit = db.session.scalars(select(AuditEvent).filter_by(action="response.reply")).one()
    assert "clinic" not in audit.detail  # what they wrote stays off the audit trail


@pytest.mark.parametrize(
    ("meeting_format", "reply", "reason", "field"),
    [
        ("hybrid", "apologies", "   ", "reason"),
        ("hybrid", "apologies", "x" * 501, "reason"),
        ("hybrid", "maybe", "", "reply"),
        ("in_person", "attending_online", "", "reply"),
        ("virtual", "attending_in_room", "", "reply"),
    ],
)
def test_a_reply_that_cannot_be_right_is_refused_on_its_field(app, meeting_format, reply, reason,
                                                              field):  # fmt: skip
    case = linked(meeting_format)

    with pytest.raises(ServiceError) as refused:
        record_reply(BEFORE, case.secrets["gp"], reply, reason)

    assert refused.value.field == field
    db.session.rollback()
    assert _response(case, "gp").reply == "none"


WAYS_IN = [
    ("hybrid", "attending_online"),
    ("hybrid", "attending_in_room"),
    ("in_person", "attending_in_room"),
    ("virtual", "attending_online"),
]


@pytest.mark.parametrize(("meeting_format", "reply"), WAYS_IN)
def test_each_way_a_meeting_can_be_attended_is_accepted(app, meeting_format, reply):
    case = linked(meeting_format)
    record_reply(BEFORE, case.secrets["gp"], reply, "")
    assert _response(case, "gp").reply == reply


def test_a_reply_after_the_meeting_is_refused_as_closed(app):
    case = linked()
    with pytest.raises(LinkClosed):
        record_reply(case.meeting.ends_at + timedelta(minutes=1), case.secrets["gp"], "apologies",
                     "late")  # fmt: skip


@pytest.mark.parametrize(("content", "kind"), [(PDF, "pdf"), (docx(), "docx"), (DOC, "doc")])
def test_a_report_is_stored_outside_the_web_root_under_a_random_name(
    app, content, kind, reports_dir
):
    case = linked()

    report = store_report(
        BEFORE, case.secrets["gp"], "../../GP report (final).exe", io.BytesIO(content)
    )

    assert report.kind == kind and report.original_name == f"GP_report_final.{kind}"
    path = report_path(report)
    assert path.parent == reports_dir and path.read_bytes() == content
    assert "GP" not in path.name and len(path.name) == 32
    mine = {s.role: s for s in statuses(BEFORE, case.meeting)}["gp"]
    assert mine.report == "received" and [r.id for r in mine.reports] == [report.id]


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 a program, named report.pdf",
        b"<html><script>alert(1)</script></html>",
        docx(with_document=False),  # a spreadsheet, say: a zip but not a Word document
        b"PK\x03\x04 not really a zip",
        b"",
    ],
)
def test_a_file_that_is_not_a_pdf_or_word_document_is_refused_and_nothing_is_kept(
    app,
    content,
    reports_dir,
):
    case = linked()

    with pytest.raises(ServiceError) as refused:
        store_report(BEFORE, case.secrets["gp"], "report.pdf", io.BytesIO(content))

    assert refused.value.field == "report"
    assert db.session.scalar(select(func.count()).select_from(AttendeeReport)) == 0
    assert not reports_dir.exists() or not any(reports_dir.iterdir())


def test_a_report_of_exactly_10_mb_is_kept_and_one_byte_more_is_refused(app, reports_dir):
    case = linked()
    largest = PDF + b" " * (REPORT_MAX_BYTES - len(PDF))

    assert (
        store_report(BEFORE, case.secrets["gp"], "big.pdf", io.BytesIO(largest)).size_bytes
        == REPORT_MAX_BYTES
    )
    with pytest.raises(ServiceError, match="larger than 10 MB"):
        store_report(BEFORE, case.secrets["gp"], "big.pdf", io.BytesIO(largest + b" "))
    assert len(list(reports_dir.iterdir())) == 1


def test_a_report_not_in_by_its_due_day_is_overdue_and_only_professionals_are_asked(app):
    case = linked()
    due = {s.role: s for s in statuses(BEFORE, case.meeting)}["gp"].report_due
    after_due = case.meeting.starts_at - timedelta(days=1)
    assert due is not None and after_due.date() > due

    found = {s.role: s for s in statuses(after_due, case.meeting)}

    assert found["gp"].report == "overdue"
    assert found["parent"].report == "not_requested" and found["parent"].report_due is None


def test_kinds_are_told_by_content_not_by_name():
    assert kind_of(PDF) == "pdf" and kind_of(b"%PDX") is None
