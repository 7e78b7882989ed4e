"""People: family members and professionals: list, filter, create, edit, retire, court days."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Person, Unavailability
from tests.app.factories import make_person
from tests.app.factories_admin import (
    Browser,
    count,
    date_parts,
    error_summary,
    last_audit,
    make_unavailability,
)

RETIRED = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


def person_data(**overrides) -> dict:
    data = {
        "name": "Sam Carter",
        "role": "social_worker",
        "organisation": "Children's Services",
        "email": "sam.carter@example.org",
        "phone": "01522 555 0123",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def test_the_list_shows_a_persons_name_and_role(admin):
    make_person(name="Sam Carter", role="health_visitor")
    db.session.commit()
    page = admin.get("/people").get_data(as_text=True)
    assert "Sam Carter" in page and "Health visitor" in page


def test_the_list_filters_by_role(admin):
    make_person(name="Sam Carter", role="gp")
    make_person(name="Jo Bloggs", role="parent")
    db.session.commit()
    page = admin.get("/people?role=gp").get_data(as_text=True)
    assert "Sam Carter" in page and "Jo Bloggs" not in page


def test_the_list_filters_by_part_of_the_name(admin):
    make_person(name="Sam Carter")
    make_person(name="Jo Bloggs")
    db.session.commit()
    page = admin.get("/people?q=blog").get_data(as_text=True)
    assert "Jo Bloggs" in page and "Sam Carter" not in page


def test_a_name_filter_treats_percent_as_a_plain_character(admin):
    make_person(name="Sam Carter")
    db.session.commit()
    assert "Sam Carter" not in admin.get("/people?q=%25").get_data(as_text=True)


def test_a_retired_person_is_hidden_from_the_default_list(admin):
    make_person(name="Jo Bloggs", retired_at=RETIRED)
    db.session.commit()
    assert "Jo Bloggs" not in admin.get("/people").get_data(as_text=True)


def test_a_retired_person_is_listed_when_asked(admin):
    make_person(name="Jo Bloggs", retired_at=RETIRED)
    db.session.commit()
    assert "Jo Bloggs" in admin.get("/people?retired=y").get_data(as_text=True)


def test_creating_a_person_saves_what_was_entered(admin):
    assert admin.post("/people/new", person_data(email="Sam@Example.org")).status_code == 302
    person = db.session.scalar(select(Person))
    assert (person.name, person.role, person.organisation, person.email, person.phone) == (
        "Sam Carter",
        "social_worker",
        "Children's Services",
        "sam@example.org",
        "01522 555 0123",
    )


def test_a_person_needs_only_a_name_and_role(admin):
    response = admin.post("/people/new", {"name": "Jo Bloggs", "role": "parent"})
    assert response.status_code == 302


def test_creating_a_person_writes_an_audit_row_without_personal_details(admin):
    admin.post("/people/new", person_data())
    event = last_audit()
    assert (event.action, event.detail) == ("person.created", "role=social_worker")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the person's name"),
        ({"name": "x" * 121}, "The person's name must be 120 characters or fewer"),
        ({"role": ""}, "Select the person's role"),
        ({"role": "judge"}, "Select the person's role"),
        ({"organisation": "x" * 121}, "Organisation must be 120 characters or fewer"),
        ({"email": "sam"}, "Enter an email address in the correct format"),
        ({"phone": "call me"}, "Enter a phone number"),
    ],
)
def test_bad_person_details_are_refused_and_nothing_is_saved(admin, overrides, message):
    response = admin.post("/people/new", person_data(**overrides))
    assert response.status_code == 400
    assert message in error_summary(response)
    assert count(Person) == 0


def test_editing_a_person_saves_the_change_and_audits_the_fields(admin):
    person = make_person(**person_data())
    db.session.commit()
    response = admin.post(f"/people/{person.id}/edit", person_data(organisation="Lincoln Court"))
    assert response.status_code == 302
    assert db.session.get(Person, person.id).organisation == "Lincoln Court"
    assert last_audit().detail == "fields=organisation"


def test_a_bad_edit_changes_nothing(admin):
    person = make_person(**person_data())
    db.session.commit()
    response = admin.post(f"/people/{person.id}/edit", person_data(name=""))
    assert response.status_code == 400
    assert db.session.get(Person, person.id).name == "Sam Carter"


def test_retiring_a_person_marks_them_retired_and_is_audited(admin):
    person = make_person()
    db.session.commit()
    assert admin.post(f"/people/{person.id}/retire").status_code == 302
    assert db.session.get(Person, person.id).retired_at is not None
    assert last_audit().action == "person.retired"


def test_a_court_day_is_stored_in_utc_and_audited(admin):
    person = make_person()
    db.session.commit()
    data = {
        "kind": "court",
        "starts_on": date_parts(date(2026, 10, 26)),
        "starts_at": "10:00",
        "ends_on": date_parts(date(2026, 10, 26)),
        "ends_at": "16:00",
    }
    assert admin.post(f"/people/{person.id}/unavailability", data).status_code == 302
    court = db.session.scalar(select(Unavailability))
    assert (court.person_id, court.kind, court.starts_at) == (
        person.id,
        "court",
        datetime(2026, 10, 26, 10, 0, tzinfo=UTC),
    )
    assert last_audit().detail == f"person_id={person.id} kind=court"


def test_removing_a_persons_unavailability_deletes_it(admin):
    person = make_person()
    period = make_unavailability(person_id=person.id, kind="court")
    db.session.commit()
    assert admin.post(f"/people/{person.id}/unavailability/{period.id}/remove").status_code == 302
    assert count(Unavailability) == 0


PAGES = [
    ("get", "/people"),
    ("get", "/people/new"),
    ("post", "/people/new"),
    ("get", "/people/{id}"),
    ("get", "/people/{id}/edit"),
    ("post", "/people/{id}/edit"),
    ("post", "/people/{id}/retire"),
    ("post", "/people/{id}/unavailability"),
    ("post", "/people/{id}/unavailability/{period}/remove"),
]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_a_chair_is_refused_every_people_page(client, method, path):
    person = make_person()
    period = make_unavailability(person_id=person.id, kind="court")
    db.session.commit()
    chair = Browser(client, "chair")
    response = getattr(chair, method)(path.format(id=person.id, period=period.id))
    assert response.status_code == 403
    assert count(Unavailability) == 1


def test_the_database_refuses_a_blank_persons_name(app):
    with pytest.raises(IntegrityError):
        make_person(name=" ")
