"""A bookable meeting with people to invite, an SMTP server on loopback (aiosmtpd) that
records what it receives, and a clock the relay tests can move on."""

import asyncio
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from app.extensions import db
from app.mail import SmtpTransport
from app.models import CaseParty, MeetingRequest, OutboxMessage, RequestAttendee
from app.services.booking.bookings import book_meeting
from app.services.requests.rules import attendee_role
from tests.app.factories.rows import make_chair, make_person, make_request, make_room

SLOT = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # a Tuesday, GMT
HOUR = timedelta(hours=1)


@dataclass
class World:
    request: MeetingRequest
    chair: object
    room: object
    people: dict = field(default_factory=dict)


def add_attendee(request: MeetingRequest, person, relationship: str = "party") -> None:
    db.session.add(CaseParty(case=request.case, person=person, relationship_to_case=relationship))
    db.session.add(RequestAttendee(request=request, person=person, role=attendee_role(person.role)))
    db.session.flush()


def make_world(roles=("parent", "social_worker"), **request_fields) -> World:
    """A request whose attendees have these roles (each with an email), a chair and a room."""
    request = make_request(**request_fields)
    world = World(request=request, chair=make_chair(), room=make_room())
    for role in roles:
        person = make_person(role=role)
        add_attendee(request, person)
        world.people[role] = person
    db.session.commit()
    return world


def book(world: World, starts_at: datetime = SLOT, now: datetime = SLOT - 72 * HOUR):
    return book_meeting(
        now, None, world.request.id, starts_at, starts_at + HOUR, world.chair.id, world.room.id
    )


def outbox_rows(**where) -> list[OutboxMessage]:
    query = select(OutboxMessage).filter_by(**where).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def parsed(body: bytes):
    return message_from_bytes(body, policy=policy.default)


def decoded_parts(body: bytes) -> list[str]:
    """Every leaf part of a message as text, decoded from base64 or quoted-printable."""
    texts = []
    for part in parsed(body).walk():
        if not part.is_multipart():
            payload = part.get_payload(decode=True) or b""
            texts.append(payload.decode("utf-8", "replace"))
    return texts


def calendar_part(body: bytes) -> str:
    (part,) = [p for p in parsed(body).walk() if p.get_content_type() == "text/calendar"]
    return part.get_payload(decode=True).decode()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class Recorder:
    """An aiosmtpd handler: keeps every message it accepts, or answers `reply` instead."""

    def __init__(self, reply: str | None = None, delay: float = 0) -> None:
        self.reply, self.delay = reply, delay
        self.received: list[bytes] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.reply:
            return self.reply
        with self._lock:
            self.received.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [str(parsed(content)["Message-ID"]) for content in self.received]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp(handler: Recorder, port: int, **options) -> Controller:
    """Options go to aiosmtpd's Controller (an authenticator, say)."""
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller


@contextmanager
def smtp_on_loopback():
    """(recorder, port, start) of an SMTP server on loopback that the test starts when it
    chooses, so it can book while nothing listens: start(handler=recorder, **options) listens
    on the port and returns the handler. Every server started is stopped at the end."""
    port, recorder, started = free_port(), Recorder(), []

    def start(handler: Recorder = recorder, **options) -> Recorder:
        started.append(start_smtp(handler, port, **options))
        return handler

    try:
        yield recorder, port, start
    finally:
        for controller in started:
            controller.stop()


def smtp_transport(port: int) -> SmtpTransport:
    return SmtpTransport("127.0.0.1", port, security="none", timeout=5)
