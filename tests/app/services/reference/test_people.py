"""People (family members and professionals): the name filter, creating and editing them.
What the people pages share with the room, chair and locality pages (list filters, retire,
court days in UK time, access) is in tests/app/views/test_reference_pages.py."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Person
from tests.app.factories.reference_forms import (
    Browser,
    assert_refused,
    count,
    last_audit,
    person_data,
)
from tests.app.factories.rows import make_person


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


def test_a_name_filter_treats_percent_as_a_plain_character(admin):
    make_person(name="Sam Carter")
    db.session.commit()
    assert "Sam Carter" not in admin.get("/people?q=%25").get_data(as_text=True)


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
    assert_refused(admin.post("/people/new", person_data(**overrides)), message)
    assert count(Person) == 0


def test_editing_a_person_saves_the_change_and_audits_the_fields(admin):
    person = make_person(**person_data())
    db.session.commit()
    response = admin.post(f"/people/{person.id}/edit", person_data(organisation="Lincoln Court"))
    assert response.status_code == 302
    assert db.session.get(Person, person.id).organisation == "Lincoln Court"
    assert last_audit().detail == "fields=organisation"
