"""Requests at risk of missing their statutory timescale (staff only), and Regulation 44
visits due soon or missed (app.services.reg44.at_risk).

An open request with no confirmed (or held) meeting is
- red when today is its latest day or past it: it is late or must be held today;
- amber when its latest day is at most AMBER_WORKING_DAYS working days away (England and Wales
  working days from app.timescales, so a bank holiday in between does not count);
- unscheduled when it has no meeting at all, not even a proposal, and is neither red nor amber.
`today` (a Europe/London date) is passed in by the view; this module never reads a clock.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Meeting, MeetingRequest
from app.models.meetings import BLOCKING_STATUSES
from app.services.reg44.at_risk import VisitAtRiskRow, visits_at_risk
from app.timescales import WorkingCalendar, meeting_type_from_code

AMBER_WORKING_DAYS = 5
CALENDAR = WorkingCalendar()


@dataclass(frozen=True)
class AtRiskRow:
    request_id: int
    case_reference: str
    meeting_type: str
    locality: str
    latest: date
    working_days_left: int  # 0 on the latest day, negative once past it
    proposed: bool  # a proposal exists but nobody has confirmed it


@dataclass
class AtRisk:
    red: list[AtRiskRow] = field(default_factory=list)
    amber: list[AtRiskRow] = field(default_factory=list)
    unscheduled: list[AtRiskRow] = field(default_factory=list)
    # Regulation 44 visits due within AMBER_WORKING_DAYS, or missed: not requests, so apart.
    visits: list[VisitAtRiskRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"red": len(self.red), "amber": len(self.amber),
                "unscheduled": len(self.unscheduled)}  # fmt: skip


def classify(today: date, latest: date, calendar: WorkingCalendar = CALENDAR) -> str | None:
    """'red', 'amber' or None for a request whose latest day is `latest`."""
    if today >= latest:
        return "red"
    if calendar.working_days_between(today, latest) <= AMBER_WORKING_DAYS:
        return "amber"
    return None


def at_risk(today: date) -> AtRisk:
    """Every open request without a confirmed meeting, sorted into red, amber and unscheduled."""
    confirmed = select(Meeting.request_id).where(Meeting.status.in_(BLOCKING_STATUSES))
    proposed = set(
        db.session.scalars(select(Meeting.request_id).where(Meeting.status == "proposed"))
    )
    requests = db.session.scalars(
        select(MeetingRequest)
        .options(joinedload(MeetingRequest.case), joinedload(MeetingRequest.locality))
        .where(MeetingRequest.status == "open", MeetingRequest.id.not_in(confirmed))
        .order_by(MeetingRequest.latest, MeetingRequest.id)
    )
    result = AtRisk(visits=visits_at_risk(today, AMBER_WORKING_DAYS))
    for request in requests:
        row = _row(today, request, request.id in proposed)
        level = classify(today, request.latest)
        if level is not None:
            getattr(result, level).append(row)
        elif not row.proposed:
            result.unscheduled.append(row)
    return result


def _row(today: date, request: MeetingRequest, proposed: bool) -> AtRiskRow:
    return AtRiskRow(
        request_id=request.id,
        case_reference=request.case.reference,
        meeting_type=meeting_type_from_code(request.meeting_type).label,
        locality=request.locality.name,
        latest=request.latest,
        working_days_left=CALENDAR.working_days_between(today, request.latest),
        proposed=proposed,
    )
