"""A joining link for every online or hybrid meeting: the request's own, else the chair's
personal meeting link, else the authority's template; booking one that would have none is
refused in words naming it, before anything is saved or sent."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting, MeetingRequest, OutboxMessage
from app.services import ServiceError
from app.services.booking.bookings import book_meeting
from app.services.notifications.notices import invite_meeting
from app.services.planning.confirm import confirm_plan_run
from app.services.reference.chairs import ChairInput, update_chair
from tests.app.factories.proposals import make_done_run, make_world
from tests.app.factories.rows import NOW, make_chair, make_meeting, make_request
from tests.app.factories.settings import use_settings

TEMPLATE = "https://meet.example.org/quorum-{reference}"
START = datetime(2026, 3, 3, 10, tzinfo=UTC)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("own", "chairs", "template", "expected"),
    [
        ("https://a.example.org/r", "https://b.example.org/c", TEMPLATE, "https://a.example.org/r"),
        ("", "https://b.example.org/c", TEMPLATE, "https://b.example.org/c"),
        ("", "", TEMPLATE, "https://meet.example.org/quorum-"),
        ("", "", "", None),
    ],
)
def test_the_link_is_the_requests_then_the_chairs_then_the_templates(
    app, own, chairs, template, expected
):
    use_settings(join_link_template=template)
    chair = make_chair(personal_meeting_link=chairs)
    meeting = make_meeting(request=make_request(format="hybrid", joining_link=own), chair=chair)
    db.session.commit()
    link = invite_meeting(meeting).join_url
    assert link == expected if expected is None else link.startswith(expected)


def test_an_in_person_meeting_has_no_link_even_with_the_chairs(app):
    chair = make_chair(personal_meeting_link="https://b.example.org/c")
    meeting = make_meeting(request=make_request(format="in_person"), chair=chair)
    db.session.commit()
    assert invite_meeting(meeting).join_url is None


def _chair_input(chair, link: str) -> ChairInput:
    return ChairInput(chair.name, chair.email, chair.base_locality_id, "1", ["chair"],
                      ["mon", "tue"], 3, 900, False, None, link)  # fmt: skip


def test_a_chairs_link_must_be_https_and_nothing_changes_otherwise(app):
    chair = make_chair()
    db.session.commit()
    with pytest.raises(ServiceError, match="full https://") as refused:
        update_chair(NOW, None, chair.id, _chair_input(chair, "http://meet.example.org/c"))
    assert refused.value.field == "personal_meeting_link"
    db.session.rollback()
    assert db.session.get(type(chair), chair.id).personal_meeting_link == ""
    update_chair(NOW, None, chair.id, _chair_input(chair, "https://meet.example.org/c"))
    assert chair.personal_meeting_link == "https://meet.example.org/c"


def test_hand_booking_a_hybrid_meeting_with_no_link_anywhere_is_refused_naming_it(app):
    request, chair = make_request(format="hybrid"), make_chair()
    db.session.commit()
    with pytest.raises(ServiceError, match=f"request {request.id} .*no joining link"):
        book_meeting(NOW, None, request.id, START, START.replace(hour=11), chair.id, None)
    assert (_count(Meeting), _count(OutboxMessage)) == (0, 0)
    assert db.session.get(MeetingRequest, request.id).status == "open"


def test_hand_booking_a_hybrid_meeting_with_the_chairs_link_is_booked(app):
    request = make_request(format="hybrid")
    chair = make_chair(personal_meeting_link="https://meet.example.org/c")
    db.session.commit()
    book_meeting(NOW, None, request.id, START, START.replace(hour=11), chair.id, None)
    assert _count(Meeting) == 1


def test_confirming_a_plan_with_an_online_meeting_without_a_link_books_nothing(app):
    run = make_done_run(requests=2)
    requests = list(db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id)))
    requests[1].format = "hybrid"
    db.session.commit()
    with pytest.raises(ServiceError, match=f"Nothing was booked: request {requests[1].id} "):
        confirm_plan_run(NOW, None, run.id)
    assert (_count(Meeting), _count(OutboxMessage)) == (0, 0)


def test_confirming_a_plan_whose_online_meeting_has_its_own_link_books_it(app):
    run = make_done_run(requests=2, world=make_world())
    request = db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id)).first()
    request.format, request.joining_link = "hybrid", "https://meet.example.org/r"
    db.session.commit()
    confirm_plan_run(NOW, None, run.id)
    assert _count(Meeting) == 2


def test_a_booked_request_changed_to_hybrid_needs_a_link_and_nothing_changes_without_one(app):
    from app.services.requests import requests as request_service
    from app.services.requests.rules import RequestInput
    from tests.app.factories.rows import make_case

    case = make_case()
    db.session.commit()
    created = request_service.create_request(NOW, None, case.id,
                                             RequestInput(meeting_type="ICPC",
                                                          trigger_date=NOW.date()))  # fmt: skip
    chair = make_chair()
    make_meeting(request=created, chair=chair, starts_at=START)
    created.status = "booked"
    db.session.commit()
    messages = _count(OutboxMessage)

    with pytest.raises(ServiceError) as refused:
        request_service.update_request(NOW, None, created.id,
                                       RequestInput(meeting_type="ICPC", trigger_date=NOW.date(),
                                                    format="hybrid"))  # fmt: skip

    assert refused.value.field == "joining_link" and "need a joining link" in refused.value.message
    assert db.session.get(MeetingRequest, created.id).format == "in_person"
    assert _count(OutboxMessage) == messages
    linked = request_service.update_request(
        NOW, None, created.id,
        RequestInput(meeting_type="ICPC", trigger_date=NOW.date(), format="hybrid",
                     joining_link="https://meet.example.org/r1"),
    )  # fmt: skip
    assert linked.format == "hybrid" and _count(OutboxMessage) > messages
