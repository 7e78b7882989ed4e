"""Compliance with statutory timescales from the meetings actually held (for the reports).

The counting is app.timescales' `compliance`; this module only reads held meetings and hands
them over: per type, meetings held, held in timescale, the percentage, and the late ones with
their reasons and who agreed them.
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, MeetingRequest
from app.services import ServiceError
from app.time import london_date
from app.timescales import ComplianceRow, HeldRecord, TimescaleError, compliance


def held_records(period_start: date, period_end: date,
                 meeting_type: str | None = None) -> list[HeldRecord]:  # fmt: skip
    """Held meetings from `period_start` to `period_end` (inclusive), as the timescales module
    reads them. A meeting held before migration 0003 has no `held_on`: its day is taken from its
    start (Europe/London)."""
    # Starts are stored in UTC; a day either side catches every London day in the period.
    query = (
        select(Meeting, MeetingRequest)
        .join(MeetingRequest, Meeting.request_id == MeetingRequest.id)
        .where(Meeting.status == "held")
        .where(Meeting.starts_at >= _utc_midnight(period_start - timedelta(days=1)))
        .where(Meeting.starts_at < _utc_midnight(period_end + timedelta(days=2)))
    )
    if meeting_type:
        query = query.where(MeetingRequest.meeting_type == meeting_type)
    records = []
    for meeting, meeting_request in db.session.execute(query):
        held_on = meeting.held_on or london_date(meeting.starts_at)
        if period_start <= held_on <= period_end:
            records.append(
                HeldRecord(
                    meeting_type=meeting_request.meeting_type,
                    held_on=held_on,
                    latest=meeting_request.latest,
                    late_reason=meeting.late_reason or None,
                    agreed_by=meeting.late_agreed_by or None,
                    reference=str(meeting_request.id),
                )
            )
    return records


def compliance_report(period_start: date, period_end: date,
                      meeting_type: str | None = None) -> list[ComplianceRow]:  # fmt: skip
    """One row per type (just `meeting_type` if given, even when none were held)."""
    try:
        return compliance(
            held_records(period_start, period_end, meeting_type),
            period_start,
            period_end,
            meeting_types=[meeting_type] if meeting_type else (),
        )
    except TimescaleError as error:
        raise ServiceError(str(error), "period_end") from None


def _utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
