"""Reminders around a booked meeting, as plain dates (pure); the list is
docs/meeting-types-and-timescales.md, "Around each meeting".

Statutory guidance (SG) periods are constants; local procedure (LP) comes from the settings.
The scheduler sweeps send them; this module only says when each is due and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.time import format_day
from app.timescales.calendar import WorkingCalendar, add_months
from app.timescales.rules import RCPC_FIRST_MONTHS, RCPC_SUBSEQUENT_MONTHS
from app.timescales.types import AuthoritySettings, MeetingType

__all__ = ["Reminder", "reminders"]

# Working Together 2023: the first core group within 10 working days of the ICPC.
FIRST_CORE_GROUP_WORKING_DAYS = 10
# IRO Handbook (commonly cited): decisions within 5 working days, the record within 20.
REVIEW_DECISIONS_WORKING_DAYS = 5
REVIEW_RECORD_WORKING_DAYS = 20

_CP_CONFERENCES = (MeetingType.ICPC, MeetingType.PREBIRTH_ICPC, MeetingType.RCPC)
_INITIAL_CONFERENCES = (MeetingType.ICPC, MeetingType.PREBIRTH_ICPC)


@dataclass(frozen=True)
class Reminder:
    name: str  # stable: report_to_parents, agency_report_chase, first_core_group, ...
    due: date
    rule: str


def reminders(
    meeting_type: MeetingType,
    meeting_day: date,
    *,
    settings: AuthoritySettings | None = None,
    calendar: WorkingCalendar | None = None,
) -> tuple[Reminder, ...]:
    """Every reminder due around a meeting on `meeting_day`, in date order."""
    settings = settings or AuthoritySettings()
    calendar = calendar or settings.calendar()
    found: list[Reminder] = []
    if meeting_type in _CP_CONFERENCES:
        found.append(_report_to_parents(meeting_type, meeting_day, settings, calendar))
    if meeting_type in _CP_CONFERENCES or meeting_type is MeetingType.CIC_REVIEW:
        found.extend(_agency_chases(meeting_day, settings, calendar))
    if meeting_type in _INITIAL_CONFERENCES:
        found.append(
            _after(calendar, meeting_day, FIRST_CORE_GROUP_WORKING_DAYS, "first_core_group")
        )
    if meeting_type in _CP_CONFERENCES and settings.midway_check:
        found.append(_midway_check(meeting_type, meeting_day, calendar))
    if meeting_type is MeetingType.CIC_REVIEW:
        found.extend(_after_cic_review(meeting_day, settings, calendar))
    return tuple(sorted(found, key=lambda reminder: reminder.due))


def _report_to_parents(
    kind: MeetingType, day: date, settings: AuthoritySettings, calendar: WorkingCalendar
) -> Reminder:
    count = settings.report_due_days(kind) or 0
    due = calendar.subtract_working_days(day, count)
    words = f"report to parents and chair at least {count} working days before {format_day(day)}"
    return Reminder("report_to_parents", due, words)


def _agency_chases(
    day: date, settings: AuthoritySettings, calendar: WorkingCalendar
) -> list[Reminder]:
    return [
        Reminder(
            "agency_report_chase",
            calendar.subtract_working_days(day, count),
            f"chase missing agency reports {count} working days before {format_day(day)}",
        )
        for count in settings.agency_report_chase_working_days_before
    ]


def _after(calendar: WorkingCalendar, day: date, count: int, name: str) -> Reminder:
    what = name.replace("_", " ")
    words = f"{what} within {count} working days of the meeting on {format_day(day)}"
    return Reminder(name, calendar.add_working_days(day, count), words)


def _midway_check(kind: MeetingType, day: date, calendar: WorkingCalendar) -> Reminder:
    # Halfway to the next conference's deadline, counted from this one as held.
    months = RCPC_SUBSEQUENT_MONTHS if kind is MeetingType.RCPC else RCPC_FIRST_MONTHS
    next_deadline = add_months(day, months)
    halfway = calendar.latest_working_day(day + timedelta(days=(next_deadline - day).days // 2))
    words = (
        f"chair's midway check, halfway to the next conference due by {format_day(next_deadline)}"
    )
    return Reminder("midway_check", halfway, words)


def _after_cic_review(
    day: date, settings: AuthoritySettings, calendar: WorkingCalendar
) -> list[Reminder]:
    decisions = _after(calendar, day, REVIEW_DECISIONS_WORKING_DAYS, "review_decisions")
    query_days = settings.manager_query_working_days_after_decisions
    queries = Reminder(
        "manager_queries",
        calendar.add_working_days(decisions.due, query_days),
        f"manager queries on decisions {query_days} working days after they are circulated",
    )
    record = _after(calendar, day, REVIEW_RECORD_WORKING_DAYS, "review_record")
    return [decisions, queries, record]
