"""Localities and the driving-time matrix: create, rename, retire when in use, set minutes.
What the locality pages share with the room, chair and person pages (list filters, retire,
access) is in tests/app/views/test_reference_pages.py."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Locality, TravelTime
from tests.app.factories.reference_forms import RETIRED, Browser, assert_refused, count, last_audit
from tests.app.factories.rows import make_chair, make_locality, make_room, make_travel_time


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


def test_creating_a_locality_saves_it(admin):
    response = admin.post("/localities/new", {"name": "  Sleaford "})
    assert response.status_code == 302
    assert db.session.scalar(select(Locality.name)) == "Sleaford"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Enter the locality name"),
        ("x" * 81, "The locality name must be 80 characters or fewer"),
        ("boston", "There is already a locality called Boston"),
    ],
)
def test_a_bad_locality_name_is_refused_and_nothing_is_saved(admin, name, message):
    make_locality(name="Boston")
    db.session.commit()
    assert_refused(admin.post("/localities/new", {"name": name}), message)
    assert count(Locality) == 1


def test_renaming_a_locality_changes_its_name_and_is_audited(admin):
    locality = make_locality(name="Spaulding")
    db.session.commit()
    response = admin.post(f"/localities/{locality.id}/edit", {"name": "Spalding"})
    assert response.status_code == 302
    assert db.session.get(Locality, locality.id).name == "Spalding"
    assert (last_audit().action, last_audit().detail) == ("locality.updated", "fields=name")


def test_renaming_to_another_localitys_name_is_refused(admin):
    make_locality(name="Boston")
    locality = make_locality(name="Louth")
    db.session.commit()
    response = admin.post(f"/localities/{locality.id}/edit", {"name": "Boston"})
    assert_refused(response, "There is already a locality called Boston")
    assert db.session.get(Locality, locality.id).name == "Louth"


@pytest.mark.parametrize(
    ("make_user_of", "message"),
    [
        pytest.param(
            lambda locality: make_chair(base_locality=locality, name="Ada Lovelace"),
            "Horncastle cannot be retired: it is the base of Ada Lovelace",
            id="a-chairs-base",
        ),
        pytest.param(
            lambda locality: make_room(locality=locality, name="Stanhope Hall"),
            "Horncastle cannot be retired: it is the locality of Stanhope Hall",
            id="a-rooms-locality",
        ),
    ],
)
def test_retiring_a_locality_in_use_is_refused_with_a_clear_message(admin, make_user_of, message):
    locality = make_locality(name="Horncastle")
    make_user_of(locality)
    db.session.commit()
    assert_refused(admin.post(f"/localities/{locality.id}/retire"), message)
    assert db.session.get(Locality, locality.id).retired_at is None


def test_a_retired_chair_does_not_stop_its_base_being_retired(admin):
    locality = make_locality()
    make_chair(base_locality=locality, retired_at=RETIRED)
    db.session.commit()
    assert admin.post(f"/localities/{locality.id}/retire").status_code == 302


def test_an_unknown_locality_is_not_found(admin):
    assert admin.get("/localities/999").status_code == 404


def test_the_travel_matrix_shows_the_minutes_of_a_pair(admin):
    boston, louth = make_locality(name="Boston"), make_locality(name="Louth")
    make_travel_time(boston, louth, 47)
    db.session.commit()
    page = admin.get("/localities/travel").get_data(as_text=True)
    assert 'data-pair="Boston to Louth">47<' in page
    assert 'data-pair="Louth to Boston">47<' in page


def test_the_travel_matrix_shows_a_missing_pair_as_not_set(admin):
    make_locality(name="Boston"), make_locality(name="Louth")
    db.session.commit()
    page = admin.get("/localities/travel").get_data(as_text=True)
    assert 'data-pair="Boston to Louth">Not set<' in page


def test_setting_minutes_stores_the_pair_once_with_the_lower_id_first(admin):
    first, second = make_locality(), make_locality()
    db.session.commit()
    data = {"locality_a": second.id, "locality_b": first.id, "minutes": "35"}
    assert admin.post("/localities/travel", data).status_code == 302
    row = db.session.scalar(select(TravelTime))
    assert (row.locality_a_id, row.locality_b_id, row.minutes) == (first.id, second.id, 35)


def test_setting_minutes_again_updates_the_same_row(admin):
    first, second = make_locality(), make_locality()
    make_travel_time(first, second, 20)
    db.session.commit()
    admin.post(
        "/localities/travel", {"locality_a": first.id, "locality_b": second.id, "minutes": "25"}
    )
    assert count(TravelTime) == 1
    assert db.session.scalar(select(TravelTime.minutes)) == 25


def test_setting_minutes_is_audited(admin):
    first, second = make_locality(), make_locality()
    db.session.commit()
    admin.post(
        "/localities/travel", {"locality_a": first.id, "locality_b": second.id, "minutes": "5"}
    )
    event = last_audit()
    assert event.action == "travel_time.set"
    assert event.detail == f"locality_a_id={first.id} locality_b_id={second.id} fields=minutes"


@pytest.mark.parametrize(
    ("minutes", "same", "message"),
    [
        ("601", False, "Driving minutes must be a whole number from 0 to 600"),
        ("-1", False, "Driving minutes must be a whole number from 0 to 600"),
        ("forty", False, "Driving minutes must be a whole number"),
        ("", False, "Enter the driving minutes"),
        ("10", True, "Choose two different localities"),
    ],
)
def test_bad_travel_minutes_are_refused_and_nothing_is_saved(admin, minutes, same, message):
    first, second = make_locality(), make_locality()
    db.session.commit()
    data = {
        "locality_a": first.id,
        "locality_b": (first if same else second).id,
        "minutes": minutes,
    }
    assert_refused(admin.post("/localities/travel", data), message)
    assert count(TravelTime) == 0


def test_a_manager_may_create_a_locality(client):
    manager = Browser(client, "manager")
    assert manager.post("/localities/new", {"name": "Stamford"}).status_code == 302


def test_a_post_without_a_csrf_token_is_refused(client):
    Browser(client, "admin")
    response = client.post("/localities/new", data={"name": "Stamford"})
    assert response.status_code == 400
    assert count(Locality) == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_chair_is_refused_the_travel_matrix(client, method):
    chair = Browser(client, "chair")
    response = getattr(chair, method)("/localities/travel")
    assert response.status_code == 403
    assert count(TravelTime) == 0


# The pair is stored lower id first; the minutes are 0 to 600.
@pytest.mark.parametrize(
    ("wrong_way_round", "minutes"),
    [pytest.param(True, 10, id="the-wrong-way-round"), pytest.param(False, 601, id="over-600")],
)
def test_the_database_refuses_a_travel_pair_its_constraints_forbid(app, wrong_way_round, minutes):
    first, second = make_locality(), make_locality()
    a, b = (second, first) if wrong_way_round else (first, second)
    db.session.add(TravelTime(locality_a_id=a.id, locality_b_id=b.id, minutes=minutes))
    with pytest.raises(IntegrityError):
        db.session.flush()
