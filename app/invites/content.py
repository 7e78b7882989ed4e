"""What an invite says, written for the person reading it: a family, a professional or the
chair. The same paragraphs become the plain-text body, the HTML body and the calendar
DESCRIPTION, so every version says the same thing. Only the values passed in are used; there is
no child data to leak because none is ever given."""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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


@dataclass(frozen=True)
class TypeWords:
    """How an invite names and explains one meeting type. In the sentences, {child},
    {family} and {baby} become "your child" or "the child" and so on, for whoever reads it."""

    a_name: str  # "an initial child protection conference", inside a sentence
    what: str  # what this kind of meeting is and what it decides, for a parent or carer
    for_child: str  # the same, for the child or young person it is about
    who: str  # who will be there, by role
    before: str = ""  # what a parent gets before it (a conference's report)


_CP_WHO = (
    "An independent chair runs the meeting: they are not part of the social work team. The "
    "social worker will be there, and professionals who know {family}, such as a health "
    "visitor or school nurse, the school, the family doctor and sometimes the police."
)
_CP_BEFORE = (
    "Before the meeting, the social worker will share their report with you, so that you have "
    "time to read it and tell them if anything in it is wrong."
)
_REVIEW_FOR_CHILD = (
    "Your review is a meeting about you: how things are going, what is going well and what "
    "could be better. It is your meeting, and what you think matters."
)

# By MeetingType code (app.timescales.types). Plain English, short sentences: a parent may
# read this on a phone, worried, or in a second language.
TYPE_WORDS = {
    "ICPC": TypeWords(
        "an initial child protection conference",
        "An initial child protection conference is a meeting held when there are worries about "
        "{child}'s safety. The people at the meeting share what they know, listen to what you "
        "have to say, and decide together whether {child} needs a child protection plan to "
        "keep them safe. If so, the meeting agrees what the plan will be and who will help.",
        "This meeting is about keeping you safe and making sure you get the help you need. The "
        "people who help your family will talk together and decide what should happen next.",
        _CP_WHO,
        _CP_BEFORE,
    ),
    "PREBIRTH_STRATEGY": TypeWords(
        "a pre-birth strategy meeting",
        "A pre-birth strategy meeting is where the people who work with {family} share what "
        "they know and plan how to support {family} before {baby} is born. It decides whether "
        "a pre-birth child protection conference is needed.",
        "This meeting is about the new baby, and how the people who help your family can "
        "support everyone before the baby is born.",
        "A senior chair or a team manager runs the meeting. The social worker will be there, "
        "with the midwife and other professionals who know {family}.",
    ),
    "PREBIRTH_ICPC": TypeWords(
        "a pre-birth initial child protection conference",
        "A pre-birth initial child protection conference is held before a baby is born, when "
        "there are worries about how safe the baby will be. The people at the meeting share "
        "what they know, listen to what you have to say, and decide together whether {baby} "
        "will need a child protection plan from birth, and what help {family} will get.",
        "This meeting is about keeping the new baby safe and getting your family the help it "
        "needs.",
        "An independent chair runs the meeting: they are not part of the social work team. "
        "The social worker will be there, with the midwife and other professionals who know "
        "{family}.",
        _CP_BEFORE,
    ),
    "RCPC": TypeWords(
        "a review child protection conference",
        "A review child protection conference looks at how {child}'s child protection plan is "
        "working. The people at the meeting talk about what has changed, listen to what you "
        "have to say, and decide whether {child} still needs the plan and, if so, what should "
        "happen next.",
        "This meeting is about how things are going for you and your family, and whether you "
        "still need extra help to keep you safe.",
        _CP_WHO,
        _CP_BEFORE,
    ),
    "CIC_REVIEW": TypeWords(
        "a children in care review",
        "A children in care review is a regular meeting about a child who is looked after by "
        "the council. It checks that {child}'s care plan is meeting their needs, listens to "
        "what everyone has to say, and agrees what should happen next.",
        _REVIEW_FOR_CHILD,
        "The review is chaired by an independent reviewing officer, who makes sure {child}'s "
        "plan is right for them. The social worker will be there, with {child}'s carers and "
        "other people who know {child}, such as their school.",
    ),
    "STB_REVIEW": TypeWords(
        "a short-break review",
        "A short-break review is a regular meeting to check that {child}'s short breaks are "
        "going well and still meet their needs, and to agree any changes.",
        "Your review is a meeting about your short breaks: what you enjoy, and what could be "
        "better. What you think matters.",
        "The review is chaired by an independent reviewing officer. The social worker will be "
        "there, with the short-break carers and other people who know {child}.",
    ),
    "SECURE_REVIEW": TypeWords(
        "a secure accommodation review",
        "A secure accommodation review checks whether {child} still needs to live in secure "
        "accommodation, and that their needs are being met there.",
        "Your review is a meeting about you: how things are going where you live now, and "
        "whether you still need to stay there. What you think matters.",
        "A team manager chairs the review. The social worker will be there, with the staff who "
        "look after {child} and other people who know {child}.",
    ),
    # Read only by the independent visitor (app.services.reg44.booking): never by a family.
    "REG44_VISIT": TypeWords(
        "a Regulation 44 visit",
        "A Regulation 44 visit is an independent visit to a children's home.",
        "An independent visitor comes to see how the home is run.",
        "The independent visitor.",
    ),
}
# A type without its own words, or a message queued before types were passed.
GENERAL_WORDS = TypeWords(
    "a meeting",
    "The meeting is to talk about how things are going for {child} and what should happen next.",
    "This meeting is about you: how things are going, and what should happen next.",
    "A chair runs the meeting. The social worker will be there, with other people who know "
    "{family}.",
)

