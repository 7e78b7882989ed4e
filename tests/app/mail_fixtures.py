"""What a recipient's side of an invite looks like in the tests: each delivered message read
back with icalendar (`Delivery`), and a CalDAV server on loopback (Radicale) where a calendar
client stores the latest state of each invite, one calendar per recipient."""

import base64
import http.client
from dataclasses import dataclass
from email import message_from_bytes, policy

import pytest
from icalendar import Calendar

from tests.radicale_server import radicale_on_loopback


@dataclass(frozen=True)
class Delivery:
    """One delivered message as its reader's mail and calendar clients see it."""

    to: str
    message_id: str
    calendar_parts: int
    method: str
    uid: str
    sequence: int
    status: str | None
    attendees: tuple[str, ...]  # lower-cased addresses, without mailto:
    attendee_role: str | None
    ics: bytes


def delivery(raw: bytes) -> Delivery:
    message = message_from_bytes(raw, policy=policy.default)
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    ics = parts[0].get_payload(decode=True)
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return Delivery(
        to=message["To"].addresses[0].addr_spec.lower(),
        message_id=str(message["Message-ID"]),
        calendar_parts=len(parts),
        method=str(calendar["METHOD"]),
        uid=str(event["UID"]),
        sequence=int(event["SEQUENCE"]),
        status=str(event["STATUS"]) if "STATUS" in event else None,
        attendees=tuple(str(a).lower().removeprefix("mailto:") for a in attendees if a),
        attendee_role=attendees[0].params.get("ROLE") if attendees and attendees[0] else None,
        ics=ics,
    )


def stored_state(delivered: Delivery) -> bytes:
    """What a calendar client keeps after applying the message: the event without METHOD (a
    CalDAV store holds no METHOD); after a CANCEL, the same event marked cancelled. Done on
    the bytes, so the client stores exactly what it was sent."""
    lines = [line for line in delivered.ics.split(b"\r\n") if not line.startswith(b"METHOD:")]
    if delivered.method == "CANCEL":
        lines = [line for line in lines if not line.startswith(b"STATUS:")]
        lines.insert(lines.index(b"END:VEVENT"), b"STATUS:CANCELLED")
    return b"\r\n".join(lines)


class CalDav:
    """A Radicale server on loopback; each recipient is a user with one calendar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.users: dict[str, str] = {}  # email -> user name

    def request(self, user: str, method: str, path: str, body: bytes | None = None):
        auth = base64.b64encode(f"{user}:x".encode()).decode()
        headers = {"Authorization": f"Basic {auth}"}
        if body is not None:
            headers["Content-Type"] = "text/calendar; charset=utf-8"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        status, data = response.status, response.read()
        connection.close()
        return status, data

    def event_path(self, email: str, uid: str) -> tuple[str, str]:
        """(user, path) of the event in this recipient's calendar, made on first use."""
        if email not in self.users:
            user = f"recipient{len(self.users) + 1}"
            status, body = self.request(user, "MKCALENDAR", f"/{user}/calendar/")
            assert status == 201, body
            self.users[email] = user
        user = self.users[email]
        return user, f"/{user}/calendar/{uid.partition('@')[0]}.ics"

    def store(self, delivered: Delivery) -> int:
        """PUT the latest state of the invite into the recipient's calendar; the status code."""
        user, path = self.event_path(delivered.to, delivered.uid)
        status, _ = self.request(user, "PUT", path, stored_state(delivered))
        return status

    def held(self, email: str, uid: str) -> list:
        """The VEVENTs the recipient's calendar holds for this UID."""
        user, path = self.event_path(email, uid)
        status, body = self.request(user, "GET", path)
        assert status == 200, (status, body)
        return Calendar.from_ical(body).walk("VEVENT")


@pytest.fixture
def caldav(tmp_path):
    with radicale_on_loopback(tmp_path / "radicale") as port:
        yield CalDav(port)


@pytest.fixture
def smtp_server(smtp):
    """(recorder, port) of the SMTP server on loopback (conftest's smtp), already started."""
    recorder, port, start = smtp
    start()
    return recorder, port
