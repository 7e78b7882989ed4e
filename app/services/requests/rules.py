"""Checks and defaults for a meeting request, and its statutory window.

The window is always computed by app.timescales from the trigger, type, place in the chain and
(for pre-birth meetings) the expected date of delivery: an admin never types it.
"""

from dataclasses import dataclass, field, replace
from datetime import date, time
from urllib.parse import urlsplit

from app.extensions import db
from app.models import Case, Chair, Locality
from app.models.requests import (
    ATTENDANCE,
    ATTENDEE_ROLES,
    FORMATS,
    KEPT_APART_ARRANGEMENTS,
    MEETING_TYPES,
    PRESENCE,
    SEQUENCES,
)
from app.services import ServiceError
from app.services.cases.cases import FIRST_OPENED_ON
from app.services.settings import authority_settings
from app.time import format_day
from app.timescales import MeetingType, TimescaleError, Window, meeting_type_from_code, window

PREBIRTH = (MeetingType.PREBIRTH_STRATEGY.value, MeetingType.PREBIRTH_ICPC.value)
LINKED_FORMATS = ("hybrid", "virtual")
# Formats with people in one place: no one is online at them (hybrid has both).
ROOM_ONLY_FORMATS = ("in_person", "off_site")
# A person's own role (people.PERSON_ROLES) that is not itself an attendee role, and the role
# they have at a meeting; any other is "other".
ROLE_FROM_PERSON = {"team_manager_sw": "social_worker", "school_nurse": "health_visitor"}
GRAIN_MINUTES = 15
MAX_MINUTES = 480
# A pregnancy lasts about 40 weeks: an expected delivery further off than this is a typing slip.
LONGEST_PREGNANCY_DAYS = 42 * 7


@dataclass(frozen=True)
class AttendeeInput:
    """Someone invited: required or optional, their role at this meeting (blank: from their
    own), how they join, and whether they have learning or communication needs."""

    person_id: int
    attendance: str = "required"
    role: str = ""
    presence: str = "either"
    communication_needs: bool = False


@dataclass
class RequestInput:
    """What the request form gives the service; None means "left blank"."""

    meeting_type: str = ""
    sequence: str = "first"
    trigger_date: date | None = None
    expected_delivery: date | None = None
    duration_minutes: int | None = None
    format: str = "in_person"
    locality_id: int | None = None
    in_person_count: int | None = None
    allocated_chair_id: int | None = None
    chair_fixed: bool = False
    attendees: list[AttendeeInput] = field(default_factory=list)
    needs_step_free: bool = False
    needs_separate_waiting_area: bool = False
    interpreter_language: str = ""
    not_before_time: time | None = None
    not_after_time: time | None = None
    joining_link: str = ""
    kept_apart_arrangement: str = ""
    # A team manager's reason for seeing a vulnerable parent other than in the room.
    in_person_override_reason: str = ""
    advocacy_not_invited_reason: str = ""
    notes: str = ""
    # The admin knowingly records a request whose whole window has already passed.
    recording_late: bool = False


def typical_minutes(meeting_type: str) -> int:
    """The length a request of this type gets unless the admin enters another: the authority's."""
    return authority_settings().minutes(meeting_type)


def unborn_edd(case: Case) -> date | None:
    """The expected date of delivery of the case's unborn child, if it has one."""
    return next(
        (
            c.expected_delivery
            for c in case.children
            if c.date_of_birth is None and c.expected_delivery
        ),
        None,
    )


def first_review_after_prebirth(meeting_type: str, sequence: str, edd: date | None) -> bool:
    """Whether this is the first review after a pre-birth conference: it carries the EDD, as it
    is never held before the birth."""
    return meeting_type == MeetingType.RCPC.value and sequence == "first" and edd is not None


def depends_on_edd(meeting_type: str, sequence: str, edd: date | None) -> bool:
    """Whether a request's window depends on the expected delivery (or the birth)."""
    return meeting_type in PREBIRTH or first_review_after_prebirth(meeting_type, sequence, edd)


def birth_of(case: Case, edd: date | None) -> date | None:
    """The recorded birth of the case's child who was expected on `edd`, if born."""
    if edd is None:
        return None
    return next(
        (c.date_of_birth for c in case.children if c.expected_delivery == edd and c.date_of_birth),
        None,
    )


