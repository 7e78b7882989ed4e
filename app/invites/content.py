"""What an invite says, written for the person reading it: a family, a professional or the
chair. The same paragraphs become the plain-text body, the HTML body and the calendar
DESCRIPTION, so every version says the same thing. Only the values passed in are used; there is
no child data to leak because none is ever given."""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from app.invites.values import (
    OFF_SITE_LOCATION,
    ONLINE_FORMATS,
    InviteMeeting,
    Method,
    Organizer,
    Recipient,
)
from app.time import LONDON

Notice = Literal["invitation", "cancelled", "removed"]


@dataclass(frozen=True)
class Paragraph:
    heading: str | None
    lines: tuple[str, ...]


def notice_for(meeting: InviteMeeting, method: Method) -> Notice:
    """A CANCEL for a meeting that still goes ahead is a removed attendee (RFC 5546 §3.2.5)."""
    if method == "REQUEST":
        if meeting.cancelled:
            raise ValueError("A cancelled meeting can only be sent as a CANCEL")
        return "invitation"
    return "cancelled" if meeting.cancelled else "removed"


def clean_text(text: str) -> str:
    """Line breaks become LF and other control characters go: iCalendar TEXT cannot carry C0
    controls (RFC 5545 §3.3.11), a stray CR would break a CRLF-only file, and C1 controls
    (U+0080–U+009F) are never meant as text and upset email header folding."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROLS_DROPPED)


# C0 but LF and tab, DEL, C1: one table, since every line of every invite passes through here.
_CONTROLS_DROPPED = dict.fromkeys(c for c in (*range(32), *range(127, 160)) if chr(c) not in "\n\t")


def one_line(text: str) -> str:
    """For a subject or a one-line field: all whitespace runs become one space."""
    return " ".join(clean_text(text).split())


def location_text(meeting: InviteMeeting) -> str:
    """LOCATION: the room's address; never an address for an off-site meeting."""
    if meeting.format == "off_site":
        return OFF_SITE_LOCATION
    if meeting.format == "virtual":
        return "Online"
    parts = [one_line(p) for p in (meeting.room_name, meeting.room_address) if p]
    return ", ".join(p for p in parts if p) or "To be confirmed"


def when_text(meeting: InviteMeeting) -> str:
    start, end = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
    return f"{_day(start)}, {_clock(start)} to {_clock(end)} (UK time)"


def _day(moment: datetime | date) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def paragraphs(
    meeting: InviteMeeting, recipient: Recipient, method: Method, organizer: Organizer
) -> list[Paragraph]:
    notice = notice_for(meeting, method)
    opening = _opening(meeting, notice)
    if notice != "invitation":
        return [opening, _reference(meeting, organizer)]
    by_audience = {"family": _family, "professional": _professional, "chair": _chair}
    return [opening, *by_audience[recipient.audience](meeting, organizer)]


def _opening(meeting: InviteMeeting, notice: Notice) -> Paragraph:
    summary = one_line(meeting.summary)
    first = {
        "invitation": f"You are invited to a meeting: {summary}.",
        "cancelled": f"This meeting has been cancelled: {summary}. You do not need to attend.",
        "removed": f"You no longer need to attend this meeting: {summary}.",
    }[notice]
    return Paragraph(None, (first, f"When: {when_text(meeting)}"))


def _reference(meeting: InviteMeeting, organizer: Organizer) -> Paragraph:
    return Paragraph(
        None,
        (
            f"Reference: {one_line(meeting.reference)}",
            f"Questions: reply to this email or write to {organizer.email}.",
        ),
    )


def _where(meeting: InviteMeeting) -> Paragraph:
    lines = [f"Where: {location_text(meeting)}"]
    if meeting.format == "off_site":
        lines.append("The social worker will confirm the arrangements with you.")
    if meeting.format in ONLINE_FORMATS and meeting.join_url:
        lead = "You can also join online" if meeting.format == "hybrid" else "Join online"
        lines.append(f"{lead}: {one_line(meeting.join_url)}")
    return Paragraph(None, tuple(lines))


def _family(meeting: InviteMeeting, organizer: Organizer) -> list[Paragraph]:
    what = Paragraph(
        "What happens at the meeting",
        (
            "An independent reviewing officer chairs the meeting. They will talk with you and "
            "the people who work with your family about how things are going and what happens "
            "next.",
            "You can say what you think and ask questions. You can bring an advocate or a "
            "supporter with you; please tell us beforehand so we can make room.",
        ),
    )
    return [_where(meeting), _getting_there(meeting), what, _reply(meeting, organizer)]


def _getting_there(meeting: InviteMeeting) -> Paragraph:
    lines = []
    if meeting.format in ("in_person", "hybrid"):
        lines.append("The address is above. If you need help with travel, tell us.")
        lines.append(
            {
                True: "The room has step-free access.",
                False: "The room does not have step-free access. Tell us if you need it and "
                "we will find another way.",
                None: "If you need step-free access, tell us before the meeting.",
            }[meeting.step_free]
        )
    elif meeting.format == "virtual":
        lines.append("You can join from a phone, tablet or computer. Tell us if you need help.")
    else:
        lines.append("Tell us if you need any help to take part.")
    return Paragraph("Getting there", tuple(lines))


def _reply(meeting: InviteMeeting, organizer: Organizer) -> Paragraph:
    return Paragraph(
        "Can you come?",
        (
            "Please accept or decline this invitation, or reply to this email. If the time does "
            "not suit you, tell us as soon as you can.",
            *_reference(meeting, organizer).lines,
        ),
    )


def _professional(meeting: InviteMeeting, organizer: Organizer) -> list[Paragraph]:
    due = f" by {_day(meeting.report_due)}" if meeting.report_due else " before the meeting"
    report = Paragraph(
        "Your report",
        (
            f"Please send your report{due}. Reports go to the chair through the service "
            f"mailbox, {organizer.email}, quoting reference {one_line(meeting.reference)}, "
            "by secure email.",
        ),
    )
    return [_where(meeting), report, _reply(meeting, organizer)]


def _chair(meeting: InviteMeeting, organizer: Organizer) -> list[Paragraph]:
    lines = ["You are chairing this meeting."]
    if meeting.format in ("in_person", "hybrid") and meeting.room_name:
        lines.append(f"Room: {one_line(meeting.room_name)}")
    if meeting.format == "hybrid":
        kit = one_line(meeting.hybrid_kit) if meeting.hybrid_kit else "not recorded"
        lines.append(f"Hybrid kit: {kit}")
    chairing = Paragraph("Chairing", tuple(lines))
    return [_where(meeting), chairing, _reference(meeting, organizer)]


def as_text(parts: list[Paragraph]) -> str:
    blocks = []
    for part in parts:
        lines = [part.heading, *part.lines] if part.heading else list(part.lines)
        blocks.append("\n".join(clean_text(line) for line in lines))
    return "\n\n".join(blocks) + "\n"


_LINK = re.compile(r"https?://[^\s<>\"]+")


def _linked(escaped: str) -> str:
    """Makes the joining link clickable; the text is already HTML-escaped."""
    return _LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def as_html(parts: list[Paragraph], title: str) -> str:
    body = []
    for part in parts:
        if part.heading:
            body.append(f"<h2>{html.escape(part.heading)}</h2>")
        body.extend(f"<p>{_linked(html.escape(clean_text(line)))}</p>" for line in part.lines)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(one_line(title))}</title></head>\n"
        '<body style="font-family: Arial, sans-serif">\n' + "\n".join(body) + "\n</body>\n</html>\n"
    )
