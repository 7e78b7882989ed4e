"""The case page's 'Record a birth': the windows it moved and the pre-birth requests it leaves
are said on the page; bad input is shown on its field, status 400, and changes nothing."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.extensions import db
from app.models import Child
from app.timescales import window
from tests.app.factories.cases import date_parts, make_unborn_child, staff_signed_in
from tests.app.factories.rows import make_case, make_request

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
EDD = date(2026, 6, 10)


@pytest.fixture
def admin(app, client):
    with time_machine.travel(NOW):
        yield staff_signed_in(app, client)


def _case_with_review():
    case = make_case()
    child = make_unborn_child(case, EDD)
    computed = window("RCPC", date(2026, 4, 1), edd=EDD)
    review = make_request(case=case, meeting_type="RCPC", sequence="first",
                          trigger_date=date(2026, 4, 1), expected_delivery=EDD,
                          earliest=computed.earliest, latest=computed.latest,
                          preferred_latest=computed.preferred_latest)  # fmt: skip
    db.session.commit()
    return case, child, review


def _post(client, case, child_id, born_on):
    data: dict = {"child": str(child_id) if child_id else ""}
    if born_on is not None:
        data["born_on"] = date_parts(born_on)
    response = client.post(f"/cases/{case.id}/birth", data=data)
    if response.status_code != 302:
        return response
    assert response.location.endswith(f"/cases/{case.id}")
    return client.get(response.location)


def test_the_case_page_offers_to_record_the_birth_of_an_expected_child(client, admin):
    case, child, _ = _case_with_review()
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Record a birth" in page
    assert f'<option value="{child.id}">U, expected Wed 10 Jun 2026</option>' in page


def test_a_case_with_no_expected_child_offers_no_birth(client, admin):
    case = make_case()
    db.session.commit()
    assert "Record a birth" not in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_recording_the_birth_says_which_window_moved(client, admin):
    case, child, review = _case_with_review()
    response = _post(client, case, child.id, date(2026, 5, 28))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Birth recorded." in text
    assert (
        "Review child protection conference (first): its window moved from Wed 10 Jun 2026 to "
        "Wed 1 Jul 2026, to Wed 3 Jun 2026 to Wed 1 Jul 2026"
    ) in text
    assert db.session.get(Child, child.id).date_of_birth == date(2026, 5, 28)


def test_a_prebirth_request_left_open_is_flagged_on_the_page(client, admin):
    case, child, _ = _case_with_review()
    make_request(case=case, meeting_type="PREBIRTH_STRATEGY", sequence="first",
                 trigger_date=EDD, expected_delivery=EDD, status="open")  # fmt: skip
    db.session.commit()
    text = _post(client, case, child.id, date(2026, 5, 28)).get_data(as_text=True)
    assert "cannot happen as a pre-birth meeting now the baby is born" in text
    assert "Baby born: cannot happen as a pre-birth meeting" in text  # on the requests table


@pytest.mark.parametrize(
    ("born_on", "message"),
    [
        (None, "Enter the date of birth"),
        (date(2026, 6, 2), "is in the future"),
        (date(2026, 2, 3), "too far from the expected date of delivery"),
    ],
)
def test_a_bad_date_is_shown_on_the_field_and_changes_nothing(client, admin, born_on, message):
    case, child, review = _case_with_review()
    response = _post(client, case, child.id, born_on)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text and 'href="#born_on' in text
    db.session.refresh(review)
    assert (db.session.get(Child, child.id).date_of_birth, review.earliest) == (None, EDD)


def test_no_child_chosen_is_shown_on_the_child_field(client, admin):
    case, _, _ = _case_with_review()
    response = _post(client, case, None, date(2026, 5, 28))
    assert response.status_code == 400
    assert "Choose the child who was born." in response.get_data(as_text=True)


def test_a_nonsense_date_is_refused_with_400(client, admin):
    case, child, _ = _case_with_review()
    data = {"child": str(child.id), "born_on": ["31", "2", "2026"]}
    response = client.post(f"/cases/{case.id}/birth", data=data)
    assert response.status_code == 400
    assert db.session.get(Child, child.id).date_of_birth is None


def test_a_child_of_another_case_is_not_found(client, admin):
    case, _, _ = _case_with_review()
    other = make_case()
    stranger = make_unborn_child(other, EDD)
    db.session.commit()
    data = {"child": str(stranger.id), "born_on": date_parts(date(2026, 5, 28))}
    response = client.post(f"/cases/{case.id}/birth", data=data)
    assert response.status_code == 404
