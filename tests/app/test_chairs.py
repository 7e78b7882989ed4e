"""Chairs: list, filter, create, edit, retire, link a user, and leave entered in UK time."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Chair, Unavailability
from tests.app.factories import make_chair, make_locality, make_user
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


def chair_data(locality, **overrides) -> dict:
    data = {
        "name": "Grace Hopper",
        "email": "grace.hopper@example.org",
        "base_locality_id": locality.id,
        "fte": "0.6",
        "roles": ["chair", "senior"],
        "working_days": ["mon", "tue", "wed"],
        "max_meetings_per_day": "3",
        "max_minutes_per_week": "720",
        "portable_hybrid_kit": "y",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def test_the_list_shows_a_chairs_name_and_base(admin):
    make_chair(name="Ada Lovelace", base_locality=make_locality(name="Grantham"))
    db.session.commit()
    page = admin.get("/chairs").get_data(as_text=True)
    assert "Ada Lovelace" in page and "Grantham" in page


def test_the_list_filters_by_role(admin):
    make_chair(name="Ada Lovelace", roles="chair team_manager")
    make_chair(name="Alan Turing", roles="chair")
    db.session.commit()
    page = admin.get("/chairs?role=team_manager").get_data(as_text=True)
    assert "Ada Lovelace" in page and "Alan Turing" not in page


def test_the_list_filters_by_base_locality(admin):
    grantham = make_locality(name="Grantham")
    make_chair(name="Ada Lovelace", base_locality=grantham)
    make_chair(name="Alan Turing")
    db.session.commit()
    page = admin.get(f"/chairs?locality={grantham.id}").get_data(as_text=True)
    assert "Ada Lovelace" in page and "Alan Turing" not in page


def test_the_list_filters_by_part_of_the_name(admin):
    make_chair(name="Ada Lovelace")
    make_chair(name="Alan Turing")
    db.session.commit()
    page = admin.get("/chairs?q=turing").get_data(as_text=True)
    assert "Alan Turing" in page and "Ada Lovelace" not in page


def test_a_retired_chair_is_hidden_from_the_default_list(admin):
    make_chair(name="Ada Lovelace", retired_at=RETIRED)
    db.session.commit()
    assert "Ada Lovelace" not in admin.get("/chairs").get_data(as_text=True)


def test_a_retired_chair_is_listed_when_asked(admin):
    make_chair(name="Ada Lovelace", retired_at=RETIRED)
    db.session.commit()
    assert "Ada Lovelace" in admin.get("/chairs?retired=y").get_data(as_text=True)


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


def test_creating_a_chair_writes_an_audit_row(admin):
    locality = make_locality()
    db.session.commit()
    admin.post("/chairs/new", chair_data(locality))
    assert (last_audit().action, last_audit().object_type) == ("chair.created", "Chair")


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
    response = admin.post("/chairs/new", chair_data(locality, **overrides))
    assert response.status_code == 400
    assert message in error_summary(response)
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
    response = admin.post("/chairs/new", chair_data(locality, user_id=str(user.id)))
    assert response.status_code == 400
    assert "Select a chair user account that is not linked to another chair" in error_summary(
        response
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


def test_a_bad_edit_changes_nothing(admin):
    chair = make_chair(fte=Decimal("1.00"))
    db.session.commit()
    response = admin.post(f"/chairs/{chair.id}/edit", chair_data(chair.base_locality, fte="2"))
    assert response.status_code == 400
    assert db.session.get(Chair, chair.id).fte == Decimal("1.00")


def test_retiring_a_chair_marks_them_retired_and_is_audited(admin):
    chair = make_chair()
    db.session.commit()
    assert admin.post(f"/chairs/{chair.id}/retire").status_code == 302
    assert db.session.get(Chair, chair.id).retired_at is not None
    assert last_audit().action == "chair.retired"


def leave_data(kind="leave", start="09:00", end="17:00", day=date(2026, 12, 7)) -> dict:
    return {
        "kind": kind,
        "starts_on": date_parts(day),
        "starts_at": start,
        "ends_on": date_parts(day),
        "ends_at": end,
    }


def test_adding_leave_stores_it_in_utc_and_is_audited(admin):
    chair = make_chair()
    db.session.commit()
    assert admin.post(f"/chairs/{chair.id}/unavailability", leave_data()).status_code == 302
    leave = db.session.scalar(select(Unavailability))
    assert (leave.chair_id, leave.kind, leave.starts_at) == (
        chair.id,
        "leave",
        datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
    )
    assert last_audit().detail == f"chair_id={chair.id} kind=leave"


def test_a_room_closure_cannot_be_added_to_a_chair(admin):
    chair = make_chair()
    db.session.commit()
    response = admin.post(f"/chairs/{chair.id}/unavailability", leave_data(kind="closure"))
    assert response.status_code == 400
    assert "Select a kind from the list" in error_summary(response)
    assert count(Unavailability) == 0


def test_leave_ending_before_it_starts_is_refused(admin):
    chair = make_chair()
    db.session.commit()
    response = admin.post(
        f"/chairs/{chair.id}/unavailability", leave_data(start="14:00", end="13:00")
    )
    assert response.status_code == 400
    assert "The end must be after the start" in error_summary(response)
    assert count(Unavailability) == 0


def test_removing_leave_deletes_it(admin):
    chair = make_chair()
    leave = make_unavailability(chair_id=chair.id)
    db.session.commit()
    assert admin.post(f"/chairs/{chair.id}/unavailability/{leave.id}/remove").status_code == 302
    assert count(Unavailability) == 0


PAGES = [
    ("get", "/chairs"),
    ("get", "/chairs/new"),
    ("post", "/chairs/new"),
    ("get", "/chairs/{id}"),
    ("get", "/chairs/{id}/edit"),
    ("post", "/chairs/{id}/edit"),
    ("post", "/chairs/{id}/retire"),
    ("post", "/chairs/{id}/unavailability"),
    ("post", "/chairs/{id}/unavailability/{period}/remove"),
]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_a_chair_is_refused_every_chair_page_even_their_own(client, method, path):
    chair_user = Browser(client, "chair")
    chair = make_chair(user_id=chair_user.user.id)
    period = make_unavailability(chair_id=chair.id)
    db.session.commit()
    response = getattr(chair_user, method)(path.format(id=chair.id, period=period.id))
    assert response.status_code == 403
    assert count(Unavailability) == 1


def test_the_database_refuses_an_fte_over_one(app):
    with pytest.raises(IntegrityError):
        make_chair(fte=Decimal("1.5"))


def test_the_database_refuses_a_daily_cap_of_zero(app):
    with pytest.raises(IntegrityError):
        make_chair(max_meetings_per_day=0)


def test_the_database_refuses_a_chair_with_no_working_days(app):
    with pytest.raises(IntegrityError):
        make_chair(working_days="")
