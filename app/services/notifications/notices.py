"""A meeting row as the invites layer sees it: logistics only (InviteMeeting), and who hears
about it (Recipients). Nothing here reads the case's children, notes or parties: what an
invite or a feed can say is decided by what this module hands over."""

import hashlib
from dataclasses import dataclass
from datetime import date

from flask import current_app

from app.extensions import db
from app.invites import InviteMeeting, Organizer, Recipient, audience_for_role
from app.models import Chair, Meeting, MeetingRequest, Room
from app.services.settings import authority_settings
from app.time import LONDON
from app.timescales import MeetingType
from app.timescales.reminders import reminders

# No 0/O or 1/I: a reference is read aloud on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 4
ONLINE_FORMATS = ("hybrid", "virtual")
ROOMLESS_FORMATS = ("virtual", "off_site")
REPORT_REMINDERS = ("report_to_parents", "agency_report_chase")


@dataclass(frozen=True)
class FeedOptions:
    """What a feed may show beyond an invite's minimum: a room's feed has no joining link."""

    with_join_url: bool = True


def invite_reference(meeting: Meeting) -> str:
    """A short reference made from the meeting's random UID, so it says nothing about the case
    (a case reference may be known outside the service); staff see it on the meeting page."""
    digest = hashlib.sha256(meeting.ical_uid.encode()).digest()
    alphabet = REFERENCE_ALPHABET
    return "".join(alphabet[byte % len(alphabet)] for byte in digest[:REFERENCE_LENGTH])


def _parts(meeting: Meeting) -> tuple[MeetingRequest, Room | None, Chair]:
    """By id, not through the relationships: a caller that has just set `chair_id` or
    `room_id` may not have refreshed `meeting.chair` or `meeting.room`."""
    room = db.session.get(Room, meeting.room_id) if meeting.room_id is not None else None
    request = db.session.get_one(MeetingRequest, meeting.request_id)
    return request, room, db.session.get_one(Chair, meeting.chair_id)


def invite_meeting(meeting: Meeting, options: FeedOptions = FeedOptions()) -> InviteMeeting:
    request, room, chair = _parts(meeting)
    reference = invite_reference(meeting)
    shown_room = room if request.format not in ROOMLESS_FORMATS else None
    return InviteMeeting(
        uid=meeting.ical_uid,
        sequence=meeting.ical_sequence,
        cancelled=meeting.status == "cancelled",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=current_app.config["QUORUM_INVITE_SUMMARY"].format(reference=reference),
        reference=reference,
        format=request.format,
        room_name=shown_room.name if shown_room is not None else None,
        room_address=shown_room.address if shown_room is not None else None,
        step_free=shown_room.step_free if shown_room is not None else None,
        join_url=join_url(request, chair, reference) if options.with_join_url else None,
        report_due=report_due(meeting, request),
        hybrid_kit=hybrid_kit(request, room, chair),
    )


def join_url(request: MeetingRequest, chair: Chair | None, reference: str) -> str | None:
    """The link entered with the request, else the chair's personal meeting link, else one made
    from the authority's template: a request's own link is the one the family was given."""
    if request.format not in ONLINE_FORMATS:
        return None
    if request.joining_link:
        return request.joining_link
    if chair is not None and chair.personal_meeting_link:
        return chair.personal_meeting_link
    template = current_app.config.get("QUORUM_JOIN_LINK_TEMPLATE") or ""
    return template.format(reference=reference) if template else None


def lacks_join_link(request: MeetingRequest, chair: Chair | None) -> bool:
    """An online or hybrid meeting whose invites would go out with no way to join."""
    return join_url(request, chair, "") is None and request.format in ONLINE_FORMATS


def report_due(meeting: Meeting, request: MeetingRequest) -> date | None:
    """When professionals' reports are due: the first report reminder for this meeting type."""
    day = meeting.starts_at.astimezone(LONDON).date()
    kind = MeetingType(request.meeting_type)
    for reminder in reminders(kind, day, settings=authority_settings()):
        if reminder.name in REPORT_REMINDERS:
            return reminder.due
    return None


def hybrid_kit(request: MeetingRequest, room: Room | None, chair: Chair) -> str | None:
    if request.format != "hybrid":
        return None
    if room is not None and room.hybrid == "full":
        return "fixed room kit"
    return "bring your portable kit" if chair.portable_hybrid_kit else None


def recipients(meeting: Meeting) -> dict[str, Recipient]:
    """Everyone who gets this meeting's invite, keyed by lower-cased email: the chair, then each
    attendee with an email address (someone both chair and attendee reads the chair's)."""
    request, _, chair = _parts(meeting)
    found: dict[str, Recipient] = {}
    if chair is not None and chair.email:
        found[chair.email.strip().lower()] = Recipient(chair.email.strip(), chair.name, "chair")
    for attendee in request.attendees:
        person = attendee.person
        email = (person.email or "").strip()
        if email and email.lower() not in found:
            found[email.lower()] = Recipient(email, person.name, audience_for_role(person.role))
    return found


def organizer() -> Organizer:
    config = current_app.config
    name = config.get("QUORUM_MAIL_FROM_NAME") or config["QUORUM_AUTHORITY_NAME"]
    return Organizer(email=config["QUORUM_MAIL_FROM"], name=name)
