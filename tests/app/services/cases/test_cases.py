"""Case pages: list, create, edit, close; children, parties and kept-apart pairs."""

from datetime import date

import pytest

from app.extensions import db
from app.models import Case, CaseParty, Child, KeptApart
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.cases import (
    audit_details,
    count,
    date_parts,
    make_kept_apart,
    make_party,
    staff_signed_in,
)
from tests.app.factories.rows import make_case, make_chair, make_locality, make_person, make_request

MY_BLUEPRINTS = ("cases", "requests")


@pytest.fixture
def admin(app, client):
    return staff_signed_in(app, client)


def _new_case_form(locality, **overrides) -> dict:
    return {"reference": "", "home_locality": str(locality.id), "allocated_chair": "",
            "opened_on": date_parts(date(2026, 1, 5)), **overrides}  # fmt: skip


def test_the_case_list_filters_by_reference(client, admin):
    make_case(reference="C7F3K2")
    make_case(reference="CZZZZ9")
    db.session.commit()
    page = client.get("/cases?reference=7f3").get_data(as_text=True)
    assert "C7F3K2" in page and "CZZZZ9" not in page


def test_the_case_list_shows_closed_cases_only_when_asked(client, admin):
    make_case(reference="CCLOSED", closed_on=date(2026, 2, 1))
    db.session.commit()
    assert "CCLOSED" not in client.get("/cases").get_data(as_text=True)
    assert "CCLOSED" in client.get("/cases?state=closed").get_data(as_text=True)


def test_the_case_list_filters_by_allocated_iro(client, admin):
    chair = make_chair()
    make_case(reference="CMINE1", allocated_chair=chair)
    make_case(reference="COTHER", allocated_chair=make_chair())
    db.session.commit()
    page = client.get(f"/cases?chair={chair.id}").get_data(as_text=True)
    assert "CMINE1" in page and "COTHER" not in page


def test_a_case_created_without_a_reference_gets_an_opaque_one(client, admin):
    locality = make_locality()
    db.session.commit()
    response = client.post("/cases/new", data=_new_case_form(locality))
    assert response.status_code == 302
    case = db.session.query(Case).one()
    assert len(case.reference) == 6 and case.reference.startswith("C")
    assert response.headers["Location"].endswith(f"/cases/{case.id}")


def test_a_reference_already_in_use_is_refused_and_nothing_is_saved(client, admin):
    make_case(reference="C7F3K2")
    locality = make_locality()
    db.session.commit()
    response = client.post("/cases/new", data=_new_case_form(locality, reference="c7f3k2"))
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
    assert "already used" in response.get_data(as_text=True)
    assert count(Case) == 1


def test_editing_a_case_changes_its_iro_and_audits_the_field_name(client, admin):
    case = make_case(reference="C7F3K2")
    chair = make_chair()
    db.session.commit()
    form = _new_case_form(case.home_locality, reference="C7F3K2", allocated_chair=str(chair.id))
    assert client.post(f"/cases/{case.id}/edit", data=form).status_code == 302
    db.session.refresh(case)
    assert case.allocated_chair_id == chair.id
    assert "changed: allocated_chair_id" in audit_details()


def test_closing_a_case_records_the_day_it_closed(client, admin):
    case = make_case()
    db.session.commit()
    response = client.post(
        f"/cases/{case.id}/close", data={"closed_on": date_parts(date(2026, 3, 1))}
    )
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.closed_on == date(2026, 3, 1)


def test_a_case_with_an_open_request_cannot_be_closed(client, admin):
    case = make_request().case
    db.session.commit()
    response = client.post(
        f"/cases/{case.id}/close", data={"closed_on": date_parts(date(2026, 3, 1))}
    )
    assert response.status_code == 400
    assert "open or booked meeting request" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.closed_on is None


def test_a_child_is_recorded_by_initials_and_date_of_birth(client, admin):
    case = make_case()
    db.session.commit()
    data = {"initials": "j.k.", "date_of_birth": date_parts(date(2019, 5, 6)),
            "expected_delivery": ["", "", ""]}  # fmt: skip
    assert client.post(f"/cases/{case.id}/children", data=data).status_code == 302
    child = db.session.query(Child).filter_by(case_id=case.id).order_by(Child.id.desc()).first()
    assert (child.initials, child.date_of_birth) == ("JK", date(2019, 5, 6))


