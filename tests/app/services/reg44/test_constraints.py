"""The database keeps Regulation 44 records sound whatever the service does (SQLite and
PostgreSQL alike)."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ChildrensHome, IndependentVisitor, Reg44Visit
from tests.app.services.reg44.factories import make_home, make_visitor


def _visit(home, **overrides) -> Reg44Visit:
    fields = {"home_id": home.id, "period_start": date(2026, 3, 1), "earliest": date(2026, 3, 2),
              "latest": date(2026, 3, 31), "ical_uid": f"uid-{id(overrides)}-{len(overrides)}",
              "ical_sequence": 0}  # fmt: skip
    return Reg44Visit(**{**fields, **overrides})


def _refused(row) -> None:
    db.session.add(row)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_one_visit_per_home_per_period(app):
    home = make_home()
    db.session.add(_visit(home, ical_uid="a"))
    db.session.flush()
    _refused(_visit(home, ical_uid="b"))


@pytest.mark.parametrize(
    "fields",
    [
        {"visited_on": date(2026, 3, 10), "report_received_on": date(2026, 3, 9)},  # report first
        {"report_received_on": date(2026, 3, 9)},  # a report with no visit
        {"visited_on": date(2026, 2, 27)},  # before its period
        {"earliest": date(2026, 4, 1)},  # a window the wrong way round
        {"planned_starts_at": datetime(2026, 3, 3, 10, tzinfo=UTC)},  # a start with no end
        {"ical_sequence": -1},
    ],
)
def test_a_visit_that_makes_no_sense_is_refused(app, fields):
    home = make_home()
    visitor = make_visitor()
    _refused(_visit(home, visitor_id=visitor.id, **fields))


def test_a_visit_needs_its_visitor_and_a_booking_its_visitor(app):
    home = make_home()
    _refused(_visit(home, visited_on=date(2026, 3, 10)))
    start = datetime(2026, 3, 3, 10, tzinfo=UTC)
    _refused(_visit(home, planned_starts_at=start, planned_ends_at=start))


def test_a_home_closes_after_it_opened_and_names_are_unique(app):
    home = make_home()
    db.session.commit()  # kept across each refusal's rollback
    _refused(_home_row(home, closed_on=date(2024, 1, 1)))
    _refused(_home_row(home, name=home.name))
    _refused(IndependentVisitor(name="Someone", email=home.visitor.email))


def _home_row(home: ChildrensHome, **overrides) -> ChildrensHome:
    fields = {"name": "Another home", "locality_id": home.locality_id,
              "opened_on": date(2025, 1, 6), "supported_living": False}  # fmt: skip
    return ChildrensHome(**{**fields, **overrides})
