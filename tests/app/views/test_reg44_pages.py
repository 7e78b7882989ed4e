"""The Regulation 44 pages through the Flask test client: staff only (from the policy table),
the tracker in words, recording from a period's page, and bad input refused with a message that
names the field, changing nothing and never a server error."""

from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import ChildrensHome, IndependentVisitor, Reg44Visit
from app.policy import POLICY
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.outbox import outbox_rows
from tests.app.factories.rows import make_locality
from tests.app.services.reg44.factories import make_home

REG44_ENDPOINTS = sorted(endpoint for endpoint in POLICY if endpoint.startswith("reg44."))
MID_MARCH = "2026-03-16 12:00:00+00:00"


@pytest.fixture
def staff(app, client):
    """A manager signed in on 16 March 2026, the day every test here runs."""
    with time_machine.travel(MID_MARCH, tick=False):
        yield _signed_in_manager(app, client)


def _signed_in_manager(app, client):
    signed_in_as(client, "manager")
    app.config["WTF_CSRF_ENABLED"] = False  # these tests are about the pages; CSRF has its own
    return client


def test_every_reg44_page_is_for_admins_and_managers_only():
    assert len(REG44_ENDPOINTS) == 14
    assert {POLICY[endpoint].roles for endpoint in REG44_ENDPOINTS} == {("admin", "manager")}


def test_a_chair_is_refused_the_tracker(app, client):
    signed_in_as(client, "chair")
    assert client.get("/reg44").status_code == 403


def test_the_tracker_says_each_months_state_in_words(staff):
    home = make_home(name="Rowan House", opened_on=date(2026, 1, 5))
    db.session.add(Reg44Visit(home_id=home.id, period_start=date(2026, 1, 1),
                              earliest=date(2026, 1, 2), latest=date(2026, 1, 30),
                              visited_on=date(2026, 1, 9), visitor_id=home.visitor_id,
                              ical_uid="u1", ical_sequence=0))  # fmt: skip
    db.session.commit()
    page = staff.get("/reg44").get_data(as_text=True)
    for words in ("Rowan House", "Visited 9 Jan", "Report awaited", "Missed", "Due by 31 Mar",
                  "Not yet due", "Sep 2025", "May 2026"):  # fmt: skip
        assert words in page, words


def test_a_bad_month_on_the_tracker_is_a_400_naming_the_field(staff):
    response = staff.get("/reg44?from=next-tuesday")
    assert response.status_code == 400
    assert "Enter the first month as a year and month" in response.get_data(as_text=True)


def test_recording_a_visit_and_its_report_from_the_period_page(staff):
    home = make_home()
    db.session.commit()
    url = f"/reg44/homes/{home.id}/visit"
    assert staff.get(f"{url}?period=2026-03-01").status_code == 200
    form = {"period": "2026-03-01", "visited_on": ["10", "3", "2026"],
            "visitor_id": str(home.visitor_id)}  # fmt: skip
    assert staff.post(f"{url}/record", data=form).status_code == 302
    report = {"period": "2026-03-01", "received_on": ["12", "3", "2026"]}  # fmt: skip
    assert staff.post(f"{url}/report", data=report).status_code == 302
    visit = db.session.scalars(select(Reg44Visit)).one()
    assert (visit.visited_on, visit.report_received_on) == (date(2026, 3, 10), date(2026, 3, 12))


@pytest.mark.parametrize(
    ("action", "data", "words"),
    [
        ("record", {"visited_on": ["40", "3", "2026"]},
         "Date of the visit must be a real date"),
        ("record", {"visited_on": ["2", "4", "2026"]},
         "cannot be in the future"),
        ("record", {"visited_on": ["2", "3", "2026"],
                    "visitor_id": "99999999999999999999"}, "Choose"),
        ("report", {"received_on": ["2", "3", "2026"]},
         "Record the visit before its report"),
        ("book", {"day": ["20", "3", "2026"], "starts": "25:00",
                  "ends": "11:00"}, "Enter the start time as hours and minutes"),
        ("book", {"day": ["20", "3", "2026"], "starts": "11:00",
                  "ends": "10:00"}, "The end time must be after the start time"),
        ("cancel", {}, "There is no booking to cancel"),
    ],
)  # fmt: skip
def test_bad_input_is_a_400_with_its_message_and_changes_nothing(staff, action, data, words):
    home = make_home()
    db.session.commit()
    response = staff.post(f"/reg44/homes/{home.id}/visit/{action}",
                          data={"period": "2026-03-01", **data})  # fmt: skip
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert db.session.scalars(select(Reg44Visit)).all() == []
    assert outbox_rows() == []


