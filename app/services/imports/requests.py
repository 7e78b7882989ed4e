"""Open meeting requests from a spreadsheet, through the request service: each row meets every
rule the request form applies (app.services.requests.prepare_request) and gets its statutory
window computed there; nothing else sets it.

A row is matched to the open or booked request its case has of that type (a case has one at a
time): the same sequence, trigger date and format is unchanged; a request that differs is
changed on its own page (its window, booking and invites move with it), so the row is refused
and says which request it is."""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Case, CaseParty, Chair, Locality, MeetingRequest
from app.models.requests import FORMATS, MEETING_TYPES, SEQUENCES
from app.services.cases.cases import normalise_reference
from app.services.imports.columns import Change, Column, Kind, Row, in_chunks, words_for
from app.services.requests.requests import (
    PreparedRequest,
    active_requests,
    new_request,
    prepare_request,
    record_new_request,
)
from app.services.requests.rules import RequestInput, type_label
from app.services.spreadsheets import RowError, text_of
from app.time import to_utc

COLUMNS = (
    Column("reference", "Case reference", "The case's reference, as in Quorum", "EXAMPLE-1",
           required=True),
    Column("meeting_type", "Meeting type", "Its code (ICPC, RCPC, CIC_REVIEW …) or its name "
           "(Initial child protection conference …)", "ICPC", required=True),
    Column("sequence", "Sequence", "First, second or subsequent (default first)", "first"),
    Column("trigger_date", "Trigger date", "The day its timescale counts from (the strategy "
           "discussion, the previous meeting, the child coming into care …)", "2026-03-02"),
    Column("expected_delivery", "Expected delivery", "Before birth: the expected date of "
           "delivery (default: the unborn child's on the case)", ""),
    Column("format", "Format", "In person, hybrid, virtual or off site (default in person)",
           "hybrid"),
    Column("duration_minutes", "Minutes", "Its length in minutes (default: the type's usual)",
           90),
    Column("locality", "Locality", "Where it is held (default: the case's locality)", ""),
    Column("chair", "Chair", "The chair's email address (default: the case's allocated chair)",
           ""),
    Column("chair_fixed", "Chair fixed", "Yes when only that chair may take it (default no)",
           "no"),
    Column("needs_step_free", "Step-free", "Yes when the room must be step-free (default no)",
           "no"),
    Column("needs_separate_waiting_area", "Separate waiting area", "Yes when the room needs a "
           "second waiting area (default no)", "no"),
    Column("interpreter_language", "Interpreter", "The interpreter's language, or blank", ""),
    Column("not_before_time", "Not before", "The earliest start, as 09:30 (optional)", ""),
    Column("not_after_time", "Not after", "The latest end, as 16:00 (optional)", ""),
    Column("joining_link", "Joining link", "For a hybrid or virtual meeting: its https:// link "
           "(optional)", ""),
    Column("recording_late", "Window passed", "Yes to record a request whose whole window has "
           "already passed (default no)", "no"),
    Column("notes", "Notes", "Notes for the admin team, no personal details (optional)", ""),
)  # fmt: skip
_TYPES = words_for(MEETING_TYPES) | {
    text.replace(" ", "").replace("-", "").replace("'", "").lower(): code
    for code in MEETING_TYPES
    for text in (type_label(code),)
}
_SEQUENCES = words_for(SEQUENCES, {"1st": "first", "2nd": "second", "later": "subsequent"})
_FORMATS = words_for(FORMATS, {"face to face": "in_person", "online": "virtual"})
# The service's names for the fields it refuses, as this file's columns.
_COLUMN_OF = {"case": "reference", "locality": "locality", "allocated_chair": "chair",
              "in_person_count": "format", "kept_apart_arrangement": "format",
              "in_person_override_reason": "format",
              "advocacy_not_invited_reason": "meeting_type"}  # fmt: skip
_MATCHED = ("sequence", "trigger_date", "format")


def check(rows: list[tuple[int, dict[str, Any]]], today: date, errors: list[RowError]):
    now = to_utc(today, time(12))  # the service's rules ask for a moment: midday that day
    references = {normalise_reference(text_of(cells.get("reference"))) for _, cells in rows}
    with_members = select(Case).options(
        selectinload(Case.parties).selectinload(CaseParty.person),
        selectinload(Case.children), selectinload(Case.kept_apart),
    )  # fmt: skip
    cases = {case.reference: case for case in in_chunks(Case.reference, references,
                                                        with_members.where)}  # fmt: skip
    open_requests = active_requests([case.id for case in cases.values()])
    known = {
        "cases": cases,
        "open": open_requests,
        "localities": {place.name.lower(): place for place in db.session.scalars(
            select(Locality))},
        "chairs": {chair.email.lower(): chair for chair in db.session.scalars(select(Chair))},
    }  # fmt: skip
    names = {column.key: column.header for column in COLUMNS}
    changes = []
    for number, cells in rows:
        change = _change(Row(number, cells, names, errors), known, now)
        if change is not None:
            changes.append(change)
    return changes