_FOR_PARENT = {"child": "your child", "family": "your family", "baby": "your baby"}
_FOR_OTHERS = {"child": "the child", "family": "the family", "baby": "the baby"}

# The chair's list of who is coming, in this order: the family first.
ROLE_LABELS = {
    "parent": "Parent",
    "child": "Child or young person",
    "carer": "Carer",
    "advocate": "Advocate",
    "social_worker": "Social worker",
    "gp": "GP",
    "school": "School",
    "health_visitor": "Health visitor or school nurse",
    "police": "Police",
    "interpreter": "Interpreter",
    "other": "Other professional",
}
# How each attendee takes part, as the request records it.
ATTENDANCE_WORDS = {
    "in_room": "in the room",
    "online": "online",
    "either": "in the room or online",
}

# What each professional is asked to prepare; {due} is "by <day>" or "before the meeting".
REPORT_ASKS = {
    "social_worker": "Please share your report with the family, and send it to the chair, {due}.",
    "gp": "Please send a GP report {due}: what you know about the health of the child and the "
    "family, and any worries you have. Please send it even if you cannot come.",
    "school": "Please send a school report {due}: the child's attendance, progress and "
    "wellbeing, and any worries you have.",
    "health_visitor": "Please send a health report {due}: the child's health and "
    "development, and any worries you have.",
    "police": "Please send a police report {due}: any information the police hold that the "
    "meeting should know.",
}
GENERAL_REPORT_ASK = (
    "Please send your report {due}: what you know about the child and the family, and any "
    "worries you have."
)


def type_words(meeting: InviteMeeting) -> TypeWords:
    return TYPE_WORDS.get(meeting.meeting_type, GENERAL_WORDS)


def moved(meeting: InviteMeeting) -> bool:
    """An invitation to someone who had this meeting at another time."""
    previous = (meeting.previous_starts_at, meeting.previous_ends_at)
    return previous != (None, None) and previous != (meeting.starts_at, meeting.ends_at)


def moved_text(meeting: InviteMeeting) -> str:
    """ "from Tue 9 Jun 2026 10:00 to Thu 11 Jun 2026 14:00", in London time; the end when
    only the end changed."""
    if meeting.previous_starts_at in (None, meeting.starts_at) and meeting.previous_ends_at:
        return f"to end at {_clock(meeting.ends_at.astimezone(LONDON))}, not " + _clock(
            meeting.previous_ends_at.astimezone(LONDON)
        )
    before = meeting.previous_starts_at or meeting.starts_at
    return f"from {_short(before)} to {_short(meeting.starts_at)}"


def _short(moment: datetime) -> str:
    moment = moment.astimezone(LONDON)
    return f"{moment:%a} {moment.day} {moment:%b %Y} {_clock(moment)}"


def paragraphs(
    meeting: InviteMeeting, recipient: Recipient, method: Method, organizer: Organizer
) -> list[Paragraph]:
    notice = notice_for(meeting, method)
    opening = _opening(meeting, recipient, notice)
    if notice != "invitation":
        return [opening, _reference(meeting, organizer)]
    if meeting.meeting_type == "REG44_VISIT":
        return [opening, *_reg44_visitor(meeting, organizer)]
    if recipient.audience == "chair":
        return [opening, *_chair(meeting, organizer)]
    if recipient.audience == "professional":
        return [opening, *_professional(meeting, recipient, organizer)]
    if recipient.role == "child":
        return [opening, *_child(meeting, organizer)]
    return [opening, *_family(meeting, recipient, organizer)]


