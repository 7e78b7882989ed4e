"""Holding a pre-birth conference requests the first review, which carries the EDD and is never
held before the birth (or the EDD while the baby is not yet born)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.extensions import db
from app.services.requests import requests as service
from app.services.requests.rules import RequestInput
from tests.app.factories.cases import (
    make_confirmed_meeting,
    make_unborn_child,
    requests_for,
    staff_signed_in,
)
from tests.app.factories.rows import make_case

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
EDD = date(2026, 7, 20)
HELD = date(2026, 5, 12)  # 30 weeks' gestation and a day


@pytest.fixture
def admin(app, client):
    with time_machine.travel(NOW):
        yield staff_signed_in(app, client)


def _prebirth_conference(case):
    return make_confirmed_meeting(
        HELD, case=case, meeting_type="PREBIRTH_ICPC", sequence="first",
        trigger_date=date(2026, 4, 28),
        expected_delivery=EDD, earliest=date(2026, 5, 11), latest=date(2026, 5, 19),
    )  # fmt: skip


def _hold(client, meeting):
    return client.post(f"/requests/{meeting.request_id}/held", data={})


def test_the_first_review_after_a_prebirth_conference_waits_for_the_edd(client, admin):
    case = make_case()
    make_unborn_child(case, EDD)
    meeting = _prebirth_conference(case)
    db.session.commit()
    assert _hold(client, meeting).status_code == 302
    review = requests_for(case)[-1]
    assert (review.meeting_type, review.sequence, review.expected_delivery) == (
        "RCPC",
        "first",
        EDD,
    )
    # 3 months after the conference (Wed 12 Aug); 20 working days before it is Wed 15 Jul.
    assert (review.earliest, review.latest) == (EDD, date(2026, 8, 12))
    assert "not before the expected date of delivery on Mon 20 Jul 2026" in review.window_rule


def test_a_birth_already_recorded_is_the_first_reviews_floor(client, admin):
    case = make_case()
    child = make_unborn_child(case, EDD)
    meeting = _prebirth_conference(case)
    child.date_of_birth = date(2026, 5, 30)  # born early, before the conference was marked held
    db.session.commit()
    _hold(client, meeting)
    review = requests_for(case)[-1]
    assert (review.earliest, review.expected_delivery) == (date(2026, 7, 15), EDD)


def test_an_ordinary_icpc_gives_its_first_review_no_edd(client, admin):
    case = make_case()
    make_unborn_child(case, EDD)
    meeting = make_confirmed_meeting(
        HELD, case=case, meeting_type="ICPC", sequence="first", trigger_date=date(2026, 4, 28),
        earliest=date(2026, 5, 5), latest=date(2026, 5, 19),
    )  # fmt: skip
    db.session.commit()
    _hold(client, meeting)
    review = requests_for(case)[-1]
    assert (review.expected_delivery, review.earliest) == (None, date(2026, 7, 15))


def test_editing_the_first_review_keeps_its_edd_and_floor(client, admin):
    case = make_case()
    make_unborn_child(case, EDD)
    meeting = _prebirth_conference(case)
    db.session.commit()
    _hold(client, meeting)
    review = requests_for(case)[-1]
    # A new trigger day recomputes the window: the EDD is not on the form for a review.
    data = RequestInput(meeting_type="RCPC", sequence="first", trigger_date=date(2026, 5, 13),
                        locality_id=review.locality_id, notes="moved a day")  # fmt: skip
    service.update_request(NOW, None, review.id, data)
    db.session.refresh(review)
    assert (review.expected_delivery, review.earliest, review.trigger_date) == (
        EDD,
        EDD,
        date(2026, 5, 13),
    )
