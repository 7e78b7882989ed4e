"""A meeting row as the invites layer sees it: logistics only (InviteMeeting), and who hears
about it (Recipients). Nothing here reads the case's children, notes or parties: what an
invite or a feed can say is decided by what this module hands over."""

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from flask import current_app

from app.extensions import db
from app.invites import InviteMeeting, Organizer, Recipient, audience_for_role
from app.invites.values import READER_ROLES, Attendee
from app.models import Chair, Meeting, MeetingRequest, RequestAttendee, Room
from app.services.settings import authority_settings
from app.time import LONDON
from app.timescales import MeetingType

# Reviews of a looked-after child: their invite carries the consultation form.
CHILD_IN_CARE_REVIEWS = ("CIC_REVIEW", "STB_REVIEW", "SECURE_REVIEW")

# No 0/O or 1/I: a reference is read aloud on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 4
ONLINE_FORMATS = ("hybrid", "virtual")
ROOMLESS_FORMATS = ("virtual", "off_site")


# Person roles (app.services.reference.people.PERSON_ROLES) that read as another reader role;
# the rest are reader roles themselves (app.invites.values.READER_ROLES) or "other".
READER_ROLE_OF = {"team_manager_sw": "social_worker", "school_nurse": "health_visitor"}
# What a room's feed calls every meeting: whoever books the room need not know its type.
NEUTRAL_MEETING_TYPE = "Meeting"


@dataclass(frozen=True)
class FeedOptions:
    """What a feed may show beyond an invite's minimum: a room's feed has no joining link and
    does not name the meeting's type."""

    with_join_url: bool = True
    with_meeting_type: bool = True


def invite_reference(meeting: Meeting) -> str:
    """A short reference made from the meeting's random UID, so it says nothing about the case
    (a case reference may be known outside the service); staff see it on the meeting page and
    find the meeting from it (app.services.booking.meetings.meetings_by_invite_reference)."""
    return reference_for_uid(meeting.ical_uid)


def reference_for_uid(uid: str) -> str:
    digest = hashlib.sha256(uid.encode()).digest()
    alphabet = REFERENCE_ALPHABET
    return "".join(alphabet[byte % len(alphabet)] for byte in digest[:REFERENCE_LENGTH])


def typed_reference(text: str) -> str | None:
    """What someone typed or read out as an invite reference ("7f3k", "7F 3K", "ref 7F3K"),
    as the reference itself; None when it cannot be one."""
    squeezed = "".join((text or "").upper().replace("-", " ").split())
    if len(squeezed) == REFERENCE_LENGTH + 3 and squeezed.startswith("REF"):
        squeezed = squeezed[3:]
    if len(squeezed) != REFERENCE_LENGTH or any(c not in REFERENCE_ALPHABET for c in squeezed):
        return None
    return squeezed


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
    kind = MeetingType(request.meeting_type)
    type_name = kind.label if options.with_meeting_type else NEUTRAL_MEETING_TYPE
    return InviteMeeting(
        uid=meeting.ical_uid,
        sequence=meeting.ical_sequence,
        cancelled=meeting.status == "cancelled",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=summary(type_name, reference),
        reference=reference,
        format=request.format,
        room_name=shown_room.name if shown_room is not None else None,
        room_address=shown_room.address if shown_room is not None else None,
        step_free=shown_room.step_free if shown_room is not None else None,
        join_url=join_url(request, chair, reference) if options.with_join_url else None,
        report_due=report_due(meeting, request),
        hybrid_kit=hybrid_kit(request, room, chair),
        meeting_type=kind.value if options.with_meeting_type else "",
        attendees=tuple(Attendee(reader_role(a), a.presence) for a in request.attendees),
        interpreter_language=request.interpreter_language,
        needs_step_free=request.needs_step_free,
        separate_waiting_area=request.needs_separate_waiting_area,
        consultation_url=consultation_url(request),
    )


def summary(type_name: str, reference: str) -> str:
    """The subject and calendar title, e.g. "Initial child protection conference – ref 7F3K".
    An older setting without {meeting_type} still works: format ignores what it does not use."""
    template = current_app.config["QUORUM_INVITE_SUMMARY"]
    return template.format(meeting_type=type_name, reference=reference)


def reader_role(attendee: RequestAttendee) -> str:
    """Who an attendee reads an invite as (app.invites.values.READER_ROLES): the one place an
    attendee row becomes a reader. The attendee's own role on the request (today their
    relationship to the case, free text such as "social worker" or "interpreter") wins when it
    names a reader role; otherwise the person's role."""
    for role in (attendee.role, attendee.person.role):
        word = "_".join((role or "").strip().lower().split())
        word = READER_ROLE_OF.get(word, word)
        if word in READER_ROLES and word != "other":
            return word
    return "other"