def _opening(meeting: InviteMeeting, recipient: Recipient, notice: Notice) -> Paragraph:
    summary = one_line(meeting.summary)
    if notice == "invitation":
        lead = "You are chairing" if recipient.audience == "chair" else "You are invited to"
        # A message queued before types were passed names only its summary.
        a_name = type_words(meeting).a_name
        first = f"{lead} {a_name}." if meeting.meeting_type else f"{lead} a meeting: {summary}."
    else:
        first = {
            "cancelled": f"This meeting has been cancelled: {summary}. You do not need to attend.",
            "removed": f"You no longer need to attend this meeting: {summary}.",
        }[notice]
    if notice == "invitation" and moved(meeting):
        first = f"{_moved_subject(meeting, recipient)} has moved {moved_text(meeting)} (UK time)."
    return Paragraph(None, (first, f"When: {when_text(meeting)}"))


def _moved_subject(meeting: InviteMeeting, recipient: Recipient) -> str:
    """ "The review child protection conference you were invited to", or "This meeting"."""
    if not meeting.meeting_type:
        return "This meeting"
    name = type_words(meeting).a_name.split(" ", 1)[1]  # without its "a" or "an"
    you = "you are chairing" if recipient.audience == "chair" else "you were invited to"
    return f"The {name} {you}"


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


def _about(words: str, recipient: Recipient) -> str:
    return words.format_map(_FOR_PARENT if recipient.role not in _NOT_PARENTS else _FOR_OTHERS)


# Family readers for whom the child is not "your child".
_NOT_PARENTS = frozenset({"carer", "advocate"})


def _family(meeting: InviteMeeting, recipient: Recipient, organizer: Organizer) -> list[Paragraph]:
    """A parent, a carer or an advocate: what the meeting is, who is there, how to take part."""
    words = type_words(meeting)
    what = [_about(words.what, recipient)]
    if recipient.role == "carer":
        what.append(
            "As a carer, you know how things are day to day, and the meeting wants to hear "
            "from you. You can bring notes, or send your views to us beforehand."
        )
        if meeting.consultation_url:
            what.append(
                "Please help the child or young person fill in their consultation form before "
                f"the meeting, if they would like to: {one_line(meeting.consultation_url)}"
            )
    elif recipient.role == "advocate":
        what.append(
            "You are invited as an advocate, to help the person you support to say what they "
            "think and to be heard."
        )
    if words.before and recipient.role not in _NOT_PARENTS:
        what.append(words.before)
    who = [_about(words.who, recipient), "You can say what you think and ask questions."]
    if recipient.role not in _NOT_PARENTS:
        who.append(
            "You can bring someone to support you, such as a friend, a relative or an "
            "advocate. Please tell us who is coming beforehand, so we can make room for them."
        )
    arriving = _arriving(meeting, recipient)
    return [
        _where(meeting),
        _getting_there(meeting),
        *([arriving] if arriving else []),
        Paragraph("What is this meeting?", tuple(what)),
        Paragraph("Who will be there", tuple(who)),
        _help(meeting, organizer),
    ]


def _arriving(meeting: InviteMeeting, recipient: Recipient) -> Paragraph | None:
    """For someone kept apart from another person coming: which arrangement is theirs."""
    if recipient.own_waiting_area:
        return Paragraph("When you arrive", (
            "There is a separate waiting area for you. Tell reception your reference, "
            f"{one_line(meeting.reference)}, and you will be shown to it.",
        ))  # fmt: skip
    if recipient.arrive_minutes_before is None:
        return None
    arrive = meeting.starts_at.astimezone(LONDON) - timedelta(
        minutes=recipient.arrive_minutes_before
    )
    if recipient.arrive_minutes_before:
        when = f"at {_clock(arrive)}, {recipient.arrive_minutes_before} minutes before the start"
    else:
        when = f"at {_clock(arrive)}, not before"
    return Paragraph("When you arrive", (
        f"Please arrive {when}. Someone else coming is asked to arrive at a different time, so "
        "that you do not meet on the way in.",
    ))  # fmt: skip


def _child(meeting: InviteMeeting, organizer: Organizer) -> list[Paragraph]:
    """Shorter, and kind: the meeting is about them."""
    taking_part: tuple[str, ...] = (
        "You can come to all of it or part of it, or tell someone what you think before it. "
        "Your social worker, your advocate or the chair can share your views for you.",
        "You can bring someone you trust with you.",
    )
    help_lines = (
        "If you need help to get there or to take part, or you cannot come, tell your social "
        f"worker or reply to this email. Reference: {one_line(meeting.reference)}",
    )
    if meeting.consultation_url:
        taking_part += (
            "Before the meeting, please fill in your consultation form, so the chair knows what "
            f"you think, even if you come: {one_line(meeting.consultation_url)}",
        )
    return [
        _where(meeting),
        Paragraph("What is this meeting?", (type_words(meeting).for_child,)),
        Paragraph("How you can take part", taking_part),
        Paragraph("If you need help", help_lines),
    ]


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


