"""The Outbox page (staff): counts, failures with their error, each message readable as text
and rendered safely; and each meeting's page shows the delivery state of each recipient."""

import re
from datetime import timedelta

from markupsafe import escape

from app.extensions import db
from app.mail import MemoryTransport, PermanentFailure
from app.mail.transports import TransportRefused
from app.services.notifications.outbox import queue_meeting_notices, snapshot
from app.services.notifications.outbox_relay import relay_due
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.outbox import (
    SLOT,
    Clock,
    Recorder,
    add_attendee,
    book,
    make_world,
    outbox_rows,
    smtp_transport,
)
from tests.app.factories.rows import make_person


class Refusing:
    """A transport whose server refuses some addresses for good (the relay is what is tested)."""

    def __init__(self, *refused: str):
        self.refused, self.memory = refused, MemoryTransport()

    def send(self, message):
        address = message["To"].addresses[0].addr_spec
        if address in self.refused:
            raise PermanentFailure("550 5.1.1 <" + address + ">: no such mailbox")
        self.memory.send(message)


def _booked_and_relayed(*refused_roles: str):
    world = make_world(roles=("parent", "social_worker"))
    meeting = book(world)
    refused = [world.people[role].email for role in refused_roles or ("parent",)]
    relay_due(Clock(SLOT), Refusing(*refused))
    return world, meeting


def test_the_outbox_page_counts_messages_and_shows_each_failure_with_its_error(client):
    _booked_and_relayed()
    signed_in_as(client, "admin")

    page = client.get("/outbox").get_data(as_text=True)

    assert '<dd class="govuk-summary-list__value" id="count-sent">2</dd>' in page
    assert '<dd class="govuk-summary-list__value" id="count-failed">1</dd>' in page
    assert "550 5.1.1" in page and "no such mailbox" in page


def test_a_message_in_the_outbox_reads_as_its_recipient_would_read_it(client):
    book(make_world(roles=()))
    signed_in_as(client, "manager")
    (row,) = outbox_rows()

    page = client.get(f"/outbox/{row.id}").get_data(as_text=True)

    assert "BEGIN:VCALENDAR" in page and "METHOD:REQUEST" in page
    assert row.message_id.strip("<>") in page.replace("&lt;", "<").replace("&gt;", ">")


def test_a_message_is_shown_escaped_not_as_markup(client):
    world = make_world(roles=())
    add_attendee(world.request, make_person(role="parent", name='<script>alert("x")</script>'))
    book(world)
    signed_in_as(client, "admin")
    row = next(row for row in outbox_rows() if row.audience == "family")

    page = client.get(f"/outbox/{row.id}").get_data(as_text=True)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_a_failed_message_can_be_sent_again_by_staff(client):
    _booked_and_relayed()
    signed_in_as(client, "admin")
    (failed,) = outbox_rows(status="failed")
    url = f"/outbox/{failed.id}"

    response = client.post(url + "/retry", data={"csrf_token": csrf_token(client, url)})

    assert response.status_code == 302
    assert outbox_rows(status="failed") == []
    assert failed.status == "queued"


def test_the_meeting_page_shows_what_each_recipient_was_sent_and_how_far_it_got(client):
    world, meeting = _booked_and_relayed("social_worker")
    signed_in_as(client, "admin")

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    rows = {row.recipient_name: row for row in outbox_rows()}
    parent, worker = world.people["parent"].name, world.people["social_worker"].name
    assert f"{parent} (family)" in page and f"{worker} (professional)" in page
    assert page.count('govuk-tag--green">Sent') == 2
    assert page.count('govuk-tag--red">Failed') == 1
    assert str(escape(rows[worker].last_error)) in page


def test_the_meeting_page_shows_a_message_that_is_waiting_to_be_retried(client, smtp):
    _, port, start = smtp
    start(Recorder(reply="421 4.7.0 Too busy"))
    meeting = book(make_world(roles=()))
    relay_due(Clock(SLOT - timedelta(days=1)), smtp_transport(port))
    signed_in_as(client, "admin")

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert "Retrying" in page and "421" in page


def _remove_parent(world, meeting):
    before = snapshot(meeting)
    parent_id = world.people["parent"].id
    world.request.attendees = [a for a in world.request.attendees if a.person_id != parent_id]
    queue_meeting_notices(SLOT, meeting, before)  # a CANCEL replaces the parent's failed invite
    db.session.commit()


def test_a_message_replaced_by_a_newer_one_is_shown_so_and_cannot_be_sent_again(client):
    world, meeting = _booked_and_relayed("parent")
    _remove_parent(world, meeting)
    (replaced,) = outbox_rows(status="superseded")
    signed_in_as(client, "admin")
    url = f"/outbox/{replaced.id}"

    index = client.get("/outbox").get_data(as_text=True)
    refused = client.post(url + "/retry", data={"csrf_token": csrf_token(client, url)})

    assert '<dd class="govuk-summary-list__value" id="count-superseded">1</dd>' in index
    assert "replaced by a newer message to the same person" in index
    assert refused.status_code == 400 and "newer message" in refused.get_data(as_text=True)
    assert replaced.status == "superseded"


def test_staff_can_send_every_failed_message_again_except_those_replaced(client):
    world, meeting = _booked_and_relayed("parent", "social_worker")
    _remove_parent(world, meeting)
    signed_in_as(client, "manager")

    response = client.post(
        "/outbox/retry-failed", data={"csrf_token": csrf_token(client, "/outbox")}
    )

    assert response.status_code == 302
    by_person = {(row.recipient_email, row.method): row.status for row in outbox_rows()}
    assert by_person[(world.people["social_worker"].email, "REQUEST")] == "queued"
    assert by_person[(world.people["parent"].email, "REQUEST")] == "superseded"
    assert "1 failed message will be sent again" in client.get("/outbox").get_data(as_text=True)


def test_the_outbox_page_says_when_the_mail_server_refuses_quorum_itself(client):
    book(make_world(roles=()))
    relay_due(Clock(SLOT), LoginRefused())
    signed_in_as(client, "admin")

    page = client.get("/outbox").get_data(as_text=True)

    assert outbox_rows()[0].status == "queued"
    assert 'id="server-problem"' in page
    assert "The mail server refused Quorum&#39;s login: 535 5.7.8 Bad credentials" in page


class LoginRefused:
    def send(self, message):
        raise TransportRefused("login", 535, "5.7.8 Bad credentials")


def test_staff_read_a_professionals_invite_without_their_private_reply_link(client):
    world = make_world(roles=("gp",))
    book(world)
    signed_in_as(client, "admin")
    (row,) = [r for r in outbox_rows() if r.recipient_email == world.people["gp"].email]

    page = client.get(f"/outbox/{row.id}").get_data(as_text=True)

    assert "/reply/[private link, hidden]" in page
    assert re.search(r"/reply/[A-Za-z0-9_-]{20,}", page) is None


def test_a_message_that_could_not_be_built_shows_why_not_an_error(client):
    book(make_world(roles=()))
    (row,) = outbox_rows()
    row.content, row.status, row.last_error = "{}", "failed", "Could not be built: no meeting"
    db.session.commit()
    signed_in_as(client, "admin")

    page = client.get(f"/outbox/{row.id}")

    assert page.status_code == 200
    assert "This message could not be built. Could not be built: no meeting" in page.get_data(
        as_text=True
    )