def statutory_window(meeting_type: str, trigger: date | None, sequence: str,
                     edd: date | None, born_on: date | None = None) -> Window:  # fmt: skip
    """The window from app.timescales; its errors become form errors on the field at fault."""
    if trigger is None:
        raise ServiceError("Enter the trigger date (day 0 of the statutory clock).", "trigger_date")
    try:
        return window(meeting_type, trigger, sequence=sequence, edd=edd, born_on=born_on,
                      settings=authority_settings())  # fmt: skip
    except TimescaleError as error:
        raise ServiceError(str(error), _field_at_fault(str(error))) from None


def resolve_prebirth(data: RequestInput, case: Case) -> tuple[date | None, date | None]:
    """(trigger, EDD): the EDD defaults to the unborn child's; a strategy meeting counts from it."""
    if data.meeting_type not in PREBIRTH:
        return data.trigger_date, None
    edd = data.expected_delivery or unborn_edd(case)
    if data.meeting_type == MeetingType.PREBIRTH_STRATEGY.value:
        edd = edd or data.trigger_date
        return data.trigger_date or edd, edd
    if edd is None:
        raise ServiceError(
            "Enter the expected date of delivery: a pre-birth conference may not be held before "
            "30 weeks' gestation.",
            "expected_delivery",
        )
    return data.trigger_date, edd


def check_trigger(meeting_type: str, trigger: date, edd: date | None, computed: Window,
                  today: date, recording_late: bool) -> None:  # fmt: skip
    """The dates behind a window, checked like the planner would need them: a trigger that has
    happened (not in the future, not before FIRST_OPENED_ON), an expected delivery still to come,
    and a window not wholly past unless the admin says they are recording a late request."""
    if trigger < FIRST_OPENED_ON:
        raise ServiceError(
            f"Enter the trigger date: it cannot be before {format_day(FIRST_OPENED_ON)}.",
            "trigger_date",
        )
    # A pre-birth strategy meeting counts back from the expected delivery, which is to come.
    if meeting_type != MeetingType.PREBIRTH_STRATEGY.value and trigger > today:
        raise ServiceError(
            f"Enter the trigger date: {format_day(trigger)} is in the future. Day 0 is an event "
            "that has happened (for example the strategy discussion or the previous meeting).",
            "trigger_date",
        )
    if meeting_type in PREBIRTH and edd is not None:
        if edd <= today:
            raise ServiceError(
                f"The expected date of delivery, {format_day(edd)}, is not after today: once the "
                "baby is born, request an initial or review conference instead.",
                "expected_delivery",
            )
        if (edd - today).days > LONGEST_PREGNANCY_DAYS:
            raise ServiceError(
                f"Enter the expected date of delivery: {format_day(edd)} is more than 42 weeks "
                "away.",
                "expected_delivery",
            )
    if computed.latest < today and not recording_late:
        raise ServiceError(
            f"Its whole window ({format_day(computed.earliest)} to {format_day(computed.latest)})"
            " has passed. Check the trigger date; if you are recording a late request, tick "
            "'Recording a late request'.",
            "trigger_date",
        )


def check(data: RequestInput, party_ids: set[int]) -> None:
    """Every rule a request must meet before anything is written. Raises ServiceError."""
    if data.meeting_type not in MEETING_TYPES:
        raise ServiceError("Choose the type of meeting.", "meeting_type")
    if data.sequence not in SEQUENCES:
        raise ServiceError("Choose first, second or subsequent.", "sequence")
    if data.format not in FORMATS:
        raise ServiceError("Choose how the meeting is held.", "format")
    check_duration(data.duration_minutes)
    _check_place_and_chair(data)
    _check_attendees(data, party_ids)
    _check_times(data.not_before_time, data.not_after_time)
    _check_link(data.joining_link, data.format)
    if len(data.advocacy_not_invited_reason.strip()) > 500:
        raise ServiceError("Give the reason the advocacy service is not invited in 500 "
                           "characters or fewer.", "advocacy_not_invited_reason")  # fmt: skip
    if len(data.interpreter_language) > 40:
        raise ServiceError("Enter the interpreter's language in 40 characters or fewer.",
                           "interpreter_language")  # fmt: skip
    if data.in_person_count is not None and not 1 <= data.in_person_count <= 60:
        raise ServiceError(
            "Enter the number of people in the room, from 1 to 60.", "in_person_count"
        )