def test_a_childs_name_is_refused_in_place_of_initials(client, admin):
    case = make_case()
    db.session.commit()
    before = count(Child)
    data = {"initials": "Alice", "date_of_birth": date_parts(date(2019, 5, 6))}
    response = client.post(f"/cases/{case.id}/children", data=data)
    assert response.status_code == 400
    assert "1 to 4 letters" in response.get_data(as_text=True)
    assert count(Child) == before


def test_an_unborn_child_is_recorded_by_expected_date_of_delivery(client, admin):
    case = make_case()
    db.session.commit()
    data = {"initials": "B", "expected_delivery": date_parts(date(2026, 6, 10))}
    assert client.post(f"/cases/{case.id}/children", data=data).status_code == 302
    assert db.session.query(Child).filter_by(expected_delivery=date(2026, 6, 10)).one()


def test_adding_an_unknown_person_as_a_party_is_refused(client, admin):
    case = make_case()
    db.session.commit()
    response = client.post(f"/cases/{case.id}/parties",
                           data={"person": "999999", "relationship": "mother"})  # fmt: skip
    assert response.status_code == 400
    assert "Choose a person from the list" in response.get_data(as_text=True)
    assert count(CaseParty) == 0


def test_a_person_is_added_to_a_case_with_their_relationship(client, admin):
    case, person = make_case(), make_person(name="Dana Example")
    db.session.commit()
    data = {"person": str(person.id), "relationship": "grandmother"}
    assert client.post(f"/cases/{case.id}/parties", data=data).status_code == 302
    assert db.session.query(CaseParty).one().relationship_to_case == "grandmother"


def test_two_parties_are_kept_apart_stored_as_an_ordered_pair(client, admin):
    case = make_case()
    second, first = make_party(case, "father"), make_party(case, "mother")
    db.session.commit()
    data = {"person_a": str(max(first.person_id, second.person_id)),
            "person_b": str(min(first.person_id, second.person_id))}  # fmt: skip
    assert client.post(f"/cases/{case.id}/kept-apart", data=data).status_code == 302
    pair = db.session.query(KeptApart).one()
    assert pair.person_a_id < pair.person_b_id


def test_a_party_in_a_kept_apart_pair_cannot_be_removed(client, admin):
    case = make_case()
    pair = make_kept_apart(case)
    db.session.commit()
    response = client.post(f"/cases/{case.id}/parties/{pair.person_a_id}/remove")
    assert response.status_code == 400
    assert count(CaseParty) == 2


def test_the_case_page_shows_children_parties_pairs_and_requests(client, admin):
    case = make_case(reference="C7F3K2")
    make_kept_apart(case)
    make_request(case=case, meeting_type="ICPC", sequence="first")
    db.session.commit()
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    for expected in (
        "AB",
        "mother",
        "father",
        "must not meet",
        "Initial child protection conference",
    ):
        assert expected in page


def test_no_audit_row_carries_a_childs_initials_or_date_of_birth(client, admin):
    case = make_case()
    db.session.commit()
    data = {"initials": "QX", "date_of_birth": date_parts(date(2019, 5, 6))}
    client.post(f"/cases/{case.id}/children", data=data)
    child = db.session.query(Child).filter_by(initials="QX").one()
    client.post(f"/cases/{case.id}/children/{child.id}/remove")
    details = " ".join(audit_details())
    assert "case.child" not in details  # actions are in their own column
    assert "QX" not in details and "2019" not in details and "06/05" not in details


def test_a_manager_may_use_the_case_pages(client, app):
    staff_signed_in(app, client, role="manager")
    assert client.get("/cases").status_code == 200


def _my_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in MY_BLUEPRINTS]


def test_a_chair_is_refused_every_case_and_request_page(app, client):
    chair_user = signed_in_as(client, "chair")
    make_chair(user_id=chair_user.id)
    meeting_request = make_request()
    db.session.commit()
    ids = {"case_id": meeting_request.case_id, "request_id": meeting_request.id, "child_id": 1,
           "person_id": 1, "pair_id": 1}  # fmt: skip
    app.config["WTF_CSRF_ENABLED"] = False
    rules = _my_rules(app)
    assert len(rules) == 19
    for rule in rules:
        url = rule.build({k: v for k, v in ids.items() if k in rule.arguments})[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code == 403, (method, url)
