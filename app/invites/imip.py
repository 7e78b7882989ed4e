"""iMIP (RFC 6047): one email per recipient carrying the iTIP calendar.

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8
        text/html; charset=utf-8
        text/calendar; method=REQUEST|CANCEL; charset=UTF-8
      application/ics; name=invite.ics      (the same bytes, for clients that want a file)

Exactly one text/calendar part, so no client sees the invite twice. The calendar parts are
base64, which keeps the CRLF line ends and 75-octet lines byte for byte through any relay."""

import hashlib
from datetime import datetime
from email import policy
from email.header import Header
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from app.invites.content import as_html, as_text, moved, notice_for, one_line, paragraphs
from app.invites.ical import calendar_bytes
from app.invites.values import InviteMeeting, Method, Organizer, Recipient

ATTACHMENT_NAME = "invite.ics"
MAX_DISPLAY_NAME = 64


class _HeaderClassesKept(HeaderRegistry):
    """The standard registry makes a new class for every header it parses; this one keeps each,
    so that a confirmation writing a thousand invites does not make twenty thousand classes."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._made:
            self._made[key] = super().__getitem__(name)
        return self._made[key]


# The standard policy (email.policy.default), only quicker to parse headers with.
MAIL_POLICY = policy.default.clone(header_factory=_HeaderClassesKept())


def subject_for(meeting: InviteMeeting, method: Method) -> str:
    if notice_for(meeting, method) != "invitation":
        word = "Cancelled"
    else:
        word = "Moved" if moved(meeting) else "Invitation"
    return f"{word}: {one_line(meeting.summary)}"


def invite_message(
    meeting: InviteMeeting,
    recipient: Recipient,
    method: Method,
    organizer: Organizer,
    stamp: datetime,
    message_id: str | None = None,
) -> EmailMessage:
    """The whole email for one recipient. Pass `message_id` (the outbox row's) so that a resend
    after a crash is the same message; without one a new Message-ID is made."""
    parts = paragraphs(meeting, recipient, method, organizer)
    ics = calendar_bytes(meeting, recipient, method, organizer, stamp, parts)
    message = EmailMessage(policy=MAIL_POLICY)
    address_headers(message, organizer, recipient, stamp, message_id)
    set_subject(message, subject_for(meeting, method))
    message.set_content(as_text(parts), subtype="plain", charset="utf-8")
    message.add_alternative(as_html(parts, one_line(meeting.summary)), subtype="html")
    message.add_alternative(
        ics, maintype="text", subtype="calendar", cte="base64",
        params={"method": method, "charset": "UTF-8"},
    )  # fmt: skip
    message.add_attachment(  # turns the message into multipart/mixed around the alternative
        ics, maintype="application", subtype="ics", filename=ATTACHMENT_NAME,
        params={"name": ATTACHMENT_NAME},
    )  # fmt: skip
    for part in list(message.walk())[1:]:
        del part["MIME-Version"]  # the stdlib repeats it on parts; it belongs on the top only
    _fix_boundaries(message, ics)
    return message


def set_subject(message: EmailMessage, subject: str) -> None:
    """A subject that is not all ASCII is written as whole encoded words (RFC 2047). The
    standard folder splits a long one just before its first non-ASCII word and leaves a space on
    both sides of the fold, so every reader showed "conference  – ref" with two spaces; spaces
    between encoded words are dropped by every reader, and these lines are already folded."""
    if subject.isascii():
        message["Subject"] = subject
    else:
        encoded = Header(subject, "utf-8", header_name="Subject").encode(linesep="\n")
        message.set_raw("Subject", encoded)


def _fix_boundaries(message: EmailMessage, ics: bytes) -> None:
    """Boundaries from the content instead of random, so a resend is byte for byte the same.
    "=_" cannot occur in base64, and quoted-printable writes "=" as "=3D"."""
    seed = hashlib.sha256(str(message["Message-ID"]).encode() + ics).hexdigest()[:24]
    for depth, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_quorum_{depth}_{seed}")


def address_headers(
    message: EmailMessage, organizer: Organizer, recipient: Recipient, stamp: datetime,
    message_id: str | None,
) -> None:  # fmt: skip
    domain = organizer.email.rpartition("@")[2] or None
    message["From"] = Address(display_name(organizer.name), addr_spec=organizer.email)
    message["To"] = Address(display_name(recipient.name), addr_spec=recipient.email)
    message["Date"] = format_datetime(stamp)
    message["Message-ID"] = _bracketed(message_id) if message_id else make_msgid(domain=domain)


def display_name(name: str) -> str:
    """One line of at most 64 characters. Python's header folder can drop the quotes from a
    display name too long for one line, and a name with a colon then turns into an address."""
    name = one_line(name)
    return name if len(name) <= MAX_DISPLAY_NAME else name[: MAX_DISPLAY_NAME - 3] + "..."


def _bracketed(message_id: str) -> str:
    message_id = one_line(message_id).strip("<>")
    return f"<{message_id}>"
