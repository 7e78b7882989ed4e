"""In Chromium: typing a name under "Add a party" lists the people found without leaving the
page, one is chosen and added; and the search box above the page finds a case, with no
error from the page's security policy along the way."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import CaseParty
from tests.app.browser.test_plan_and_confirm import sign_in
from tests.app.factories.rows import make_case, make_person, make_user

pytestmark = [pytest.mark.browser]


def test_a_party_is_found_as_you_type_and_added(page: Page):
    admin = make_user(role="admin")
    case = make_case(reference="CTYPE01")
    vale = make_person(name="Tamsin Vale", role="parent")
    make_person(name="Rhodri Price")
    case_id, vale_id = case.id, vale.id  # read now: reading them later would hold SQLite's lock
    db.session.commit()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, admin.email)

    page.goto(f"/cases/{case_id}")
    page.get_by_text("Add a party").click()
    page.get_by_label("Find the person by name").press_sequentially("val")
    expect(page.get_by_label("Tamsin Vale")).to_be_visible()
    expect(page.get_by_label("Rhodri Price")).to_have_count(0)
    assert page.url.endswith(f"/cases/{case_id}")  # still the same page: only the list came
    page.get_by_label("Tamsin Vale").check()
    page.get_by_label("Relationship to the case").fill("mother")
    page.get_by_role("button", name="Add party").click()

    expect(page.get_by_text("Party added.")).to_be_visible()
    party = db.session.scalar(select(CaseParty).where(CaseParty.case_id == case_id))
    assert party is not None and party.person_id == vale_id
    assert refused == []


def test_the_search_box_above_the_page_finds_a_case(page: Page):
    admin = make_user(role="admin")
    case_id = make_case(reference="CSRCH01").id
    db.session.commit()
    sign_in(page, admin.email)

    page.get_by_role("searchbox", name="Search cases, people and meetings").fill("csrch")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page.get_by_role("link", name="CSRCH01")).to_be_visible()
    assert "csrch" not in page.url.lower()
    page.get_by_role("link", name="CSRCH01").click()
    assert page.url.endswith(f"/cases/{case_id}")
