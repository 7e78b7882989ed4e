"""Chairs from a spreadsheet: previewed, saved all or nothing, matched by email so that the
same file twice changes nothing, and each bad row named with its column and why."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Chair
from app.services.imports import batches
from app.services.imports.chairs import KIND
from app.services.spreadsheets import ImportRefused
from tests.app.factories.rows import make_chair, make_locality, make_user
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
HEADER = [
    "Name",
    "Email",
    "Base locality",
    "FTE",
    "Roles",
    "Working days",
    "Max meetings a day",
    "Max minutes a week",
    "Portable hybrid kit",
]


def _rows(locality: str) -> list[list]:
    return [
        HEADER,
        [
            "Example Chair One",
            "one@example.org",
            locality,
            "0.8",
            "Chair, Senior chair",
            "Mon, Tue, Wed",
            3,
            900,
            "yes",
        ],
        ["Example Chair Two", "TWO@example.org", locality, 1, "Team manager", "", 2, 600, ""],
    ]


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Chair)) or 0


@pytest.mark.parametrize("make_file", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_a_good_file_previews_then_saves_its_chairs(app, make_file):
    locality = make_locality(name="Testshire North")
    content = make_file(_rows("testshire north"))
    name = "chairs.csv" if make_file is csv_bytes else "chairs.xlsx"
    found = batches.preview(KIND, name, content, TODAY)
    assert (found.read, found.errors, found.words) == (2, [], "2 added, 0 changed, 0 unchanged")
    assert _count() == 0
    batches.save(NOW, None, KIND, name, content)
    one, two = db.session.scalars(select(Chair).order_by(Chair.email))
    assert (one.email, one.base_locality_id, one.fte, one.roles, one.working_days) == (
        "one@example.org",
        locality.id,
        Decimal("0.80"),
        "chair senior",
        "mon tue wed",
    )
    assert one.portable_hybrid_kit and not two.portable_hybrid_kit
    assert (two.email, two.roles, two.working_days) == (
        "two@example.org",
        "team_manager",
        "mon tue wed thu fri",
    )


def test_importing_the_same_file_again_changes_nothing(app):
    make_locality(name="Testshire North")
    content = xlsx_bytes(_rows("Testshire North"))
    batches.save(NOW, None, KIND, "chairs.xlsx", content)
    again = batches.save(NOW, None, KIND, "chairs.xlsx", content)
    assert again.words == "0 added, 0 changed, 2 unchanged"
    assert _count() == 2


def test_a_chair_whose_row_differs_is_changed_and_audited_by_field(app):
    make_locality(name="Testshire North")
    chair = make_chair(email="one@example.org", name="Example Chair One")
    rows = _rows("Testshire North")
    found = batches.save(NOW, None, KIND, "chairs.csv", csv_bytes(rows))
    assert found.words == "1 added, 1 changed, 0 unchanged"
    assert chair.fte == Decimal("0.80") and chair.roles == "chair senior"
    details = dict(db.session.execute(select(AuditEvent.action, AuditEvent.detail)).all())
    assert details["chair.updated"].startswith("imported; fields=")
    assert "base_locality_id" in details["chair.updated"] and "fte" in details["chair.updated"]
    assert details["import.chairs"] == "rows=2; added=1; changed=1; unchanged=0"
    assert not any("example.org" in detail for detail in details.values())


def test_several_bad_rows_are_each_named_and_nothing_is_saved(app):
    make_locality(name="Testshire North")
    rows = [
        HEADER,
        ["Example Chair One", "one@example.org", "Testshire North", "0.8", "", "", 3, 900, ""],
        ["", "x", "Nowhere", "1.5", "Boss", "Sun", 11, 900, "maybe"],
        ["Example Chair Three", "ONE@example.org", "Testshire North", "1", "", "", 3, 900, ""],
    ]
    found = batches.preview(KIND, "chairs.csv", csv_bytes(rows), TODAY)
    assert [error.words for error in found.errors] == [
        "Row 3, Name: enter the chair's name",
        "Row 3, Email: 'x' is not an email address",
        "Row 3, Base locality: 'Nowhere' is not a locality in Quorum",
        "Row 3, FTE: FTE must be more than 0 and no more than 1",
        "Row 3, Roles: 'Boss' is not one of chair, senior, team_manager",
        "Row 3, Working days: 'Sun' is not one of mon, tue, wed, thu, fri",
        "Row 3, Max meetings a day: '11' is not a whole number from 1 to 10",
        "Row 3, Portable hybrid kit: 'maybe' is not yes or no",
        "Row 4, Email: the same chair as row 2",
    ]
    with pytest.raises(ImportRefused) as refused:
        batches.save(NOW, None, KIND, "chairs.csv", csv_bytes(rows))
    assert refused.value.total == 9
    assert _count() == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_missing_required_column_is_named_and_an_unknown_one_is_reported(app):
    with pytest.raises(ImportRefused) as refused:
        batches.preview(
            KIND, "c.csv", csv_bytes([["Name", "Email"], ["A", "a@example.org"]]), TODAY
        )
    assert [error.words for error in refused.value.errors] == [
        "Row 1, Base locality: this column is missing from the header row",
        "Row 1, FTE: this column is missing from the header row",
        "Row 1, Max meetings a day: this column is missing from the header row",
        "Row 1, Max minutes a week: this column is missing from the header row",
    ]
    make_locality(name="Testshire North")
    rows = _rows("Testshire North")
    rows[0] = [
        "  NAME ",
        "E-mail",
        "base_locality",
        "fte",
        "ROLES",
        "working days",
        "Max Meetings A Day",
        "max_minutes_per_week",
        "Portable  hybrid kit",
        "Shoe size",
    ]
    found = batches.preview(KIND, "c.csv", csv_bytes(rows), TODAY)
    assert (found.unknown, found.errors, found.added) == (["Shoe size"], [], 2)


@pytest.mark.parametrize(("make_file", "name"), [(csv_bytes, "c.csv"), (xlsx_bytes, "c.xlsx")])
def test_a_cell_that_looks_like_a_formula_is_kept_as_text(app, make_file, name):
    make_locality(name="Testshire North")
    rows = _rows("Testshire North")
    rows[1][0] = '=HYPERLINK("http://evil.example","Click")'
    rows[2][0] = "+44 Example"
    batches.save(NOW, None, KIND, name, make_file(rows))
    names = db.session.scalars(select(Chair.name).order_by(Chair.email)).all()
    assert names == ['=HYPERLINK("http://evil.example","Click")', "+44 Example"]


def test_a_new_chair_is_linked_to_the_free_chair_account_with_its_email(app):
    make_locality(name="Testshire North")
    user = make_user(role="chair", email="one@example.org")
    batches.save(NOW, None, KIND, "chairs.csv", csv_bytes(_rows("Testshire North")))
    chair = db.session.scalar(select(Chair).where(Chair.email == "one@example.org"))
    assert chair.user_id == user.id