def _change(row: Row, known: dict, now: datetime) -> Change | None:
    reference = normalise_reference(row.text("reference", 20, "the case's reference"))
    case = known["cases"].get(reference)
    if reference and case is None:
        row.fail("reference", f"'{reference}' is not a case in Quorum: import the case first")
    data = _input(row, known)
    if not row.good or case is None or data is None:
        return None
    key = (case.id, data.meeting_type)
    existing = known["open"].get(key)
    if existing is not None:
        given = {name: getattr(data, name) for name in _MATCHED}
        if any(value is not None and getattr(existing, name) != value
               for name, value in given.items()):  # fmt: skip
            row.fail("meeting_type", f"case {case.reference} already has an {existing.status} "
                     f"{type_label(existing.meeting_type).lower()} request (number "
                     f"{existing.id}) that differs: change it on its page")  # fmt: skip
            return None
        return Change(row.number, key, existing, {}, extra={"case": case})
    prepared = row.checked("meeting_type",
                           lambda: prepare_request(now, case, data, known["open"]))  # fmt: skip
    if prepared is None:
        _move_fault(row)
        return None
    return Change(row.number, key, None, prepared.values,
                  extra={"case": case, "prepared": prepared})  # fmt: skip


def _move_fault(row: Row) -> None:
    """Name the service's refusal against the column it is about (it said which field)."""
    error = row.errors[-1]
    column = _COLUMN_OF.get(row.refused_field, row.refused_field)
    if column in row.names:
        row.errors[-1] = RowError(error.row, row.names[column], error.why)


def _input(row: Row, known: dict) -> RequestInput | None:
    meeting_type = row.choice("meeting_type", _TYPES, "a meeting type Quorum knows")
    place = row.text("locality", 80)
    locality = known["localities"].get(place.lower()) if place else None
    if place and locality is None:
        row.fail("locality", f"'{place[:40]}' is not a locality in Quorum")
    email = row.email("chair", required=False)
    chair = known["chairs"].get(email) if email else None
    if email and chair is None:
        row.fail("chair", f"'{email[:40]}' is not a chair's email address in Quorum")
    data = RequestInput(
        meeting_type=meeting_type,
        sequence=row.choice("sequence", _SEQUENCES, "first, second or subsequent",
                            default="first"),
        trigger_date=row.day("trigger_date", required=False),
        expected_delivery=row.day("expected_delivery", required=False),
        duration_minutes=row.whole("duration_minutes", 1, 24 * 60, default=0) or None,
        format=row.choice("format", _FORMATS, "in person, hybrid, virtual or off site",
                          default="in_person"),
        locality_id=locality.id if locality else None,
        allocated_chair_id=chair.id if chair else None,
        chair_fixed=row.yes_no("chair_fixed"),
        needs_step_free=row.yes_no("needs_step_free"),
        needs_separate_waiting_area=row.yes_no("needs_separate_waiting_area"),
        interpreter_language=row.text("interpreter_language", 40),
        not_before_time=row.clock("not_before_time"),
        not_after_time=row.clock("not_after_time"),
        joining_link=row.text("joining_link", 500),
        recording_late=row.yes_no("recording_late"),
        notes=row.text("notes", 2000),
    )  # fmt: skip
    return data if row.good else None


def differs(change: Change) -> list[str]:
    return list(change.values) if change.existing is None else []


def store(change: Change, now: datetime, actor_id: int | None) -> tuple[MeetingRequest, list]:
    prepared: PreparedRequest = change.extra["prepared"]
    return new_request(now, actor_id, change.extra["case"], prepared), list(change.values)


KIND = Kind(
    name="requests",
    title="Open meeting requests",
    noun="request",
    plural="open meeting requests",
    columns=COLUMNS,
    key_column="meeting_type",
    matched_by="case and meeting type (its open or booked request)",
    check=check,
    store=store,
    differs=differs,
    one="meeting type for this case",
    audits_itself=True,
    record_new=record_new_request,
)
