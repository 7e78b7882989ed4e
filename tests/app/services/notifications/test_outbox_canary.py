"""No child's name, date of birth, address or case detail leaves Quorum: canaries seeded in
the case appear in no byte sent over SMTP, in no feed and in no .ics download."""

from datetime import date, timedelta

import pytest
import time_machine

from app.extensions import db
from app.models import CaseParty, Child, RequestAttendee
from app.services.notifications.outbox import message_bytes, queue_meeting_notices, snapshot
from app.services.notifications.outbox_relay import relay_due
from tests.app.auth_helpers import csrf_token, sign_in, signed_in_as
from tests.app.factories.outbox import (
    HOUR,
    SLOT,
    Clock,
    Recorder,
    add_attendee,
    book,
    decoded_parts,
    free_port,
    make_world,
    outbox_rows,
    smtp_transport,
    start_smtp,
)
from tests.app.factories.rows import make_case, make_person, make_user
from tests.app.services.notifications.test_feeds import FEED_URL

CHILD_NAME, CHILD_SURNAME = "Zebediah", "Canaryson"
CANARIES = (
    CHILD_NAME, CHILD_SURNAME, "CANARY77", "Lark Rise",
    "2017-02-13", "13/02/2017", "20170213", "13 February 2017", "13 Feb 2017",
)  # fmt: skip


@pytest.fixture
def canary_meeting(app):
    case = make_case(reference="CANARY77")
    case.children[0].date_of_birth = date(2017, 2, 13)
    db.session.add(Child(case=case, initials="ZC", date_of_birth=date(2017, 2, 13)))
    child = make_person(name=f"{CHILD_NAME} {CHILD_SURNAME}", role="child", email="")
    db.session.add(CaseParty(case=case, person=child, relationship_to_case="child"))
    world = make_world(
        roles=("parent", "social_worker", "advocate"),
        case=case,
        meeting_type="ICPC",  # the type is named in every invite now; the case still is not
        format="hybrid",
        joining_link="https://meet.example.org/j/42",
        notes=f"{CHILD_NAME} {CHILD_SURNAME}, born 13/02/2017, lives at 4 Lark Rise.",
        interpreter_language="Polish",
        needs_separate_waiting_area=True,
    )
    # The child is expected too: the chair's invite lists them, by role alone.
    db.session.add(RequestAttendee(request=world.request, person=child, role="child"))
    meeting = book(world)
    before = snapshot(meeting)
    meeting.starts_at, meeting.ends_at = SLOT + 2 * HOUR, SLOT + 3 * HOUR
    queue_meeting_notices(SLOT - HOUR, meeting, before)
    before = snapshot(meeting)
    meeting.status = "cancelled"
    queue_meeting_notices(SLOT - HOUR, meeting, before)
    db.session.commit()
    return world, meeting


def _leaks(data: bytes, texts: list[str] = ()) -> list[str]:
    readable = data.decode("utf-8", "replace") + "\n".join(texts)
    return [canary for canary in CANARIES if canary.lower() in readable.lower()]


def test_no_canary_is_in_any_message_sent_over_smtp(app, canary_meeting):
    recorder, port = Recorder(), free_port()
    controller = start_smtp(recorder, port)
    try:
        relay_due(Clock(SLOT), smtp_transport(port))
    finally:
        controller.stop()

    rows = outbox_rows()
    assert len(rows) == 12  # 4 people x book, move, cancel
    assert len(recorder.received) == 4  # the cancellations: the rest were superseded unsent
    for content in recorder.received + [message_bytes(row) for row in rows]:
        assert _leaks(content, decoded_parts(content)) == []
    for row in rows:  # what builds a message, stored until the relay first claims it
        assert row.content is not None and _leaks(row.content.encode()) == []
    # Not a blind check: the chair's invitation does speak of the child, by role alone.
    chairs = [r for r in rows if r.audience == "chair" and r.method == "REQUEST"]
    assert "Child or young person: in the room or online" in "".join(
        decoded_parts(message_bytes(chairs[0]))
    )


def test_no_canary_is_in_a_chairs_feed_a_rooms_feed_or_a_meeting_download(client, canary_meeting):
    world, meeting = canary_meeting
    world.chair.user = make_user(role="chair")
    db.session.commit()
    with time_machine.travel(SLOT - timedelta(days=7), tick=True):
        sign_in(client, world.chair.user)
        made = client.post("/feeds/mine", data={"csrf_token": csrf_token(client, "/feeds")})
        chair_feed = client.get(f"/feeds/{FEED_URL.search(made.get_data(True)).group(1)}.ics")
        download = client.get(f"/meetings/{meeting.id}/calendar.ics")
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
        signed_in_as(client, "admin")
        room_page = f"/rooms/{world.room.id}"
        made = client.post(
            f"/feeds/rooms/{world.room.id}", data={"csrf_token": csrf_token(client, room_page)}
        )
        room_feed = client.get(f"/feeds/{FEED_URL.search(made.get_data(True)).group(1)}.ics")

    for response in (chair_feed, room_feed, download):
        assert meeting.ical_uid in response.get_data(as_text=True)
        assert _leaks(response.get_data()) == []


def test_no_canary_is_in_any_chaser_or_briefing_sent_over_smtp(app):
    from app.services.notifications.chasers import send_due
    from tests.app.services.chasers.factories import BOOKED, MEETING, london

    case = make_case(reference="CANARY77")
    case.children[0].date_of_birth = date(2017, 2, 13)
    world = make_world(
        roles=("parent", "gp", "police"),
        case=case,
        notes=f"{CHILD_NAME} {CHILD_SURNAME}, born 13/02/2017, lives at 4 Lark Rise.",
    )
    # The child is on the list, with an email: the briefing still names them by role only.
    child = make_person(name=f"{CHILD_NAME} {CHILD_SURNAME}", role="child",
                        email="zebediah@example.org")  # fmt: skip
    add_attendee(world.request, child, "child")
    book(world, starts_at=MEETING, now=BOOKED)
    db.session.commit()
    recorder, port = Recorder(), free_port()
    controller = start_smtp(recorder, port)
    try:
        for moment in (london(2026, 3, 5), london(2026, 3, 10), london(2026, 3, 11)):
            send_due(moment)
            relay_due(Clock(moment), smtp_transport(port))
    finally:
        controller.stop()

    plain = [row for row in outbox_rows() if row.kind != "invite"]
    assert sorted(row.kind for row in plain) == ["briefing"] + ["chaser"] * 4
    assert {row.status for row in plain} == {"sent"}
    # (The child's own invite is addressed to them by name; no chaser or briefing names them.)
    plain_bytes = {message_bytes(row) for row in plain}
    assert len([body for body in recorder.received if body in plain_bytes]) == 5
    for content in plain_bytes:
        assert _leaks(content, decoded_parts(content)) == []
    for row in plain:
        assert _leaks(row.content.encode()) == []
