"""Cases: an opaque reference, a home locality, the allocated IRO, and when it opened and closed.

Children, parties and kept-apart pairs are in app.services.cases.members. Audit rows carry ids
and field names only: never a child's initials or date of birth.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.limits import FIRST_DAY
from app.models import Case, Chair, Locality, Meeting, MeetingRequest
from app.services import NotFound, ServiceError, audit
from app.services.requests import checkpoints
from app.time import format_day, london_date

# No 0/O or 1/I: references are read out over the phone.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
PER_PAGE = 50
ACTIVE_REQUEST_STATUSES = ("open", "booked")
# No case or trigger this service records is older than the first day Quorum accepts at all:
# an earlier date is a typing slip (1900 for 2000). A child's case opened before 2000 has
# long closed (they are adults).
FIRST_OPENED_ON = FIRST_DAY


@dataclass(frozen=True)
class CaseInput:
    reference: str
    home_locality_id: int | None
    allocated_chair_id: int | None
    opened_on: date | None
    # Its parents are then seen in person (app.services.requests.rules.not_in_person).
    domestic_abuse: bool = False


def get_case(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(f"There is no case {case_id}.")
    return case


def find_case_by_reference(reference: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.reference == normalise_reference(reference)))


def normalise_reference(reference: str) -> str:
    return (reference or "").strip().upper()


def choices() -> dict[str, list[tuple[str, str]]]:
    """Options for the case forms: localities and chairs still in service."""
    localities = db.session.scalars(
        select(Locality).where(Locality.retired_at.is_(None)).order_by(Locality.name)
    )
    chairs = db.session.scalars(
        select(Chair).where(Chair.retired_at.is_(None)).order_by(Chair.name)
    )
    return {
        "localities": [(str(loc.id), loc.name) for loc in localities],
        "chairs": [(str(chair.id), chair.name) for chair in chairs],
    }


def list_cases(filters: dict, page: int | None = 1):
    """One page of cases matching the filter form: reference, locality, chair, open/closed."""
    query = select(Case).order_by(Case.reference)
    if reference := normalise_reference(filters.get("reference", "")):
        query = query.where(Case.reference.contains(reference, autoescape=True))
    if filters.get("locality"):
        query = query.where(Case.home_locality_id == int(filters["locality"]))
    if filters.get("chair"):
        query = query.where(Case.allocated_chair_id == int(filters["chair"]))
    state = filters.get("state") or "open"
    if state == "open":
        query = query.where(Case.closed_on.is_(None))
    elif state == "closed":
        query = query.where(Case.closed_on.is_not(None))
    if page is None:  # every row, for a download
        return list(db.session.scalars(query))
    return db.paginate(query, page=max(page, 1), per_page=PER_PAGE, error_out=False)


def case_page(case_id: int) -> dict:
    """What the case page shows: the case, its requests (newest first) and their meetings."""
    case = get_case(case_id)
    requests = list(
        db.session.scalars(
            select(MeetingRequest)
            .where(MeetingRequest.case_id == case.id)
            .order_by(MeetingRequest.latest.desc(), MeetingRequest.id.desc())
        )
    )
    meetings = list(
        db.session.scalars(
            select(Meeting)
            .join(MeetingRequest)
            .where(MeetingRequest.case_id == case.id)
            .order_by(Meeting.starts_at.desc())
        )
    )
    return {"case": case, "requests": requests, "meetings": meetings}


def create_case(now: datetime, actor_id: int | None, data: CaseInput) -> Case:
    _check(data, london_date(now))
    reference = normalise_reference(data.reference) or _new_reference()
    _check_reference_free(reference, None)
    case = Case(
        reference=reference,
        home_locality_id=data.home_locality_id,
        allocated_chair_id=data.allocated_chair_id,
        opened_on=data.opened_on,
        domestic_abuse=data.domestic_abuse,
    )
    db.session.add(case)
    _flush_or_refuse()
    audit.record(now, actor_id, "case.create", case, "fields: reference, home_locality_id, "
                 "allocated_chair_id, opened_on, domestic_abuse")  # fmt: skip
    db.session.commit()
    return case


def update_case(now: datetime, actor_id: int | None, case_id: int, data: CaseInput) -> Case:
    case = get_case(case_id)
    _check(data, london_date(now))
    reference = normalise_reference(data.reference) or case.reference
    _check_reference_free(reference, case.id)
    assert data.opened_on is not None  # _check refuses a case without it
    if case.closed_on is not None and data.opened_on > case.closed_on:
        raise ServiceError("The case cannot open after the day it closed.", "opened_on")
    changed = _apply(case, {"reference": reference, "home_locality_id": data.home_locality_id,
                            "allocated_chair_id": data.allocated_chair_id,
                            "opened_on": data.opened_on,
                            "domestic_abuse": data.domestic_abuse})  # fmt: skip
    if changed:
        _flush_or_refuse()
        audit.record(now, actor_id, "case.update", case, "changed: " + ", ".join(changed))
        db.session.commit()
    return case


def close_case(now: datetime, actor_id: int | None, case_id: int, closed_on: date | None) -> Case:
    case = get_case(case_id)
    if case.closed_on is not None:
        raise ServiceError(f"Case {case.reference} is already closed.", "closed_on")
    if closed_on is None:
        raise ServiceError("Enter the date the case closed.", "closed_on")
    if closed_on < case.opened_on:
        raise ServiceError("A case cannot close before the day it opened.", "closed_on")
    active = db.session.scalar(
        select(func.count())
        .select_from(MeetingRequest)
        .where(
            MeetingRequest.case_id == case.id,
            MeetingRequest.status.in_(ACTIVE_REQUEST_STATUSES),
            # Closing the case ends the child protection plan, and so its checkpoint (below).
            MeetingRequest.meeting_type != checkpoints.CHECKPOINT.value,
        )
    )
    if active:
        raise ServiceError(
            f"Case {case.reference} has {active} open or booked meeting request(s). Cancel "
            "them, or mark their meetings held, before closing the case.",
            "closed_on",
        )
    case.closed_on = closed_on
    audit.record(now, actor_id, "case.close", case, "changed: closed_on")
    checkpoints.end_checkpoint(now, actor_id, case.id, checkpoints.case_closed_words(closed_on))
    db.session.commit()
    return case


# -- checks and helpers --------------------------------------------------------------------------


def _check(data: CaseInput, today: date) -> None:
    reference = normalise_reference(data.reference)
    if reference and not REFERENCE_PATTERN.match(reference):
        raise ServiceError(
            "A case reference is up to 20 letters, digits and hyphens, for example C7F3K2.",
            "reference",
        )
    if data.home_locality_id is None or db.session.get(Locality, data.home_locality_id) is None:
        raise ServiceError("Choose the case's home locality.", "home_locality")
    if (
        data.allocated_chair_id is not None
        and db.session.get(Chair, data.allocated_chair_id) is None
    ):
        raise ServiceError("Choose a chair from the list.", "allocated_chair")
    if data.opened_on is None:
        raise ServiceError("Enter the date the case opened.", "opened_on")
    check_opened_on(data.opened_on, today)


def check_opened_on(opened_on: date, today: date) -> None:
    """A typing slip (1900 for 2000, 2030 for 2023) would make every window counted from the
    case nonsense, so the day must be on or after FIRST_OPENED_ON and not in the future."""
    if opened_on < FIRST_OPENED_ON:
        raise ServiceError(
            f"Enter the date the case opened: it cannot be before {format_day(FIRST_OPENED_ON)}.",
            "opened_on",
        )
    if opened_on > today:
        raise ServiceError(
            f"Enter the date the case opened: {format_day(opened_on)} is in the future.",
            "opened_on",
        )


def _check_reference_free(reference: str, case_id: int | None) -> None:
    other = db.session.scalar(select(Case.id).where(Case.reference == reference))
    if other is not None and other != case_id:
        raise ServiceError(
            f"The reference {reference} is already used by another case.", "reference"
        )


def _new_reference() -> str:
    for _ in range(20):
        reference = "C" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(5))
        if db.session.scalar(select(Case.id).where(Case.reference == reference)) is None:
            return reference
    raise ServiceError("Could not generate a free case reference; enter one.", "reference")


def _flush_or_refuse() -> None:
    # Two admins saving the same reference at once: the unique constraint decides.
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError("That reference is already used by another case.", "reference") from None


def _apply(row: object, values: dict) -> list[str]:
    """Set changed attributes; return the names of those that changed (for the audit row)."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed
