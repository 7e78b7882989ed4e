"""Two people kept apart (a domestic-abuse case) each read in their invite which arrangement is
theirs: their own waiting area, or their own arrival time; nobody else's invite mentions it."""

import pytest

from app.extensions import db
from app.models import KeptApart
from app.services.notifications.outbox import message_bytes
from tests.app.factories.outbox import add_attendee, book, decoded_parts, make_world, outbox_rows
from tests.app.factories.rows import make_person


def _kept_apart_world(arrangement: str, meeting_format: str = "in_person"):
    link = "https://meet.example.org/q-9" if meeting_format != "in_person" else ""
    world = make_world(roles=("parent", "gp"), kept_apart_arrangement=arrangement,
                       format=meeting_format, joining_link=link)  # fmt: skip
    first, second = world.people["parent"], make_person(role="parent")
    add_attendee(world.request, second)
    low, high = sorted((first, second), key=lambda person: person.id)
    db.session.add(KeptApart(case=world.request.case, person_a_id=low.id, person_b_id=high.id))
    db.session.commit()
    book(world)
    return world, low, high


def _text(person) -> str:
    (row,) = [row for row in outbox_rows() if row.recipient_email == person.email]
    return " ".join(" ".join(decoded_parts(message_bytes(row))).split())


def test_separate_arrival_times_tell_each_their_own_time(app):
    world, low, high = _kept_apart_world("arrival_times")  # the meeting starts at 10:00 GMT

    assert "Please arrive at 09:45, 15 minutes before the start." in _text(low)
    assert "Please arrive at 10:00, not before." in _text(high)
    assert "When you arrive" not in _text(world.people["gp"])


def test_a_separate_waiting_area_is_said_to_both(app):
    world, low, high = _kept_apart_world("waiting_area")

    for person in (low, high):
        assert "There is a separate waiting area for you." in _text(person)
    assert "waiting area for you" not in _text(world.people["gp"])


NOTHING_TO_ARRANGE = [("", "in_person"), ("arrival_times", "virtual")]


@pytest.mark.parametrize(("arrangement", "meeting_format"), NOTHING_TO_ARRANGE)
def test_no_arrangement_or_an_online_meeting_says_nothing_of_it(app, arrangement, meeting_format):
    _, low, high = _kept_apart_world(arrangement, meeting_format)

    assert "When you arrive" not in _text(low) + _text(high)
