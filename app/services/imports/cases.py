"""Cases with their children and parties from a spreadsheet (a case system's export): one row
per child or party, the rows of one case sharing its reference. A case is matched by its
reference; its children (by initials and date of birth or expected delivery) and its parties (by
person) are added when Quorum lacks them, and a party's relationship is updated. Nothing is
removed. A blank case column on a case Quorum holds keeps what it holds."""

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Case, CaseParty, Chair, Child, Locality, Person
from app.services.cases.cases import REFERENCE_PATTERN, check_opened_on, normalise_reference
from app.services.cases.members import INITIALS
from app.services.imports.columns import Change, Column, Kind, Row, in_chunks
from app.services.reference._filters import apply_changes
from app.services.spreadsheets import RowError, text_of

COLUMNS = (
    Column("reference", "Case reference", "The case's reference (up to 20 letters, digits and "
           "hyphens): how a case is matched; one row per child or party", "EXAMPLE-1",
           required=True),
    Column("home_locality", "Home locality", "The case's locality, as named in Quorum (required "
           "for a new case)", "Testshire North"),
    Column("opened_on", "Opened on", "The day the case opened (required for a new case)",
           "2026-01-05"),
    Column("chair", "Allocated chair", "The allocated chair's email address (optional)",
           "example.chair.one@example.org"),
    Column("domestic_abuse", "Domestic abuse", "Yes when the case is flagged for domestic "
           "abuse (default no)", "no"),
    Column("child_initials", "Child initials", "A child's initials, 1 to 4 letters, never a "
           "name", "XY"),
    Column("child_born", "Child date of birth", "The child's date of birth", "2019-04-01"),
    Column("child_expected", "Expected delivery", "Before birth: the expected date of delivery "
           "instead", ""),
    Column("party", "Party", "A person in Quorum, by email address (or by name when only one "
           "person has it)", "example.person.one@example.org"),
    Column("relationship", "Relationship", "The party's relationship to the case, for example "
           "mother or social worker", "Social worker"),
)  # fmt: skip
CASE_FIELDS = ("home_locality_id", "opened_on", "allocated_chair_id", "domestic_abuse")


def check(rows: list[tuple[int, dict[str, Any]]], today: date, errors: list[RowError]):
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    names = {column.key: column.header for column in COLUMNS}
    for number, cells in rows:
        reference = normalise_reference(text_of(cells.get("reference")))
        if not REFERENCE_PATTERN.match(reference):
            why = "enter the case's reference: up to 20 letters, digits and hyphens"
            Row(number, cells, names, errors).fail("reference", why)
            continue
        groups[reference].append((number, cells))
    known = _known(groups)
    changes = []
    for reference, group in groups.items():
        change = _case(reference, group, known, today, names, errors)
        if change is not None:
            changes.append(change)
    return changes


def _known(groups: dict[str, list[tuple[int, dict[str, Any]]]]) -> dict[str, Any]:
    """What the file's rows name: their cases (with children and parties) and people."""
    parties = {text_of(cells.get("party")).lower() for group in groups.values()
               for _, cells in group} - {""}  # fmt: skip
    people_by_name: dict[str, list[Person]] = defaultdict(list)
    people_by_email: dict[str, list[Person]] = defaultdict(list)
    active = select(Person).where(Person.retired_at.is_(None))
    for person in {*in_chunks(func.lower(Person.email), parties, active.where),
                   *in_chunks(func.lower(Person.name), parties, active.where)}:  # fmt: skip
        people_by_name[person.name.lower()].append(person)
        if person.email:
            people_by_email[person.email.lower()].append(person)
    with_members = select(Case).options(selectinload(Case.children), selectinload(Case.parties))
    cases = in_chunks(Case.reference, groups, with_members.where)
    return {
        "cases": {case.reference: case for case in cases},
        "localities": {place.name.lower(): place for place in db.session.scalars(
            select(Locality))},
        "chairs": {chair.email.lower(): chair for chair in db.session.scalars(select(Chair))},
        "people_by_email": people_by_email,
        "people_by_name": people_by_name,
    }  # fmt: skip


def _case(reference: str, group: list, known: dict, today: date, names: dict,
          errors: list[RowError]) -> Change | None:  # fmt: skip
    existing = known["cases"].get(reference)
    given: dict[str, tuple[int, Any]] = {}  # field -> (row, value): the first row that gives it
    children: list[tuple[str, date | None, date | None]] = []
    parties: dict[int, str] = {}
    faults = len(errors)
    for number, cells in group:
        row = Row(number, cells, names, errors)
        for field, value in _case_values(row, known, today).items():
            if value is None:
                continue
            if field in given and given[field][1] != value:
                row.fail(_COLUMN_OF[field], f"differs from row {given[field][0]} of this case")
            given.setdefault(field, (number, value))
        child = _child(row, today)
        if child is not None and child not in children:
            children.append(child)
        party = _party(row, known)
        if party is not None:
            if party[0] in parties and parties[party[0]] != party[1]:
                row.fail("relationship", "this party has another relationship on an earlier row")
            parties[party[0]] = party[1]
    values = {field: value for field, (_, value) in given.items()}
    if existing is not None:
        for field in CASE_FIELDS:  # a blank column keeps what Quorum holds
            values.setdefault(field, getattr(existing, field))
    else:
        values.setdefault("domestic_abuse", False)
        values.setdefault("allocated_chair_id", None)
        for field, words in (("home_locality_id", "the home locality of a new case"),
                             ("opened_on", "the day a new case opened")):  # fmt: skip
            if field not in values and not _named(errors[faults:], _COLUMN_OF[field], names):
                Row(group[0][0], {}, names, errors).fail(_COLUMN_OF[field], f"enter {words}")
    if len(errors) > faults:
        return None
    return Change(group[0][0], reference, existing, {"reference": reference, **values},
                  extra={"children": children, "parties": parties})  # fmt: skip


