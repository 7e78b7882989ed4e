"""Chairs: creating, editing and linking a user account. What the chair pages share with the
room, person and locality pages (list filters, retire, leave, access) is in
tests/app/views/test_reference_pages.py."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Chair
from tests.app.factories.reference_forms import (
    Browser,
    assert_refused,
    chair_data,
    count,
    last_audit,
)
from tests.app.factories.rows import make_chair, make_locality, make_user


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


def test_creating_a_chair_saves_what_was_entered(admin):
    locality = make_locality()
    db.session.commit()
    assert (
        admin.post("/chairs/new", chair_data(locality, email="Grace@Example.org")).status_code
        == 302
    )
    chair = db.session.scalar(select(Chair))
    assert (chair.email, chair.fte, chair.roles, chair.working_days) == (
        "grace@example.org",
        Decimal("0.60"),
        "chair senior",
        "mon tue wed",
    )
    assert (chair.max_meetings_per_day, chair.max_minutes_per_week, chair.portable_hybrid_kit) == (
        3,
        720,
        True,
    )


def test_roles_and_days_are_stored_in_canonical_order(admin):
    locality = make_locality()
    db.session.commit()
    admin.post(
        "/chairs/new",
        chair_data(locality, roles=["team_manager", "chair"], working_days=["fri", "mon"]),
    )
    chair = db.session.scalar(select(Chair))
    assert (chair.roles, chair.working_days) == ("chair team_manager", "mon fri")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the chair's name"),
        ({"email": ""}, "Enter the email address"),
        ({"email": "grace"}, "Enter an email address in the correct format"),
        ({"email": "ADA@example.org"}, "A chair with the email ada@example.org already exists"),
        ({"base_locality_id": ""}, "Select the chair's base locality"),
        ({"fte": ""}, "Enter the FTE"),
        ({"fte": "full"}, "FTE must be a number, like 0.6"),
        ({"fte": "0"}, "FTE must be more than 0 and no more than 1"),
        ({"fte": "1.5"}, "FTE must be more than 0 and no more than 1"),
        ({"fte": "0.625"}, "FTE must have no more than two decimal places"),
        ({"roles": None}, "Select at least one role"),
        ({"roles": ["boss"]}, "Select roles from the list"),
        ({"working_days": None}, "Select at least one working day"),
        ({"working_days": ["sat"]}, "Select working days from the list"),
        ({"max_meetings_per_day": ""}, "Enter the maximum meetings a day"),
        (
            {"max_meetings_per_day": "11"},
            "Maximum meetings a day must be a whole number from 1 to 10",
        ),
        (
            {"max_minutes_per_week": "59"},
            "Maximum meeting minutes a week must be a whole number from 60 to 3000",
        ),
        (
            {"max_minutes_per_week": "3001"},
            "Maximum meeting minutes a week must be a whole number from 60 to 3000",
        ),
    ],
)
def test_bad_chair_details_are_refused_and_nothing_is_saved(admin, overrides, message):
    locality = make_locality()
    make_chair(email="ada@example.org")
    db.session.commit()
    assert_refused(admin.post("/chairs/new", chair_data(locality, **overrides)), message)
    assert count(Chair) == 1


def test_a_chair_may_be_linked_to_a_chair_user(admin):
    locality = make_locality()
    user = make_user(role="chair")
    db.session.commit()
    admin.post("/chairs/new", chair_data(locality, user_id=str(user.id)))
    assert db.session.scalar(select(Chair.user_id)) == user.id


def test_only_unlinked_chair_users_are_offered_for_linking(admin):
    free = make_user(role="chair", name="Free Chair")
    taken = make_user(role="chair", name="Taken Chair")
    make_user(role="manager", name="Mo Manager")
    make_chair(user=taken)
    db.session.commit()
    page = admin.get("/chairs/new").get_data(as_text=True)
    assert "Free Chair" in page and free.email in page
    assert "Taken Chair" not in page and "Mo Manager" not in page


@pytest.mark.parametrize("role", ["manager", "chair-already-linked"])
def test_a_user_who_is_not_a_free_chair_user_cannot_be_linked(admin, role):
    locality = make_locality()
    user = make_user(role="manager" if role == "manager" else "chair")
    if role != "manager":
        make_chair(user=user)
    db.session.commit()
    assert_refused(
        admin.post("/chairs/new", chair_data(locality, user_id=str(user.id))),
        "Select a chair user account that is not linked to another chair",
    )


def test_editing_a_chair_saves_the_change_and_audits_the_fields(admin):
    chair = make_chair(fte=Decimal("1.00"), email="ada@example.org")
    db.session.commit()
    data = chair_data(
        chair.base_locality,
        name=chair.name,
        email=chair.email,
        fte="0.8",
        roles=["chair"],
        working_days=["mon", "tue", "wed", "thu", "fri"],
        max_meetings_per_day="3",
        max_minutes_per_week="900",
        portable_hybrid_kit=None,
    )
    assert admin.post(f"/chairs/{chair.id}/edit", data).status_code == 302
    assert db.session.get(Chair, chair.id).fte == Decimal("0.80")
    assert last_audit().detail == "fields=fte"


def test_the_edit_form_shows_the_chairs_roles_ticked(admin):
    chair = make_chair(roles="senior")
    db.session.commit()
    page = admin.get(f"/chairs/{chair.id}/edit").get_data(as_text=True)
    assert 'value="senior" checked' in page and 'value="chair" checked' not in page