def join_url(request: MeetingRequest, chair: Chair | None, reference: str) -> str | None:
    """The link entered with the request, else the chair's personal meeting link, else one made
    from the authority's template: a request's own link is the one the family was given."""
    if request.format not in ONLINE_FORMATS:
        return None
    if request.joining_link:
        return request.joining_link
    if chair is not None and chair.personal_meeting_link:
        return chair.personal_meeting_link
    template = authority_settings().join_link_template
    return template.format(reference=reference) if template else None


def lacks_join_link(request: MeetingRequest, chair: Chair | None) -> bool:
    """An online or hybrid meeting whose invites would go out with no way to join."""
    return join_url(request, chair, "") is None and request.format in ONLINE_FORMATS


def report_due(meeting: Meeting, request: MeetingRequest) -> date | None:
    """When professionals' reports are due: for a child protection conference the day they
    must reach the parents (by default 3 working days before an initial conference, 5 before a
    review), for a children-in-care review 3 working days before; None where none is asked
    for. The authority sets the days per meeting type."""
    day = meeting.starts_at.astimezone(LONDON).date()
    settings = authority_settings()
    count = settings.report_due_days(request.meeting_type)
    if count is None:
        return None
    return settings.calendar().subtract_working_days(day, count)


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
    arrangements = kept_apart_arrangements(request)
    for attendee in request.attendees:
        person = attendee.person
        email = (person.email or "").strip()
        if email and email.lower() not in found:
            role = reader_role(attendee)
            found[email.lower()] = replace(
                Recipient(email, person.name, audience_for_role(role), role),
                **arrangements.get(person.id, {}),
            )
    settings = authority_settings()
    advocacy = settings.advocacy_email.strip()
    if advocacy and advocacy.lower() not in found and advocacy_invited(meeting, request):
        name = settings.advocacy_name
        found[advocacy.lower()] = Recipient(advocacy, name, "family", "advocate")
    return found


# Of two people kept apart with separate arrival times, the first arrives this much earlier.
ARRIVAL_STAGGER_MINUTES = 15


def kept_apart_arrangements(request: MeetingRequest) -> dict[int, dict]:
    """For each attendee kept apart from another attendee (a domestic-abuse case), what their
    invite says: their own waiting area, or their own arrival time (the pair's first person
    15 minutes early, the second at the start). Nothing for a meeting held online only. With
    more than two people to keep apart, a separate waiting area is the arrangement that works:
    arrival times are given pair by pair, a person's first pair deciding theirs."""
    if request.format == "virtual" or not request.kept_apart_arrangement:
        return {}
    coming = {attendee.person_id for attendee in request.attendees}
    found: dict[int, dict] = {}
    for pair in request.case.kept_apart:
        if pair.person_a_id not in coming or pair.person_b_id not in coming:
            continue
        if request.kept_apart_arrangement == "waiting_area":
            for person_id in (pair.person_a_id, pair.person_b_id):
                found[person_id] = {"own_waiting_area": True}
        else:
            found.setdefault(pair.person_a_id, {"arrive_minutes_before": ARRIVAL_STAGGER_MINUTES})
            found.setdefault(pair.person_b_id, {"arrive_minutes_before": 0})
    return found


def advocacy_invited(meeting: Meeting, request: MeetingRequest) -> bool:
    """A children-in-care review of a child aged `advocate_from_age` (8) or more on the day of
    the meeting invites the advocacy service, unless the request records why not."""
    if request.meeting_type != MeetingType.CIC_REVIEW.value or request.advocacy_not_invited_reason:
        return False
    day = meeting.starts_at.astimezone(LONDON).date()
    old_enough = authority_settings().advocate_from_age
    return any(
        child.date_of_birth is not None and _age(child.date_of_birth, day) >= old_enough
        for child in request.case.children
    )


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def consultation_url(request: MeetingRequest) -> str | None:
    """The consultation form goes with the invites of a looked-after child's review."""
    if request.meeting_type not in CHILD_IN_CARE_REVIEWS:
        return None
    return authority_settings().consultation_form_url.strip() or None


def organizer() -> Organizer:
    config = current_app.config
    name = config.get("QUORUM_MAIL_FROM_NAME") or config["QUORUM_AUTHORITY_NAME"]
    return Organizer(email=config["QUORUM_MAIL_FROM"], name=name)
