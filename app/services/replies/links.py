"""The private link in each invite: no sign-in, one per attendee of a request, working until
the meeting has ended.

Its secret is 256 bits from HMAC-SHA256 of the server's key and the row's random salt, so the
same link can go in every invite to that person (a moved meeting's too) without this table
holding it: only its SHA-256 is kept here, for the lookup. The emails themselves carry it, as
any sent email does (the outbox keeps what it sent); staff's Outbox page hides it.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.invites import audience_for_role
from app.models import AttendeeResponse, Meeting, MeetingRequest, Person, RequestAttendee
from app.services import NotFound
from app.services.accounts.api_tokens import hash_token
from app.services.notifications.notices import reader_role

_PURPOSE = b"quorum private reply link\x00"
LIVE = ("confirmed",)


class LinkClosed(NotFound):
    """A real link whose meeting is over, cancelled or no longer booked: said in words."""


@dataclass(frozen=True)
class Opened:
    response: AttendeeResponse
    request: MeetingRequest
    meeting: Meeting
    person: Person


def secret_of(response: AttendeeResponse) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, _PURPOSE + response.link_salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def response_for(now: datetime, request_id: int, person_id: int) -> AttendeeResponse:
    """The attendee's row, made on their first invite (added, not committed)."""
    found = _existing(request_id, person_id)
    if found is not None:
        return found
    response = AttendeeResponse(request_id=request_id, person_id=person_id,
                                link_salt=secrets.token_hex(16), created_at=now,
                                reply="none", apology_reason="")  # fmt: skip
    response.secret_hash = hash_token(secret_of(response))
    try:
        with db.session.begin_nested():  # another transaction may have made it a moment ago
            db.session.add(response)
    except IntegrityError:
        existing = _existing(request_id, person_id)
        if existing is None:
            raise
        return existing
    return response


def _existing(request_id: int, person_id: int) -> AttendeeResponse | None:
    return db.session.scalars(
        select(AttendeeResponse).filter_by(request_id=request_id, person_id=person_id)
    ).first()


def reply_links(now: datetime, meeting: Meeting) -> dict[str, str]:
    """Each professional attendee's private link, by lower-cased email as the invites key their
    recipients (made on their first invite; the same one ever after)."""
    request = db.session.get_one(MeetingRequest, meeting.request_id)
    found: dict[str, str] = {}
    for attendee in request.attendees:
        email = (attendee.person.email or "").strip().lower()
        if (
            email
            and email not in found
            and audience_for_role(reader_role(attendee)) == "professional"
        ):
            found[email] = reply_url(response_for(now, request.id, attendee.person_id))
    return found


def reply_url(response: AttendeeResponse) -> str:
    return f"{current_app.config['QUORUM_PUBLIC_URL'].rstrip('/')}/reply/{secret_of(response)}"


def open_link(now: datetime, secret: str) -> Opened:
    """Who the link is for and their meeting. NotFound for a secret that was never made (said
    the same whatever is wrong with it); LinkClosed for a meeting that is over or not on."""
    if not secret or len(secret) > 100:
        raise NotFound("This link is not recognised. Use the link in your latest invite.")
    response = db.session.scalars(
        select(AttendeeResponse).filter_by(secret_hash=hash_token(secret))
    ).first()
    if response is None or not hmac.compare_digest(secret_of(response), secret):
        raise NotFound("This link is not recognised. Use the link in your latest invite.")
    request = db.session.get_one(MeetingRequest, response.request_id)
    meeting = db.session.scalars(
        select(Meeting).where(Meeting.request_id == request.id, Meeting.status.in_(LIVE))
    ).first()
    if meeting is None:
        raise LinkClosed("This meeting is no longer booked, so this link has closed. If a new "
                         "date is set you will get a new invite.")  # fmt: skip
    if now >= meeting.ends_at:
        raise LinkClosed("This meeting has taken place, so this link has closed. To send "
                         "something now, reply to the invite email.")  # fmt: skip
    if db.session.get(RequestAttendee, (request.id, response.person_id)) is None:
        raise LinkClosed("You are no longer on this meeting's list, so this link has closed. "
                         "If that is a mistake, reply to the invite email.")  # fmt: skip
    return Opened(response, request, meeting, db.session.get_one(Person, response.person_id))
