"""Recording a birth: the child's date of birth, the first review's window moved to wait for the
birth, pre-birth requests kept and named, all audited in one commit; bad input changes nothing.
It is Monday 1 June 2026 throughout."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.extensions import db
from app.models import AuditEvent, Child, MeetingRequest
from app.services import NotFound, ServiceError
from app.services.cases import births
from app.timescales import window
from tests.app.factories.cases import audit_details, count, make_unborn_child
from tests.app.factories.rows import make_case, make_meeting, make_request

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
EDD = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _first_review(case, held: date, edd: date = EDD, **fields) -> MeetingRequest:
    """The first review after a pre-birth conference held on `held`, as Quorum requests it."""
    computed = window("RCPC", held, edd=edd)
    return make_request(case=case, meeting_type="RCPC", sequence="first", trigger_date=held,
                        expected_delivery=edd, earliest=computed.earliest, latest=computed.latest,
                        preferred_latest=computed.preferred_latest, window_rule=computed.rule,
                        **fields)  # fmt: skip


def _record(case, child, born_on):
    return births.record_birth(NOW, None, case.id, child.id, born_on)


def test_a_birth_is_recorded_and_the_edd_kept(app):
    case = make_case()
    child = make_unborn_child(case, EDD)
    db.session.commit()
    _record(case, child, date(2026, 5, 28))
    db.session.refresh(child)
    assert (child.date_of_birth, child.expected_delivery) == (date(2026, 5, 28), EDD)


def test_a_birth_before_the_edd_moves_the_first_reviews_floor_to_the_birth(app):
    case = make_case()
    child = make_unborn_child(case, EDD)
    review = _first_review(case, date(2026, 4, 1))
    db.session.commit()
    assert review.earliest == EDD
    result = _record(case, child, date(2026, 5, 28))
    db.session.refresh(review)
    # Without the EDD to wait for, 20 working days before the 3-month deadline (Wed 1 Jul).
    assert (review.earliest, review.latest) == (date(2026, 6, 3), date(2026, 7, 1))
    assert [(m.request_id, m.before, m.after) for m in result.moved] == [
        (review.id, (EDD, date(2026, 7, 1)), (date(2026, 6, 3), date(2026, 7, 1)))
    ]
    assert review.expected_delivery == EDD


def test_a_birth_after_the_edd_holds_the_first_review_until_the_birth(app):
    case = make_case()
    child = make_unborn_child(case, date(2026, 5, 20))
    review = _first_review(case, date(2026, 3, 25), edd=date(2026, 5, 20))
    db.session.commit()
    assert review.earliest == date(2026, 5, 28)
    _record(case, child, date(2026, 5, 29))
    db.session.refresh(review)
    assert (review.earliest, review.latest) == (date(2026, 5, 29), date(2026, 6, 25))
    assert "not before the birth on Fri 29 May 2026" in review.window_rule


def test_a_booked_review_now_after_its_latest_day_is_named(app):
    # Held early under the 15 working days, the conference's review waited for the EDD; the
    # baby came early, so the review is due within 3 months of the conference after all.
    case = make_case()
    child = make_unborn_child(case, EDD)
    review = _first_review(case, date(2026, 2, 25), status="booked")
    make_meeting(request=review, starts_at=datetime(2026, 7, 6, 9, tzinfo=UTC), status="confirmed")
    db.session.commit()
    assert (review.earliest, review.latest) == (EDD, date(2026, 7, 8))
    result = _record(case, child, date(2026, 5, 20))
    assert [(m.after, m.booked_after_latest) for m in result.moved] == [
        ((date(2026, 5, 20), date(2026, 5, 22)), date(2026, 7, 6))
    ]


def test_open_prebirth_requests_are_kept_and_named_not_cancelled(app):
    case = make_case()
    child = make_unborn_child(case, EDD)
    conference = make_request(case=case, meeting_type="PREBIRTH_ICPC", sequence="first",
                              expected_delivery=EDD, status="open")  # fmt: skip
    db.session.commit()
    result = _record(case, child, date(2026, 5, 28))
    db.session.refresh(conference)
    assert conference.status == "open"
    assert result.prebirth_left == [
        (conference.id, "Pre-birth initial child protection conference (first)", "open")
    ]
    assert births.prebirth_after_birth(case.id) == {conference.id}


def test_requests_that_do_not_wait_for_this_birth_are_left_alone(app):
    case = make_case()
    child = make_unborn_child(case, EDD)
    other = make_request(case=case)  # a CiC review
    ordinary = make_request(case=case, meeting_type="RCPC", sequence="first",
                            earliest=date(2026, 6, 3), latest=date(2026, 7, 1))  # fmt: skip
    other_child = _first_review(case, date(2026, 4, 1), edd=date(2026, 6, 24))
    db.session.commit()
    result = _record(case, child, date(2026, 5, 28))
    assert (result.moved, result.prebirth_left) == ([], [])
    for request in (other, ordinary, other_child):
        db.session.refresh(request)
    assert (ordinary.earliest, other_child.earliest) == (date(2026, 6, 3), date(2026, 6, 24))


def test_the_birth_and_each_moved_window_are_audited_without_the_date(app):
    case = make_case()
    child = make_unborn_child(case, EDD)
    review = _first_review(case, date(2026, 4, 1))
    db.session.commit()
    _record(case, child, date(2026, 5, 28))
    details = audit_details()
    assert (
        f"child_id={child.id}; changed: date_of_birth; windows moved: request_ids={review.id}"
        in details
    )
    assert any(d.startswith("changed: window recomputed") for d in details)
    assert not any("2026-05-28" in d or "28 May" in d for d in details)


@pytest.mark.parametrize(
    ("born_on", "message"),
    [
        (None, "Enter the date of birth."),
        (date(2026, 6, 2), "is in the future"),
        (date(2026, 1, 2), "before the case was opened on Mon 5 Jan 2026"),
        (date(2026, 2, 3), "too far from the expected date of delivery"),  # EDD − 18 weeks − 1
    ],
)
def test_a_bad_date_of_birth_is_refused_and_changes_nothing(app, born_on, message):
    case = make_case()
    child = make_unborn_child(case, EDD)
    review = _first_review(case, date(2026, 4, 1))
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        _record(case, child, born_on)
    assert (refused.value.field, message in refused.value.message) == ("born_on", True)
    db.session.rollback()
    db.session.refresh(child)
    db.session.refresh(review)
    assert (child.date_of_birth, review.earliest, count(AuditEvent)) == (None, EDD, 0)


def test_the_earliest_believable_birth_is_accepted(app):
    case = make_case()
    child = make_unborn_child(case, EDD)
    db.session.commit()
    _record(case, child, date(2026, 2, 4))  # 22 weeks' gestation
    assert child.date_of_birth == date(2026, 2, 4)


def test_a_birth_more_than_four_weeks_after_the_edd_is_refused(app):
    case = make_case()
    child = make_unborn_child(case, date(2026, 4, 1))
    db.session.commit()
    with pytest.raises(ServiceError, match="too far from the expected date"):
        _record(case, child, date(2026, 4, 30))
    db.session.rollback()
    _record(case, child, date(2026, 4, 29))
    assert child.date_of_birth == date(2026, 4, 29)


def test_a_birth_cannot_be_recorded_twice(app):
    case = make_case()
    child = make_unborn_child(case, EDD)
    db.session.commit()
    _record(case, child, date(2026, 5, 28))
    with pytest.raises(ServiceError, match="already recorded"):
        _record(case, child, date(2026, 5, 29))


def test_a_child_of_another_case_is_not_found(app):
    case, other = make_case(), make_case()
    child = make_unborn_child(other, EDD)
    db.session.commit()
    with pytest.raises(NotFound):
        _record(case, child, date(2026, 5, 28))
    assert db.session.get(Child, child.id).date_of_birth is None


def test_no_child_chosen_is_refused_on_the_child_field(app):
    case = make_case()
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        births.record_birth(NOW, None, case.id, None, date(2026, 5, 28))
    assert refused.value.field == "child"