def test_a_period_that_is_not_one_is_404_not_a_server_error(staff):
    home = make_home()
    db.session.commit()
    for period in ("2026-03-05", "garbage", ""):
        assert staff.get(f"/reg44/homes/{home.id}/visit?period={period}").status_code == 404
        assert staff.post(f"/reg44/homes/{home.id}/visit/record",
                          data={"period": period}).status_code in (400, 404)  # fmt: skip


def test_booking_from_the_period_page_queues_one_invite_to_the_visitor(staff):
    home = make_home()
    db.session.commit()
    data = {"period": "2026-03-01", "day": ["20", "3", "2026"],
            "starts": "10:00", "ends": "12:30"}  # fmt: skip
    assert staff.post(f"/reg44/homes/{home.id}/visit/book", data=data).status_code == 302
    assert [row.recipient_email for row in outbox_rows()] == [home.visitor.email]
    page = staff.get(f"/reg44/homes/{home.id}/visit?period=2026-03-01").get_data(as_text=True)
    assert "Cancel the booking" in page and "Booked with the visitor" in page


def test_a_supported_living_period_page_counts_from_the_previous_visit(staff):
    home = make_home(supported_living=True, opened_on=date(2025, 12, 1))
    db.session.commit()
    page = staff.get(f"/reg44/homes/{home.id}/visit?period=2025-12-01").get_data(as_text=True)
    assert "after 01 December 2025" in page and "01 April 2026" in page


def test_adding_a_home_and_a_visitor_and_refusing_a_bad_one(staff):
    locality = make_locality()
    db.session.commit()
    assert staff.post("/reg44/visitors/new", data={"name": "Ash Visitor",
                      "email": "ash@example.org"}).status_code == 302  # fmt: skip
    bad = staff.post("/reg44/visitors/new", data={"name": "X", "email": "not an email"})
    assert bad.status_code == 400 and "Enter an email address" in bad.get_data(as_text=True)
    visitor = db.session.scalars(select(IndependentVisitor)).one()
    home = {"name": "Beech Lodge", "locality_id": str(locality.id), "visitor_id": str(visitor.id),
            "opened_on": ["1", "2", "2026"]}  # fmt: skip
    assert staff.post("/reg44/homes/new", data=home).status_code == 302
    again = staff.post("/reg44/homes/new", data=home)
    assert again.status_code == 400
    assert "There is already a home called Beech Lodge" in again.get_data(as_text=True)
    no_locality = staff.post("/reg44/homes/new", data={**home, "name": "Elm", "locality_id": ""})
    assert "Choose a locality" in no_locality.get_data(as_text=True)
    assert [home.name for home in db.session.scalars(select(ChildrensHome))] == ["Beech Lodge"]


def test_closing_a_home_needs_a_date_on_or_after_it_opened(staff):
    home = make_home(opened_on=date(2026, 2, 1))
    db.session.commit()
    early = {"closed_on": ["1", "1", "2026"]}
    response = staff.post(f"/reg44/homes/{home.id}/close", data=early)
    assert response.status_code == 400 and "on or after the day it opened" in response.get_data(
        as_text=True
    )
    assert db.session.get(ChildrensHome, home.id).closed_on is None
    ok = {"closed_on": ["1", "3", "2026"]}
    assert staff.post(f"/reg44/homes/{home.id}/close", data=ok).status_code == 302
    db.session.expire_all()
    assert db.session.get(ChildrensHome, home.id).closed_on == date(2026, 3, 1)


def test_a_visitor_of_an_open_home_cannot_be_retired(staff):
    home = make_home()
    db.session.commit()
    staff.post(f"/reg44/visitors/{home.visitor_id}/retire")
    assert "cannot be retired" in staff.get("/reg44/visitors").get_data(as_text=True)
    assert db.session.get(IndependentVisitor, home.visitor_id).retired_at is None


def test_the_at_risk_page_lists_a_missed_visit_in_words(staff):
    make_home(name="Hazel Court", opened_on=date(2026, 2, 2))
    page = staff.get("/at-risk").get_data(as_text=True)
    section = page[page.index("Regulation 44 visits") :]
    assert "Hazel Court" in section and "Missed" in section and "Due soon" not in section
