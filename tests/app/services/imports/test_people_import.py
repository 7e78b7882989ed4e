"""People from a spreadsheet, matched by email, or by name and role for someone without one."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Person
from app.services.imports import batches
from app.services.imports.people import KIND
from app.services.spreadsheets import ImportRefused
from tests.app.factories.rows import make_person
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
HEADER = ["Name", "Role", "Organisation", "Email", "Phone"]
GOOD = [
    HEADER,
    ["Example Worker", "Social worker", "Example Council", "worker@example.org", "01632 960 001"],
    ["Example Parent", "parent", "", "", ""],
]


def _people() -> list[Person]:
    return list(db.session.scalars(select(Person).order_by(Person.name)))


@pytest.mark.parametrize(("make_file", "name"), [(csv_bytes, "p.csv"), (xlsx_bytes, "p.xlsx")])
def test_a_good_file_previews_then_saves_people(app, make_file, name):
    assert batches.preview(KIND, name, make_file(GOOD), TODAY).words == (
        "2 added, 0 changed, 0 unchanged"
    )
    assert _people() == []
    batches.save(NOW, None, KIND, name, make_file(GOOD))
    parent, worker = _people()
    assert (parent.role, parent.email) == ("parent", "")
    assert (worker.role, worker.organisation, worker.phone) == (
        "social_worker",
        "Example Council",
        "01632 960 001",
    )


def test_people_are_matched_by_email_or_by_name_and_role_so_again_changes_nothing(app):
    worker = make_person(name="Example Worker", role="social_worker", email="worker@example.org")
    make_person(name="Example Parent", role="parent", email="")
    found = batches.save(NOW, None, KIND, "p.csv", csv_bytes(GOOD))
    assert found.words == "0 added, 1 changed, 1 unchanged"
    assert (worker.organisation, worker.phone) == ("Example Council", "01632 960 001")
    again = batches.save(NOW, None, KIND, "p.csv", csv_bytes(GOOD))
    assert again.words == "0 added, 0 changed, 2 unchanged"
    assert len(_people()) == 2


def test_bad_people_are_each_named_and_none_is_saved(app):
    make_person(name="Twin", role="parent", email="")
    make_person(name="Twin", role="parent", email="")
    rows = [
        HEADER,
        GOOD[1],
        ["", "wizard", "", "not-an-email", "call me"],
        ["Twin", "Parent", "", "", ""],
    ]
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "p.csv", csv_bytes(rows))
    assert [error.words for error in refused.value.errors] == [
        "Row 3, Name: enter the person's name",
        "Row 3, Role: 'wizard' is not a role Quorum knows",
        "Row 3, Email: 'not-an-email' is not an email address",
        "Row 3, Phone: 'call me' is not a phone number",
        "Row 4, Name: 2 people in Quorum match this row: make them one on the People page, or "
        "give an email address",
    ]
    assert len(_people()) == 2