def _named(errors: list[RowError], column: str, names: dict[str, str]) -> bool:
    """Whether a fault in this column is named already (a date in the future, say)."""
    return any(error.column == names[column] for error in errors)


_COLUMN_OF = {"home_locality_id": "home_locality", "opened_on": "opened_on",
              "allocated_chair_id": "chair", "domestic_abuse": "domestic_abuse"}  # fmt: skip


def _case_values(row: Row, known: dict, today: date) -> dict[str, Any]:
    """The case's own columns this row gives (None: left blank)."""
    found: dict[str, Any] = dict.fromkeys(CASE_FIELDS)
    place = row.text("home_locality", 80)
    if place:
        locality = known["localities"].get(place.lower())
        if locality is None:
            row.fail("home_locality", f"'{place[:40]}' is not a locality in Quorum")
        else:
            found["home_locality_id"] = locality.id
    opened_on = row.day("opened_on", required=False)
    if opened_on is not None:
        before = row.faults
        row.checked("opened_on", lambda: check_opened_on(opened_on, today))
        if row.faults == before:
            found["opened_on"] = opened_on
    email = row.email("chair", required=False)
    if email:
        chair = known["chairs"].get(email)
        if chair is None:
            row.fail("chair", f"'{email[:40]}' is not a chair's email address in Quorum")
        else:
            found["allocated_chair_id"] = chair.id
    if text_of(row.raw("domestic_abuse")):
        found["domestic_abuse"] = row.yes_no("domestic_abuse")
    return found


def _child(row: Row, today: date) -> tuple[str, date | None, date | None] | None:
    initials = "".join(ch for ch in text_of(row.raw("child_initials")) if ch not in " .").upper()
    born = row.day("child_born", required=False)
    expected = row.day("child_expected", required=False)
    if not initials:
        if born or expected:
            row.fail("child_initials", "enter the child's initials")
        return None
    if not INITIALS.match(initials):
        row.fail("child_initials", "enter the child's initials: 1 to 4 letters, no names")
    if (born is None) == (expected is None):
        row.fail("child_born", "enter either the date of birth or, before birth, the expected "
                 "date of delivery")  # fmt: skip
    elif born is not None and born > today:
        row.fail("child_born", f"{born.isoformat()} is in the future")
    return (initials, born, expected) if row.good else None


def _party(row: Row, known: dict) -> tuple[int, str] | None:
    who = text_of(row.raw("party"))
    relationship = row.text("relationship", 40)
    if not who:
        if relationship:
            row.fail("party", "enter the party's email address or name")
        return None
    found = (known["people_by_email"] if "@" in who else known["people_by_name"]).get(who.lower())
    if not found:
        row.fail("party", f"'{who[:40]}' is not a person in Quorum: import them first")
        return None
    if len(found) > 1:
        row.fail("party", f"{len(found)} people in Quorum are '{who[:40]}': give an email address")
        return None
    if not relationship:
        row.fail("relationship", "enter the party's relationship to the case")
        return None
    return found[0].id, relationship


def differs(change: Change) -> list[str]:
    case = change.existing
    if case is None:
        return list(change.values) + ["children", "parties"]
    fields = [name for name in CASE_FIELDS if getattr(case, name) != change.values[name]]
    have = {(child.initials, child.date_of_birth, child.expected_delivery)
            for child in case.children}  # fmt: skip
    if any(child not in have for child in change.extra["children"]):
        fields.append("children")
    held = {party.person_id: party.relationship_to_case for party in case.parties}
    if any(held.get(person) != words for person, words in change.extra["parties"].items()):
        fields.append("parties")
    return fields


def store(change: Change, now: datetime, actor_id: int | None) -> tuple[Case, list[str]]:
    fields = differs(change)
    case = change.existing
    if case is None:
        case = Case(**change.values)
        db.session.add(case)
    else:
        apply_changes(case, {name: change.values[name] for name in CASE_FIELDS})
    have = {(child.initials, child.date_of_birth, child.expected_delivery)
            for child in case.children}  # fmt: skip
    for initials, born, expected in change.extra["children"]:
        if (initials, born, expected) not in have:
            case.children.append(Child(initials=initials, date_of_birth=born,
                                       expected_delivery=expected))  # fmt: skip
    held = {party.person_id: party for party in case.parties}
    for person_id, words in change.extra["parties"].items():
        if person_id in held:
            held[person_id].relationship_to_case = words
        else:
            case.parties.append(CaseParty(person_id=person_id, relationship_to_case=words))
    return case, fields


KIND = Kind(
    name="cases",
    title="Cases with their parties",
    noun="case",
    plural="cases",
    columns=COLUMNS,
    key_column="reference",
    matched_by="case reference",
    check=check,
    store=store,
    differs=differs,
    verbs=("create", "update"),
)
