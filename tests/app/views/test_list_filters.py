"""The people and cases lists narrow by their filters; a person's page lists their cases."""

from datetime import date

from app.extensions import db
from app.models import CaseParty
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import make_case, make_locality, make_person


def _people(client, query: str) -> str:
    text = client.get(f"/people?{query}").get_data(as_text=True)
    return text[text.index("<tbody") :] if "<tbody" in text else ""


def test_the_people_list_narrows_by_name(client):
    make_person(name="Tamsin Vale")
    make_person(name="Rhodri Price")
    signed_in_as(client, "admin")

    rows = _people(client, "q=vale")

    assert "Tamsin Vale" in rows and "Rhodri Price" not in rows


def test_the_people_list_narrows_by_role(client):
    make_person(name="Parent Nia", role="parent")
    make_person(name="Doctor Nia", role="gp")
    signed_in_as(client, "manager")

    rows = _people(client, "role=gp")

    assert "Doctor Nia" in rows and "Parent Nia" not in rows


def test_the_people_list_narrows_by_relationship_to_a_case(client):
    case = make_case()
    mother, father = make_person(name="Mum Ffion"), make_person(name="Dad Ffion")
    make_person(name="Nobody Ffion")
    db.session.add_all(
        [
            CaseParty(case=case, person=mother, relationship_to_case="Mother"),
            CaseParty(case=case, person=father, relationship_to_case="father"),
        ]
    )
    signed_in_as(client, "admin")

    rows = _people(client, "relationship=moth")

    assert "Mum Ffion" in rows
    assert "Dad Ffion" not in rows and "Nobody Ffion" not in rows


def test_the_cases_list_narrows_by_home_locality(client):
    here, there = make_locality(name="Spalding"), make_locality(name="Louth")
    make_case(reference="CHERE1", home_locality=here)
    make_case(reference="CTHERE1", home_locality=there)
    signed_in_as(client, "admin")

    text = client.get(f"/cases?locality={here.id}").get_data(as_text=True)

    assert "CHERE1" in text and "CTHERE1" not in text


def test_a_persons_page_lists_the_cases_they_are_a_party_to(client):
    person = make_person(name="Carys Moss")
    open_case = make_case(reference="COPEN77")
    closed = make_case(reference="CSHUT77", closed_on=date(2026, 2, 1))
    make_case(reference="CNOTHERS")
    db.session.add_all(
        [
            CaseParty(case=open_case, person=person, relationship_to_case="aunt"),
            CaseParty(case=closed, person=person, relationship_to_case="carer"),
        ]
    )
    signed_in_as(client, "admin")

    text = client.get(f"/people/{person.id}").get_data(as_text=True)
    cases = text[text.index('id="cases"') :].split("</table>")[0]

    assert f'href="/cases/{open_case.id}"' in cases and "aunt" in cases
    assert f'href="/cases/{closed.id}"' in cases and "Closed" in cases
    assert "CNOTHERS" not in cases
    assert cases.index("COPEN77") < cases.index("CSHUT77")
