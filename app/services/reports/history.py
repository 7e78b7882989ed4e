"""Importing the meetings a service held before Quorum, from a CSV file or an Excel workbook.

All or nothing: every bad row is named (row number as the spreadsheet shows it, column, why)
and nothing is stored until the whole file is right. Columns are found by their header, in
any order; others are ignored. Imported meetings are history: no invites, no solver.

    meeting_type       a type code (ICPC, RCPC, CIC_REVIEW …)           required
    case_reference     the case's reference                              required
    held_on            the day it was held                               required
    latest             its statutory latest day                          required
    children           children reviewed at it (default 1)
    chair              the chair's email address, as in Quorum
    late_reason        why it was held after `latest`                    required when late
    agreed_by          the manager who agreed it                         required when late
    rearranged         how many times it was rearranged (default 0)
    rearranged_reason  why
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Chair, HistoricalMeeting, HistoryImport
from app.services import audit
from app.services.spreadsheets import ImportRefused, RowError, day_of, read_sheet, text_of
from app.time import london_date
from app.timescales import MeetingType, TimescaleError, meeting_type_from_code

COLUMNS = (
    "meeting_type",
    "case_reference",
    "held_on",
    "latest",
    "children",
    "chair",
    "late_reason",
    "agreed_by",
    "rearranged",
    "rearranged_reason",
)
REQUIRED = ("meeting_type", "case_reference", "held_on", "latest")
MAX_ROWS = 50_000  # a large county's ten years
FIRST_YEAR = 2000
_TEXT_LIMITS = {
    "case_reference": 40,
    "agreed_by": 120,
    "late_reason": 2000,
    "rearranged_reason": 2000,
}


@dataclass(frozen=True)
class Imported:
    batch: HistoryImport
    meetings: int
    children: int
    first: date
    last: date

    @property
    def words(self) -> str:
        meetings = f"{self.meetings} meeting{'' if self.meetings == 1 else 's'}"
        children = f"{self.children} child{'' if self.children == 1 else 'ren'}'s review" + (
            "" if self.children == 1 else "s"
        )
        return (
            f"Imported {meetings} ({children}) held from {self.first:%-d %B %Y} to "
            f"{self.last:%-d %B %Y}."
        )


def import_history(now: datetime, actor_id: int | None, filename: str, content: bytes) -> Imported:
    """Read, check and store the whole file in one transaction (see the module's words)."""
    rows = _read(filename, content)
    today = london_date(now)
    chairs = {
        email.lower(): chair_id
        for chair_id, email in db.session.execute(select(Chair.id, Chair.email))
    }
    errors: list[RowError] = []
    meetings: list[HistoricalMeeting] = []
    seen: dict[tuple[str, str, date], int] = {}
    for number, row in rows:
        checked = _checked_row(number, row, today, chairs, errors)
        if checked is None:
            continue
        key = (checked.meeting_type, checked.case_reference, checked.held_on)
        if key in seen:
            errors.append(
                RowError(
                    number,
                    "held_on",
                    f"the same meeting as row {seen[key]} (same type, case and day)",
                )
            )
            continue
        seen[key] = number
        meetings.append(checked)
    errors += _already_imported(meetings)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: (e.row, COLUMNS.index(e.column))))
    if not meetings:
        raise ImportRefused(
            [], "Nothing was imported: the file has a header row but no meetings under it."
        )
    batch = HistoryImport(
        filename=PurePath(filename).name[:200],
        rows=len(meetings),
        imported_at=now,
        imported_by_id=actor_id,
    )
    db.session.add(batch)
    try:
        db.session.flush()
        for meeting in meetings:
            meeting.import_id = batch.id
        db.session.add_all(meetings)
        db.session.flush()
        first, last = min(m.held_on for m in meetings), max(m.held_on for m in meetings)
        audit.record(
            now,
            actor_id,
            "history.import",
            batch,
            f"meetings={len(meetings)}; held {first.isoformat()} to {last.isoformat()}",
        )
        db.session.commit()
    except IntegrityError:
        # Another import of the same meetings committed a moment ago.
        db.session.rollback()
        raise ImportRefused(
            [],
            "Nothing was imported: some of these meetings were imported "
            "by someone else a moment ago. Import the file again to see "
            "which.",
        ) from None
    children = sum(m.children for m in meetings)
    return Imported(batch, len(meetings), children, first, last)


# -- reading ------------------------------------------------------------------------------------


