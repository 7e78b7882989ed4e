"""One VCALENDAR per meeting and recipient (iTIP, RFC 5546), built with icalendar.

Every invite carries the meeting's lifelong UID and the SEQUENCE the caller gives, DTSTAMP in
UTC, local times with TZID=Europe/London and a VTIMEZONE holding only the transitions of the
years the meeting falls in, the service mailbox as ORGANIZER and the one recipient as ATTENDEE.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import cache

from icalendar import Calendar, Event, Timezone, vCalAddress, vText, vUri

from app.invites.content import (
    Paragraph,
    as_text,
    clean_text,
    location_text,
    notice_for,
    one_line,
    paragraphs,
)
from app.invites.values import ONLINE_FORMATS, InviteMeeting, Method, Organizer, Recipient
from app.time import LONDON

PRODID = "-//Quorum//Meeting invites 1.0//EN"
TZID = "Europe/London"
TEXT_ESCAPES = (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n"))


class ExactText(vText):
    """TEXT escaped exactly as RFC 5545 §3.3.11 says. icalendar's own escaping first turns a
    literal backslash-N into a line break, so "\\N" typed by a person would not round-trip."""

    def to_ical(self) -> bytes:
        escaped = str(self)
        for character, escape in TEXT_ESCAPES:  # backslash first, so no escape is doubled
            escaped = escaped.replace(character, escape)
        return escaped.encode("utf-8")


def text(value: str) -> ExactText:
    return ExactText(clean_text(value))


def param_text(value: str) -> str:
    """A parameter value (CN) on one line, a backslash shown as "/": RFC 5545 gives a backslash
    no meaning in a parameter, but icalendar and other readers take it as an escape and then
    misread the rest of the line."""
    return one_line(value).replace("\\", "/")


def london_timezone(moments: Iterable[datetime]) -> Timezone:
    """A VTIMEZONE from 1 January of the first year to 1 January after the last: a standard
    observance, the spring and the autumn change for each year (not 1970–2038)."""
    years = [m.astimezone(LONDON).year for m in moments] or [2026]
    return _london_timezone(min(years), max(years))


@cache
def _london_timezone(first_year: int, last_year: int) -> Timezone:
    """Made once per span of years and shared: a confirmation writes hundreds of invites for
    the same year, and a calendar only reads the component it is given."""
    return Timezone.from_tzinfo(
        LONDON, tzid=TZID, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def new_calendar(method: Method | None, moments: Iterable[datetime]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add_component(london_timezone(moments))
    return calendar


def _check(meeting: InviteMeeting, stamp: datetime) -> None:
    for name, moment in (("starts_at", meeting.starts_at), ("ends_at", meeting.ends_at)):
        if moment.tzinfo is None:
            raise ValueError(f"{name} must be an aware datetime (UTC)")
    if stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime (UTC)")
    if meeting.ends_at <= meeting.starts_at:
        raise ValueError("A meeting must end after it starts")
    if meeting.sequence < 0:
        raise ValueError("SEQUENCE never goes below 0")


def base_event(meeting: InviteMeeting, stamp: datetime, description: str) -> Event:
    """What every view of the meeting shares: invites and feeds alike."""
    _check(meeting, stamp)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(LONDON))
    event.add("dtend", meeting.ends_at.astimezone(LONDON))
    event.add("summary", text(one_line(meeting.summary)))
    event.add("location", text(location_text(meeting)))
    event.add("description", text(description))
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    if meeting.format in ONLINE_FORMATS and meeting.join_url:
        event.add("conference", _conference(meeting.join_url))
    return event


def _conference(join_url: str) -> vUri:
    """RFC 7986 §5.11: CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=…:<link>."""
    return vUri(
        one_line(join_url),
        params={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": "Join the meeting online"},
    )


def organizer_address(organizer: Organizer) -> vCalAddress:
    address = vCalAddress(f"mailto:{organizer.email}")
    address.params["CN"] = param_text(organizer.name)
    return address


def attendee_address(recipient: Recipient, notice: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{recipient.email}")
    address.params["CN"] = param_text(recipient.name)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "CHAIR" if recipient.audience == "chair" else "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    if notice == "invitation":
        address.params["RSVP"] = "TRUE"
    return address


def invite_event(
    meeting: InviteMeeting, recipient: Recipient, method: Method, organizer: Organizer,
    stamp: datetime, parts: list[Paragraph] | None = None,
) -> Event:  # fmt: skip
    notice = notice_for(meeting, method)
    if parts is None:
        parts = paragraphs(meeting, recipient, method, organizer)
    description = as_text(parts)
    event = base_event(meeting, stamp, description)
    event.add("organizer", organizer_address(organizer))
    event.add("attendee", attendee_address(recipient, notice))
    # RFC 5546 §3.2.5: STATUS:CANCELLED cancels the whole event; uninviting one attendee
    # must leave STATUS out.
    if notice == "invitation":
        event.add("status", "CONFIRMED")
    elif notice == "cancelled":
        event.add("status", "CANCELLED")
    return event


def calendar_bytes(
    meeting: InviteMeeting, recipient: Recipient, method: Method, organizer: Organizer,
    stamp: datetime, parts: list[Paragraph] | None = None,
) -> bytes:  # fmt: skip
    """One VCALENDAR, METHOD given, with one VEVENT listing only `recipient`. `parts`: the
    paragraphs for this recipient, when the caller (the email around it) has them already."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"METHOD must be REQUEST or CANCEL, not {method!r}")
    calendar = new_calendar(method, [meeting.starts_at, meeting.ends_at])
    calendar.add_component(invite_event(meeting, recipient, method, organizer, stamp, parts))
    return calendar.to_ical()