def check_duration(minutes: int | None) -> None:
    if minutes is None:
        return
    if minutes <= 0 or minutes > MAX_MINUTES or minutes % GRAIN_MINUTES:
        raise ServiceError(
            f"Enter a length in minutes that is a multiple of {GRAIN_MINUTES}, up to {MAX_MINUTES}"
            " (for example 90).",
            "duration_minutes",
        )


def _check_place_and_chair(data: RequestInput) -> None:
    locality = db.session.get(Locality, data.locality_id) if data.locality_id else None
    if data.locality_id is not None and (locality is None or locality.retired_at is not None):
        raise ServiceError("Choose a locality from the list.", "locality")
    if data.allocated_chair_id is not None:
        chair = db.session.get(Chair, data.allocated_chair_id)
        if chair is None or chair.retired_at is not None:
            raise ServiceError("Choose a chair from the list.", "allocated_chair")
    if data.chair_fixed and data.allocated_chair_id is None:
        raise ServiceError("Choose the chair who must take this meeting.", "allocated_chair")


def _check_attendees(data: RequestInput, party_ids: set[int]) -> None:
    seen: set[int] = set()
    for attendee in data.attendees:
        person_id = attendee.person_id
        if person_id not in party_ids:
            raise ServiceError("Attendees must be parties to the case: add the person to the "
                               "case first.", "required_attendees")  # fmt: skip
        if attendee.attendance not in ATTENDANCE:
            raise ServiceError("Attendance is required or optional.", "required_attendees")
        if person_id in seen:
            raise ServiceError("Tick each person as required or optional, not both.",
                               "optional_attendees")  # fmt: skip
        seen.add(person_id)
        if attendee.role and attendee.role not in ATTENDEE_ROLES:
            raise ServiceError("Choose the person's role at the meeting from the list.",
                               f"role_{person_id}")  # fmt: skip
        if attendee.presence not in PRESENCE:
            raise ServiceError("Choose in the room, online or either.", f"presence_{person_id}")
        if attendee.presence == "in_room" and data.format == "virtual":
            raise ServiceError("A virtual meeting has no room: choose online or either, or "
                               "make the meeting hybrid.", f"presence_{person_id}")  # fmt: skip
        if attendee.presence == "online" and data.format in ROOM_ONLY_FORMATS:
            raise ServiceError("Only a hybrid or virtual meeting can be joined online: choose "
                               "in the room or either, or make the meeting hybrid.",
                               f"presence_{person_id}")  # fmt: skip
    if data.kept_apart_arrangement not in KEPT_APART_ARRANGEMENTS:
        raise ServiceError("Choose separate arrival times or a separate waiting area.",
                           "kept_apart_arrangement")  # fmt: skip
    if len(data.in_person_override_reason) > 2000:
        raise ServiceError("Enter the reason in 2000 characters or fewer.",
                           "in_person_override_reason")  # fmt: skip


def attendee_role(person_role: str) -> str:
    """The role at a meeting of someone whose own role is `person_role`."""
    if person_role in ATTENDEE_ROLES:
        return person_role
    return ROLE_FROM_PERSON.get(person_role, "other")


def in_person(presence: str, meeting_format: str) -> bool:
    """Whether someone joining so may be in the room: "either" is, unless nobody can be."""
    return presence == "in_room" or (presence == "either" and meeting_format != "virtual")


def settle_attendees(data: RequestInput, case: Case) -> list[AttendeeInput]:
    """The attendees as they are stored: each with a role (their own by default), and a parent
    who must be seen in person (vulnerable_parents) who could come either way in the room."""
    people = {party.person_id: party.person for party in case.parties}
    settled = []
    for attendee in data.attendees:
        role = attendee.role or attendee_role(people[attendee.person_id].role)
        presence = attendee.presence
        if presence == "either" and _vulnerable(role, attendee, case):
            presence = "in_room"
        settled.append(replace(attendee, role=role, presence=presence))
    return settled