def _help(meeting: InviteMeeting, organizer: Organizer) -> Paragraph:
    """How to tell the service what they need, or that they cannot come."""
    return Paragraph(
        "If you need help, or cannot come",
        (
            "Please tell us if you need an interpreter, step-free access or anything else to "
            "take part, or if you need to wait separately from someone else who is coming.",
            "If you cannot come, or the time does not suit you, please tell us as soon as you "
            "can. You can also accept or decline this invitation in your calendar.",
            f"To tell us, reply to this email or write to {organizer.email}, quoting reference "
            f"{one_line(meeting.reference)}.",
        ),
    )


def _reg44_visitor(meeting: InviteMeeting, organizer: Organizer) -> list[Paragraph]:
    """The visitor's own booking of a visit: the home and the time, nothing about the children
    who live there. The home is never sent it: a visit may be unannounced."""
    return [
        _where(meeting),
        Paragraph(
            "About this booking",
            (
                "This booking is in your calendar only; the home has not been told.",
                "Please send your report to the service mailbox after the visit.",
                f"Reference: {one_line(meeting.reference)}",
                f"Questions: reply to this email or write to {organizer.email}.",
            ),
        ),
    ]


def _professional(
    meeting: InviteMeeting, recipient: Recipient, organizer: Organizer
) -> list[Paragraph]:
    reference = one_line(meeting.reference)
    if recipient.role == "interpreter":
        language = one_line(meeting.interpreter_language)
        prepare = [
            f"You are booked to interpret{f' ({language})' if language else ''} at this "
            "meeting. Please arrive 15 minutes early so the chair can brief you.",
        ]
    else:
        due = f"by {_day(meeting.report_due)}" if meeting.report_due else "before the meeting"
        ask = REPORT_ASKS.get(recipient.role, GENERAL_REPORT_ASK)
        sending = (
            f"Upload your report on your private page for this meeting: "
            f"{one_line(recipient.reply_url)}"
            if recipient.reply_url
            else f"Reports go to the chair through the service mailbox, {organizer.email}, "
            f"quoting reference {reference}, by secure email."
        )
        prepare = [ask.format(due=due), sending]
    ways = {"hybrid": " in the room or online", "virtual": " online"}.get(meeting.format, "")
    how = (
        f"on your private page ({one_line(recipient.reply_url)}), where you can also tell us "
        f"that you will come{ways}"
        if recipient.reply_url
        else "decline this invitation or reply to this email"
    )
    apologies = (
        f"If you cannot come, please send your apologies as soon as you can: {how}. If you are "
        "asked for a report, please still send it, so the meeting has what you know.",
        f"Reference: {reference}",
        f"Questions: reply to this email or write to {organizer.email}.",
    )
    private = ("The private page is for you alone: please do not forward this email.",)
    return [
        _where(meeting),
        Paragraph("What to prepare", tuple(prepare)),
        Paragraph("If you cannot come", apologies + (private if recipient.reply_url else ())),
    ]


def _chair(meeting: InviteMeeting, organizer: Organizer) -> list[Paragraph]:
    lines = []
    if meeting.format in ("in_person", "hybrid") and meeting.room_name:
        lines.append(f"Room: {one_line(meeting.room_name)}")
    if meeting.format == "hybrid":
        kit = one_line(meeting.hybrid_kit) if meeting.hybrid_kit else "not recorded"
        lines.append(f"Hybrid kit: {kit}")
    parts = [_where(meeting)]
    if lines:
        parts.append(Paragraph("Chairing", tuple(lines)))
    parts += [_attendees(meeting), _needs(meeting)]
    reference = one_line(meeting.reference)
    parts.append(Paragraph(None, (
        f"Reference: {reference} (search for it in Quorum to find the case)",
        f"Questions: reply to this email or write to {organizer.email}.",
    )))  # fmt: skip
    return parts


def _attendees(meeting: InviteMeeting) -> Paragraph:
    """By role and attendance, family first; never names."""
    order = list(ROLE_LABELS)
    ranked = sorted(meeting.attendees, key=lambda a: order.index(a.role) if a.role in order else 99)
    lines = [
        f"{ROLE_LABELS.get(a.role, ROLE_LABELS['other'])}: "
        f"{ATTENDANCE_WORDS.get(a.attendance, one_line(a.attendance).replace('_', ' '))}"
        for a in ranked
    ]
    return Paragraph("Who is invited", tuple(lines) or ("No attendees recorded.",))


def _needs(meeting: InviteMeeting) -> Paragraph:
    lines = []
    if meeting.interpreter_language:
        lines.append(f"Interpreter: {one_line(meeting.interpreter_language)}")
    if meeting.needs_step_free:
        lines.append("Step-free access: needed")
    if meeting.separate_waiting_area:
        lines.append("Separate waiting area: needed (some people must be kept apart)")
    return Paragraph("Needs", tuple(lines) or ("No needs recorded.",))


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
