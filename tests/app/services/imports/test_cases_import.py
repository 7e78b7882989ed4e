"""Cases with their children and parties from a spreadsheet, one row per child or party; a case
matched by its reference, so the same file twice changes nothing."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Case, CaseParty, Child
from app.services.imports import batches
from app.services.imports.cases import KIND
from app.services.spreadsheets import ImportRefused
from tests.app.factories.rows import make_chair, make_locality, make_person
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
HEADER = [
    "Case reference",
    "Home locality",
    "Opened on",
    "Allocated chair",
    "Domestic abuse",
    "Child initials",
    "Child date of birth",
    "Expected delivery",
    "Party",
    "Relationship",
]


def _rows() -> list[list]:
    return [
        HEADER,
        [
            "ex-1",
            "Testshire North",
            "2026-01-05",
            "one@example.org",
            "yes",
            "AB",
            "2019-04-01",
            "",
            "mum@example.org",
            "Mother",
        ],
        ["EX-1", "", "", "", "", "CD", "2021-06-30", "", "Example Worker", "Social worker"],
        ["EX-2", "Testshire North", "05/01/2026", "", "", "EF", "", "2026-05-01", "", ""],
    ]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _world():
    locality = make_locality(name="Testshire North")
    chair = make_chair(email="one@example.org")
    mother = make_person(name="Example Mother", role="parent", email="mum@example.org")
    worker = make_person(name="Example Worker", role="social_worker", email="")
    return locality, chair, mother, worker


@pytest.mark.parametrize(("make_file", "name"), [(csv_bytes, "c.csv"), (xlsx_bytes, "c.xlsx")])
def test_a_good_file_previews_then_saves_cases_with_children_and_parties(app, make_file, name):
    locality, chair, mother, worker = _world()
    rows = _rows()
    found = batches.preview(KIND, name, make_file(rows), TODAY)
    assert (found.read, found.errors, found.words) == (3, [], "2 added, 0 changed, 0 unchanged")
    assert _count(Case) == 0
    batches.save(NOW, None, KIND, name, make_file(rows))
    one = db.session.scalar(select(Case).where(Case.reference == "EX-1"))
    assert (one.home_locality_id, one.allocated_chair_id, one.opened_on, one.domestic_abuse) == (
        locality.id,
        chair.id,
        date(2026, 1, 5),
        True,
    )
    assert [(c.initials, c.date_of_birth) for c in one.children] == [
        ("AB", date(2019, 4, 1)),
        ("CD", date(2021, 6, 30)),
    ]
    assert {(p.person_id, p.relationship_to_case) for p in one.parties} == {
        (mother.id, "Mother"),
        (worker.id, "Social worker"),
    }
    unborn = db.session.scalar(select(Case).where(Case.reference == "EX-2"))
    assert [(c.date_of_birth, c.expected_delivery) for c in unborn.children] == [
        (None, date(2026, 5, 1))
    ]
    details = db.session.scalars(select(AuditEvent.detail)).all()
    assert not any("AB" in detail or "Mother" in detail for detail in details)


def test_the_same_cases_again_change_nothing_and_a_new_party_changes_its_case(app):
    _world()
    batches.save(NOW, None, KIND, "c.csv", csv_bytes(_rows()))
    assert batches.save(NOW, None, KIND, "c.csv", csv_bytes(_rows())).words == (
        "0 added, 0 changed, 2 unchanged"
    )
    rows = _rows()
    rows[2][9] = "Allocated social worker"
    rows.append(["EX-2", "", "", "", "", "", "", "", "mum@example.org", "Mother"])
    assert batches.save(NOW, None, KIND, "c.csv", csv_bytes(rows)).words == (
        "0 added, 2 changed, 0 unchanged"
    )
    assert _count(CaseParty) == 3 and _count(Child) == 3


def test_bad_case_rows_are_each_named_and_nothing_is_saved(app):
    _world()
    rows = [
        HEADER,
        ["EX-1", "Testshire North", "2026-01-05", "", "", "Alice Brown", "2019-04-01", "", "", ""],
        ["EX-1", "Testshire South", "", "", "", "", "", "", "nobody@example.org", "Mother"],
        ["EX-2", "", "2030-01-01", "nobody@example.org", "", "AB", "", "", "", ""],
        ["bad ref!", "", "", "", "", "", "", "", "", ""],
    ]
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "c.csv", csv_bytes(rows))
    assert [error.words for error in refused.value.errors] == [
        "Row 2, Child initials: enter the child's initials: 1 to 4 letters, no names",
        "Row 3, Home locality: 'Testshire South' is not a locality in Quorum",
        "Row 3, Party: 'nobody@example.org' is not a person in Quorum: import them first",
        "Row 4, Home locality: enter the home locality of a new case",
        "Row 4, Opened on: enter the date the case opened: Tue 1 Jan 2030 is in the future.",
        "Row 4, Allocated chair: 'nobody@example.org' is not a chair's email address in Quorum",
        "Row 4, Child date of birth: enter either the date of birth or, before birth, the "
        "expected date of delivery",
        "Row 5, Case reference: enter the case's reference: up to 20 letters, digits and hyphens",
    ]
    assert _count(Case) == 0
