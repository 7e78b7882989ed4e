"""A meeting's whole life, as its recipients see it: booked → rescheduled → moved to another
room → another chair → an attendee removed → cancelled. After each step the real relay sweep
sends the outbox through real SMTP (aiosmtpd on loopback); every delivered invite is read back
with icalendar and its latest state stored in each recipient's own calendar on a real CalDAV
server (Radicale on loopback), as a calendar client would."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from app.extensions import db
from app.services.notifications.outbox import queue_meeting_notices, snapshot
from app.services.notifications.outbox_relay import relay_due
from app.services.requests.requests import cancel_request
from tests.app import mail_fixtures
from tests.app.factories.outbox import SLOT, Clock, book, make_world, smtp_transport
from tests.app.factories.rows import make_chair, make_room
from tests.app.mail_fixtures import Delivery, delivery

# The shared fixtures, used by name below.
caldav, smtp_server = mail_fixtures.caldav, mail_fixtures.smtp_server

DAY = timedelta(days=1)
R, C = "REQUEST", "CANCEL"
# Who hears what at each step (SEQUENCE in brackets); anyone not named hears nothing.
EXPECTED = [
    ("booked", {"old chair": (R, 0), "parent": (R, 0), "social worker": (R, 0)}),
    ("rescheduled", {"old chair": (R, 1), "parent": (R, 1), "social worker": (R, 1)}),
    ("room changed", {"old chair": (R, 2), "parent": (R, 2), "social worker": (R, 2)}),
    (
        "chair changed",
        {"old chair": (C, 3), "new chair": (R, 3), "parent": (R, 3), "social worker": (R, 3)},
    ),
    ("parent removed", {"parent": (C, 4)}),
    ("cancelled", {"new chair": (C, 5), "social worker": (C, 5)}),
]


@dataclass
class Lifecycle:
    """What the recipients received, step by step, and what Radicale said to each PUT."""

    names: dict[str, str]  # email -> "parent", "old chair", …
    uid: str
    steps: list[tuple[str, list[Delivery]]] = field(default_factory=list)
    put_statuses: list[int] = field(default_factory=list)

    def all_deliveries(self) -> list[Delivery]:
        return [d for _, deliveries in self.steps for d in deliveries]

    def heard(self) -> list[tuple[str, list[tuple[str, str, int]]]]:
        """Step by step, who got which METHOD and SEQUENCE (a message twice shows twice)."""
        return [
            (step, sorted((self.names[d.to], d.method, d.sequence) for d in deliveries))
            for step, deliveries in self.steps
        ]


def _change(now, meeting, **fields) -> None:
    """A change as a service makes it: snapshot, change, queue the notices, commit together."""
    before = snapshot(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.updated_at = now
    queue_meeting_notices(now, meeting, before)
    db.session.commit()


def _remove_attendee(now, meeting, request, person) -> None:
    before = snapshot(meeting)
    request.attendees = [a for a in request.attendees if a.person_id != person.id]
    queue_meeting_notices(now, meeting, before)
    db.session.commit()


class Run:
    """Sends what each step queued, and has each recipient's calendar client apply it."""

    def __init__(self, port: int, caldav, lifecycle: Lifecycle) -> None:
        self.port, self.caldav, self.lifecycle = port, caldav, lifecycle
        self.recorder_seen = 0

    def relay(self, step: str, now, recorder) -> None:
        relay_due(Clock(now), smtp_transport(self.port))
        new = recorder.received[self.recorder_seen :]
        self.recorder_seen = len(recorder.received)
        deliveries = [delivery(raw) for raw in new]
        self.lifecycle.steps.append((step, deliveries))
        self.lifecycle.put_statuses += [self.caldav.store(d) for d in deliveries]


@pytest.fixture
def lifecycle(app, smtp_server, caldav) -> Lifecycle:
    recorder, port = smtp_server
    world = make_world(roles=("parent", "social_worker"))
    parent, social_worker = world.people["parent"], world.people["social_worker"]
    old_chair, new_chair = world.chair, make_chair()
    names = {old_chair.email: "old chair", new_chair.email: "new chair",
             parent.email: "parent", social_worker.email: "social worker"}  # fmt: skip
    now = SLOT - 10 * DAY
    meeting = book(world, now=now)
    result = Lifecycle({email.lower(): name for email, name in names.items()}, meeting.ical_uid)
    run = Run(port, caldav, result)
    run.relay("booked", now, recorder)

    steps = [
        ("rescheduled", lambda t: _change(t, meeting, starts_at=SLOT + DAY,
                                          ends_at=SLOT + DAY + timedelta(hours=1))),
        ("room changed", lambda t: _change(t, meeting, room_id=make_room().id)),
        ("chair changed", lambda t: _change(t, meeting, chair_id=new_chair.id)),
        ("parent removed", lambda t: _remove_attendee(t, meeting, world.request, parent)),
        ("cancelled", lambda t: cancel_request(t, None, world.request.id, "family_request")),
    ]  # fmt: skip
    for step, make_change in steps:
        now += timedelta(hours=1)
        make_change(now)
        run.relay(step, now, recorder)
    return result


def test_each_step_reaches_exactly_the_people_it_concerns_with_the_right_method_and_sequence(
    lifecycle,
):
    expected = [
        (step, sorted((name, method, sequence) for name, (method, sequence) in heard.items()))
        for step, heard in EXPECTED
    ]
    assert lifecycle.heard() == expected


def test_every_message_is_one_invite_for_its_reader_alone_under_the_meetings_one_uid(lifecycle):
    for delivered in lifecycle.all_deliveries():
        assert delivered.calendar_parts == 1, delivered.to
        assert delivered.uid == lifecycle.uid
        assert delivered.attendees == (delivered.to,)
        chair = lifecycle.names[delivered.to].endswith("chair")
        assert delivered.attendee_role == ("CHAIR" if chair else "REQ-PARTICIPANT")


def test_a_cancelled_meeting_says_so_and_an_uninvited_attendee_is_told_without_it(lifecycle):
    steps = dict(lifecycle.steps)

    assert {d.status for d in steps["cancelled"]} == {"CANCELLED"}
    assert [d.status for d in steps["parent removed"]] == [None]  # RFC 5546 §3.2.5
    assert {d.status for d in steps["booked"]} == {"CONFIRMED"}


def test_each_recipients_sequence_rises_with_every_message_and_never_falls(lifecycle):
    by_recipient: dict[str, list[int]] = {}
    for delivered in lifecycle.all_deliveries():
        by_recipient.setdefault(delivered.to, []).append(delivered.sequence)

    for email, sequences in by_recipient.items():
        assert sequences == sorted(set(sequences)), (lifecycle.names[email], sequences)


def test_radicale_accepts_every_state_and_each_calendar_ends_with_the_meeting_cancelled(
    lifecycle, caldav
):
    assert lifecycle.put_statuses and set(lifecycle.put_statuses) <= {201, 204}
    assert len(lifecycle.put_statuses) == len(lifecycle.all_deliveries())
    last_sequence = {d.to: d.sequence for d in lifecycle.all_deliveries()}

    for email, name in lifecycle.names.items():
        (event,) = caldav.held(email, lifecycle.uid)
        assert str(event["UID"]) == lifecycle.uid, name
        assert str(event["STATUS"]) == "CANCELLED", name
        assert int(event["SEQUENCE"]) == last_sequence[email], name
