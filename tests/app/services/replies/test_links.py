"""The private link: opens for its own attendee and meeting only, only while the meeting is on
and not over, and only its hash is stored."""

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import AttendeeResponse, RequestAttendee
from app.services import NotFound
from app.services.accounts.api_tokens import hash_token
from app.services.replies.links import LinkClosed, open_link, response_for, secret_of
from tests.app.factories.outbox import HOUR
from tests.app.services.replies.factories import BEFORE, linked


def test_a_link_opens_for_its_own_attendee_and_meeting(app):
    first, second = linked(), linked()

    opened = open_link(BEFORE, first.secrets["gp"])

    assert opened.person.id == first.world.people["gp"].id
    assert opened.meeting.id == first.meeting.id
    assert open_link(BEFORE, second.secrets["gp"]).meeting.id == second.meeting.id


@pytest.mark.parametrize("secret", ["", "x", "A" * 43, "A" * 5000])
def test_a_secret_never_made_is_not_found(app, secret):
    linked()
    with pytest.raises(NotFound) as refused:
        open_link(BEFORE, secret)
    assert not isinstance(refused.value, LinkClosed)


def test_only_the_secrets_hash_is_stored_and_the_same_link_goes_in_every_invite(app):
    case = linked()
    person = case.world.people["gp"]

    again = response_for(BEFORE + HOUR, case.world.request.id, person.id)

    secret = case.secrets["gp"]
    assert secret_of(again) == secret and len(secret) == 43  # 256 bits, base64url
    assert again.secret_hash == hash_token(secret)
    rows = db.session.execute(text("SELECT * FROM attendee_responses")).all()
    assert all(secret not in str(tuple(row)) for row in rows)


def test_a_new_server_key_makes_new_links_and_closes_the_old(app):
    case = linked()
    response = db.session.scalars(
        select(AttendeeResponse).filter_by(person_id=case.world.people["gp"].id)
    ).one()
    app.config["SECRET_KEY"] = "another-secret-key-that-is-long-enough-9876543210"

    assert secret_of(response) != case.secrets["gp"]
    with pytest.raises(NotFound):
        open_link(BEFORE, case.secrets["gp"])


def test_a_link_works_until_the_meeting_ends_and_then_closes_in_words(app):
    case = linked()
    ends_at = case.meeting.ends_at

    assert open_link(ends_at - HOUR / 60, case.secrets["gp"]).meeting.id == case.meeting.id
    with pytest.raises(LinkClosed, match="has taken place"):
        open_link(ends_at, case.secrets["gp"])


def test_a_cancelled_meeting_closes_its_links(app):
    case = linked()
    case.meeting.status = "cancelled"
    db.session.commit()

    with pytest.raises(LinkClosed, match="no longer booked"):
        open_link(BEFORE, case.secrets["gp"])


def test_someone_taken_off_the_list_can_no_longer_use_their_link(app):
    case = linked()
    gp = case.world.people["gp"]
    db.session.delete(db.session.get(RequestAttendee, (case.world.request.id, gp.id)))
    db.session.commit()

    with pytest.raises(LinkClosed, match="no longer on this meeting's list"):
        open_link(BEFORE, case.secrets["gp"])
    assert open_link(BEFORE, case.secrets["parent"]).person.role == "parent"
