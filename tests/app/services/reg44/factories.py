"""Synthetic homes and visitors for the Regulation 44 tests."""

import itertools
from datetime import date

from app.extensions import db
from app.models import ChildrensHome, IndependentVisitor
from tests.app.factories.rows import make_locality

_counter = itertools.count(1)


def make_visitor(**overrides) -> IndependentVisitor:
    n = next(_counter)
    visitor = IndependentVisitor(
        **{"name": f"Visitor {n}", "email": f"visitor{n}@example.org", **overrides}
    )
    db.session.add(visitor)
    db.session.flush()
    return visitor


def make_home(**overrides) -> ChildrensHome:
    if "locality" not in overrides and "locality_id" not in overrides:
        overrides["locality"] = make_locality()
    if "visitor" not in overrides and "visitor_id" not in overrides:
        overrides["visitor"] = make_visitor()
    fields = {"name": f"Home {next(_counter)}", "opened_on": date(2025, 1, 6),
              "supported_living": False}  # fmt: skip
    home = ChildrensHome(**{**fields, **overrides})
    db.session.add(home)
    db.session.flush()
    return home
