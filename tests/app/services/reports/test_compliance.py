"""Compliance from held meetings: held, held in timescale, the percentage, the late ones."""

from datetime import UTC, date, datetime

from app.extensions import db
from app.services.reports.compliance import compliance_report
from tests.app.factories.rows import make_meeting, make_request

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _held(held_on: date, latest: date, meeting_type: str = "CIC_REVIEW", **meeting_fields):
    meeting_request = make_request(meeting_type=meeting_type, latest=latest,
                                   earliest=date(2026, 1, 5), status="held")  # fmt: skip
    starts_at = meeting_fields.pop("starts_at", None) or datetime(
        held_on.year, held_on.month, held_on.day, 10, tzinfo=UTC
    )
    fields = {"status": "held", "held_on": held_on, **meeting_fields}
    return make_meeting(request=meeting_request, starts_at=starts_at, **fields)


def test_compliance_counts_meetings_held_and_held_in_timescale(app):
    _held(date(2026, 3, 10), latest=date(2026, 3, 12))
    _held(date(2026, 3, 12), latest=date(2026, 3, 12))  # the last legal day is in timescale
    _held(date(2026, 3, 13), latest=date(2026, 3, 12), late_reason="Court", late_agreed_by="Pat")
    db.session.commit()
    (row,) = compliance_report(*MARCH, "CIC_REVIEW")
    assert (row.held, row.in_timescale, row.percentage) == (3, 2, 66.67)


def test_compliance_lists_late_meetings_with_their_reason_and_manager(app):
    meeting = _held(date(2026, 3, 13), latest=date(2026, 3, 12), late_reason="Court",
                    late_agreed_by="Pat Manager")  # fmt: skip
    db.session.commit()
    (late,) = compliance_report(*MARCH, "CIC_REVIEW")[0].late
    assert (late.reason, late.agreed_by, late.reference) == (
        "Court",
        "Pat Manager",
        str(meeting.request_id),
    )


def test_compliance_leaves_out_meetings_held_outside_the_period(app):
    _held(date(2026, 2, 27), latest=date(2026, 3, 12))
    _held(date(2026, 4, 1), latest=date(2026, 4, 2))
    db.session.commit()
    (row,) = compliance_report(*MARCH, "CIC_REVIEW")
    assert row.held == 0


def test_compliance_gives_no_percentage_when_nothing_was_held(app):
    (row,) = compliance_report(*MARCH, "ICPC")
    assert (row.held, row.percentage) == (0, None)


def test_compliance_ignores_meetings_that_were_not_held(app):
    meeting = _held(date(2026, 3, 10), latest=date(2026, 3, 12))
    meeting.status, meeting.held_on = "confirmed", None
    db.session.commit()
    assert compliance_report(*MARCH, "CIC_REVIEW")[0].held == 0


def test_compliance_without_a_type_gives_a_row_per_type_held(app):
    _held(date(2026, 3, 10), latest=date(2026, 3, 12))
    _held(date(2026, 3, 11), latest=date(2026, 3, 20), meeting_type="ICPC")
    db.session.commit()
    assert [row.meeting_type.value for row in compliance_report(*MARCH)] == ["ICPC", "CIC_REVIEW"]


def test_a_meeting_held_without_a_recorded_day_counts_on_its_london_day(app):
    # 23:30 UTC on Tue 31 Mar 2026 is 00:30 on Wed 1 Apr in London (BST): April, not March.
    _held(None, latest=date(2026, 4, 2), starts_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    db.session.commit()
    assert compliance_report(*MARCH, "CIC_REVIEW")[0].held == 0
    assert compliance_report(date(2026, 4, 1), date(2026, 4, 30), "CIC_REVIEW")[0].held == 1
