"""The Outbox page (staff): counts, failures with their error, each message readable as text
and rendered safely; and each meeting's page shows the delivery state of each recipient."""

from datetime import timedelta

from markupsafe import escape

from app.mail import MemoryTransport, PermanentFailure
from app.services.outbox_relay import relay_due
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories import make_person
from tests.app.factories_outbox import (
    SLOT,
    Clock,
    Recorder,
    add_attendee,
    book,
    free_port,
    make_world,
    outbox_rows,
    smtp_transport,
    start_smtp,
)


class Refusing:
    """A transport whose server refuses one address for good (the relay is what is tested)."""

    def __init__(self, refused: str):
        self.refused, self.memory = refused, MemoryTransport()

    def send(self, message):
        if message["To"].addresses[0].addr_spec == self.refused:
            raise PermanentFailure("550 5.1.1 <" + self.refused + ">: no such mailbox")
        self.memory.send(message)


def _booked_and_relayed(refused_role: str = "parent"):
    world = make_world(roles=("parent", "social_worker"))
    meeting = book(world)
    relay_due(Clock(SLOT), Refusing(world.people[refused_role].email))
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
    world, meeting = _booked_and_relayed(refused_role="social_worker")
    signed_in_as(client, "admin")

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    rows = {row.recipient_name: row for row in outbox_rows()}
    parent, worker = world.people["parent"].name, world.people["social_worker"].name
    assert f"{parent} (family)" in page and f"{worker} (professional)" in page
    assert page.count('govuk-tag--green">Sent') == 2
    assert page.count('govuk-tag--red">Failed') == 1
    assert str(escape(rows[worker].last_error)) in page


def test_the_meeting_page_shows_a_message_that_is_waiting_to_be_retried(client):
    recorder, port = Recorder(reply="421 4.7.0 Too busy"), free_port()
    controller = start_smtp(recorder, port)
    try:
        meeting = book(make_world(roles=()))
        relay_due(Clock(SLOT - timedelta(days=1)), smtp_transport(port))
    finally:
        controller.stop()
    signed_in_as(client, "admin")

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert "Retrying" in page and "421" in page