def _read(filename: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column: value}) for every row that is not blank, by header name."""
    too_many = f"the file has more than {MAX_ROWS} meetings. Import it a year at a time."
    return read_sheet(filename, content, COLUMNS, REQUIRED, MAX_ROWS, too_many).rows


# -- checking ----------------------------------------------------------------------------------


def _checked_row(
    number: int, row: dict[str, Any], today: date, chairs: dict[str, int], errors: list[RowError]
) -> HistoricalMeeting | None:
    found_before = len(errors)

    def fail(column: str, why: str) -> None:
        errors.append(RowError(number, column, why))

    kind = _meeting_type(row.get("meeting_type"), fail)
    texts = {column: text_of(row.get(column)) for column in _TEXT_LIMITS}
    for column, limit in _TEXT_LIMITS.items():
        if len(texts[column]) > limit:
            fail(column, f"write it in {limit} characters or fewer")
    if not texts["case_reference"]:
        fail("case_reference", "enter the case's reference")
    held_on = _day(row.get("held_on"), "held_on", today, fail)
    latest = _day(row.get("latest"), "latest", None, fail)
    children = _count(row.get("children"), "children", 1, 1, 30, fail)
    rearranged = _count(row.get("rearranged"), "rearranged", 0, 0, 99, fail)
    chair_id = None
    chair_email = text_of(row.get("chair")).lower()
    if chair_email:
        chair_id = chairs.get(chair_email)
        if chair_id is None:
            fail("chair", f"'{chair_email}' is not a chair's email address in Quorum")
    if held_on and latest and held_on > latest:
        if not texts["late_reason"]:
            fail("late_reason", "it was held after its latest day: give the reason")
        if not texts["agreed_by"]:
            fail("agreed_by", "it was held after its latest day: give the manager who agreed it")
    if len(errors) > found_before or kind is None or held_on is None or latest is None:
        return None
    return HistoricalMeeting(
        row_number=number,
        meeting_type=kind.value,
        case_reference=texts["case_reference"],
        held_on=held_on,
        latest=latest,
        children=children,
        chair_id=chair_id,
        late_reason=texts["late_reason"],
        agreed_by=texts["agreed_by"],
        rearranged=rearranged,
        rearranged_reason=texts["rearranged_reason"],
    )


def _meeting_type(value: Any, fail) -> MeetingType | None:
    text = text_of(value)
    if not text:
        fail("meeting_type", "enter the meeting type's code, for example ICPC")
        return None
    try:
        return meeting_type_from_code(text)
    except TimescaleError:
        fail(
            "meeting_type",
            f"'{text[:40]}' is not a meeting type; use one of {', '.join(MeetingType)}",
        )
        return None


def _day(value: Any, column: str, not_after: date | None, fail) -> date | None:
    day = day_of(value)
    if day is None:
        fail(
            column,
            "enter a date, for example 2025-04-30 or 30/04/2025"
            if not text_of(value)
            else f"'{text_of(value)[:40]}' is not a date; write it as 2025-04-30 or 30/04/2025",
        )
        return None
    if day.year < FIRST_YEAR:
        fail(column, f"{day.isoformat()} is before {FIRST_YEAR}: check the year")
        return None
    if not_after is not None and day > not_after:
        fail(column, f"{day.isoformat()} has not come yet: only meetings already held are history")
        return None
    return day


def _count(value: Any, column: str, default: int, least: int, most: int, fail) -> int:
    text = text_of(value)
    if not text:
        return default
    if not text.isdigit() or not least <= int(text) <= most:
        fail(column, f"enter a whole number from {least} to {most}, not '{text[:20]}'")
        return default
    return int(text)


def _already_imported(meetings: list[HistoricalMeeting]) -> list[RowError]:
    """Rows whose meeting an earlier import holds (the same type, case and day)."""
    errors = []
    keys = [(m.meeting_type, m.case_reference, m.held_on) for m in meetings]
    for start in range(0, len(keys), 500):  # a bounded IN list per query
        chunk = keys[start : start + 500]
        found = db.session.execute(
            select(
                HistoricalMeeting.meeting_type,
                HistoricalMeeting.case_reference,
                HistoricalMeeting.held_on,
                func.min(HistoryImport.filename),
            )
            .join(HistoryImport)
            .where(
                tuple_(
                    HistoricalMeeting.meeting_type,
                    HistoricalMeeting.case_reference,
                    HistoricalMeeting.held_on,
                ).in_(chunk)
            )
            .group_by(
                HistoricalMeeting.meeting_type,
                HistoricalMeeting.case_reference,
                HistoricalMeeting.held_on,
            )
        )
        rows = {(t, r, d): name for t, r, d, name in found}
        for meeting in meetings[start : start + 500]:
            key = (meeting.meeting_type, meeting.case_reference, meeting.held_on)
            if key in rows:
                errors.append(
                    RowError(
                        meeting.row_number,
                        "held_on",
                        f"this meeting was imported already (from {rows[key]})",
                    )
                )
    return errors
