"""Adding a party to a case: the person is found by name as you type (an HTML fragment) or,
without JavaScript, by the "Find people" button (the whole page); never a list of everyone."""

import re
from datetime import UTC, datetime

from app.extensions import db
from app.models import CaseParty
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.rows import make_case, make_person


def _find(client, case, name: str, typed: bool = False, **fields):
    data = {"name": name, "csrf_token": csrf_token(client, f"/cases/{case.id}"), **fields}
    headers = {"HX-Request": "true"} if typed else {}
    return client.post(f"/cases/{case.id}/parties/find", data=data, headers=headers)


def _radios(text: str) -> list[str]:
    return re.findall(r'name="person" type="radio" value="(\d+)"', text)


def test_the_case_page_lists_nobody_until_a_name_is_typed(client):
    case = make_case()
    make_person(name="Everyone Listed")
    signed_in_as(client, "admin")

    text = client.get(f"/cases/{case.id}").get_data(as_text=True)

    assert "Everyone Listed" not in text
    assert f'hx-post="/cases/{case.id}/parties/find"' in text
    assert f'formaction="/cases/{case.id}/parties/find"' in text


def test_without_javascript_find_people_shows_the_page_with_the_matches(client):
    case = make_case(reference="CPICK01")
    vale = make_person(name="Tamsin Vale", role="parent")
    other = make_person(name="Rhodri Price")
    signed_in_as(client, "admin")

    response = _find(client, case, "vale", relationship="mother")

    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in text and "CPICK01" in text
    assert _radios(text) == [str(vale.id)] and str(other.id) not in _radios(text)
    assert 'value="mother"' in text  # what was typed is kept


def test_without_javascript_the_person_found_is_then_added(client):
    case = make_case()
    vale = make_person(name="Tamsin Vale", role="parent")
    signed_in_as(client, "admin")
    _find(client, case, "vale")

    data = {"name": "vale", "person": str(vale.id), "relationship": "mother",
            "csrf_token": csrf_token(client, f"/cases/{case.id}")}  # fmt: skip
    response = client.post(f"/cases/{case.id}/parties", data=data)

    assert response.status_code == 302
    party = db.session.query(CaseParty).one()
    assert (party.person_id, party.relationship_to_case) == (vale.id, "mother")


def test_as_you_type_the_matches_come_back_alone(client):
    case = make_case()
    vale = make_person(name="Tamsin Vale")
    signed_in_as(client, "admin")

    response = _find(client, case, "tams", typed=True)

    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in text and _radios(text) == [str(vale.id)]
    assert "no-store" in response.headers["Cache-Control"]


def test_at_most_twenty_are_offered_with_a_hint_to_type_more(client):
    case = make_case()
    for n in range(25):
        make_person(name=f"Sam Okafor {n:02d}")
    signed_in_as(client, "admin")

    text = _find(client, case, "okafor", typed=True).get_data(as_text=True)

    assert len(_radios(text)) == 20
    assert "type more of the name" in text


def test_retired_people_are_not_offered_and_parties_already_cannot_be_chosen(client):
    case = make_case()
    retired = make_person(name="Ola Retired", retired_at=datetime(2026, 1, 1, tzinfo=UTC))
    party = make_person(name="Ola Party")
    db.session.add(CaseParty(case=case, person=party, relationship_to_case="father"))
    signed_in_as(client, "admin")

    text = _find(client, case, "ola", typed=True).get_data(as_text=True)

    assert str(retired.id) not in _radios(text)
    assert re.search(rf'value="{party.id}" disabled', text) and "a party already" in text


def test_nobody_found_offers_the_people_page(client):
    case = make_case()
    signed_in_as(client, "admin")

    text = _find(client, case, "zzzz", typed=True).get_data(as_text=True)

    assert "No one found" in text and 'href="/people/new"' in text


def test_adding_without_choosing_anyone_says_what_to_do(client):
    case = make_case()
    signed_in_as(client, "admin")

    data = {"relationship": "mother", "csrf_token": csrf_token(client, f"/cases/{case.id}")}
    response = client.post(f"/cases/{case.id}/parties", data=data)

    assert response.status_code == 400
    assert "Choose a person from the list" in response.get_data(as_text=True)
    assert db.session.query(CaseParty).count() == 0


def test_a_wildcard_typed_matches_only_itself(client):
    case = make_case()
    make_person(name="Ann Lee")
    signed_in_as(client, "admin")

    text = _find(client, case, "%", typed=True).get_data(as_text=True)

    assert _radios(text) == [] and "No one found" in text
