"""Subscription feeds (per chair, per room) and single-meeting downloads: a published calendar,
so no METHOD (RFC 5545 §3.7.2; CalDAV stores refuse objects that carry one) and no ATTENDEE —
the same minimal logistics as an invite, nobody's address list."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from app.invites.content import Paragraph, as_text, location_text, one_line, when_text
from app.invites.ical import base_event, new_calendar, text
from app.invites.values import ONLINE_FORMATS, Audience, InviteMeeting

# How often a subscribed client should look again (RFC 7986 REFRESH-INTERVAL).
REFRESH = timedelta(hours=1)


def feed_description(meeting: InviteMeeting, audience: Audience) -> str:
    lines = [f"When: {when_text(meeting)}", f"Where: {location_text(meeting)}"]
    if meeting.format in ONLINE_FORMATS and meeting.join_url:
        lines.append(f"Join online: {one_line(meeting.join_url)}")
    if audience == "chair" and meeting.format == "hybrid":
        kit = one_line(meeting.hybrid_kit) if meeting.hybrid_kit else "not recorded"
        lines.append(f"Hybrid kit: {kit}")
    if audience == "professional" and meeting.report_due and not meeting.cancelled:
        lines.append(f"Report due: {meeting.report_due:%A} {meeting.report_due.day} "
                     f"{meeting.report_due:%B %Y}")  # fmt: skip
    lines.append(f"Reference: {one_line(meeting.reference)}")
    return as_text([Paragraph(None, tuple(lines))])


def feed_bytes(
    meetings: Sequence[InviteMeeting], audience: Audience, feed_name: str, stamp: datetime
) -> bytes:
    """A VCALENDAR without METHOD, one VEVENT per meeting; cancelled ones STATUS:CANCELLED and
    "Cancelled: " in front of the summary (some clients ignore STATUS in subscriptions)."""
    moments = [m.starts_at for m in meetings] + [m.ends_at for m in meetings]
    calendar = new_calendar(None, moments or [stamp])
    calendar.add("name", text(one_line(feed_name)))
    calendar.add("x-wr-calname", text(one_line(feed_name)))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        calendar.add_component(feed_event(meeting, audience, stamp))
    return calendar.to_ical()


def feed_event(meeting: InviteMeeting, audience: Audience, stamp: datetime):
    shown = meeting
    if meeting.cancelled:
        shown = replace(meeting, summary=f"Cancelled: {one_line(meeting.summary)}")
    event = base_event(shown, stamp, feed_description(meeting, audience))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return event