def _vulnerable(role: str, attendee: AttendeeInput, case: Case) -> str:
    """Why a parent is seen in person ("" if not): the case's domestic abuse, or their needs."""
    if role != "parent":
        return ""
    if case.domestic_abuse:
        return "in a case flagged for domestic abuse"
    return "with learning or communication needs" if attendee.communication_needs else ""


def not_in_person(data: RequestInput, attendees: list[AttendeeInput], case: Case):
    """The refusal (a ServiceError, not raised) when a vulnerable parent would be online or the
    meeting virtual; None when every such parent is in the room. A team manager may agree."""
    names = {party.person_id: party.person.name for party in case.parties}
    for attendee in attendees:
        why = _vulnerable(attendee.role, attendee, case)
        if not why:
            continue
        name = names[attendee.person_id]
        if data.format == "virtual":
            return ServiceError(
                f"{name} is a parent {why}: they are seen in person, so the meeting must be in "
                "person or hybrid. Choose another format, or give the reason for a virtual "
                "meeting for a team manager to agree.",
                "format",
            )
        if attendee.presence == "online":
            return ServiceError(
                f"{name} is a parent {why}: they come in the room. Choose in the room, or give "
                "the reason for them joining online for a team manager to agree.",
                f"presence_{attendee.person_id}",
            )
    return None


def people_in_room(meeting_format: str, attendees: list[AttendeeInput]) -> int:
    """The chair and every attendee who may be in the room: the room must hold them all."""
    return 1 + sum(in_person(a.presence, meeting_format) for a in attendees)


def check_room_holds(given: int | None, needed: int) -> None:
    if given is not None and given < needed:
        raise ServiceError(
            f"The room must hold the {needed} people who may be in it (the chair and "
            f"{needed - 1} attendees in the room or either): enter at least {needed}, or leave "
            "it blank.",
            "in_person_count",
        )


def check_kept_apart(data: RequestInput, attendees: list[AttendeeInput], case: Case) -> None:
    """Two parties kept apart who may both come in person need separate arrival times or a
    separate waiting area, chosen on the request (the invites say which)."""
    if data.kept_apart_arrangement:
        return
    present = {a.person_id for a in attendees if in_person(a.presence, data.format)}
    for pair in case.kept_apart:
        if pair.person_a_id in present and pair.person_b_id in present:
            raise ServiceError(
                f"{pair.person_a.name} and {pair.person_b.name} are kept apart and may both come"
                " in person: choose separate arrival times or a separate waiting area.",
                "kept_apart_arrangement",
            )


def _check_times(not_before: time | None, not_after: time | None) -> None:
    if not_before is not None and not_after is not None and not_before >= not_after:
        raise ServiceError("'Not before' must be earlier than 'not after'.", "not_after_time")


def _check_link(link: str, meeting_format: str) -> None:
    if not link:
        return
    if meeting_format not in LINKED_FORMATS:
        raise ServiceError("Only hybrid and virtual meetings have a joining link.", "joining_link")
    check_https_link(link, "joining_link")


def check_https_link(link: str, field_name: str) -> None:
    """A meeting link people will click in an invite: a full https address, nothing else."""
    parts = urlsplit(link)
    if (
        parts.scheme != "https"
        or not parts.netloc
        or len(link) > 500
        or any(c.isspace() for c in link)
    ):
        raise ServiceError("Enter the link as a full https:// address, for example "
                           "https://meet.example.org/room.", field_name)  # fmt: skip


def _field_at_fault(message: str) -> str:
    lowered = message.lower()
    if "expected date of delivery" in lowered or "edd" in lowered:
        return "expected_delivery"
    if "chain" in lowered or "happens once" in lowered:
        return "sequence"
    if "is not a meeting type" in lowered:
        return "meeting_type"
    return "trigger_date"


def type_label(code: str) -> str:
    """'Initial child protection conference' for 'ICPC'; the code itself if unknown."""
    try:
        return meeting_type_from_code(code).label
    except TimescaleError:
        return code


def type_choices() -> list[tuple[str, str]]:
    return [(code, f"{type_label(code)} ({code})") for code in MEETING_TYPES]
