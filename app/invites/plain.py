"""A plain email: text and HTML alternatives of the same paragraphs, no calendar part. Used for
what is not an invite (a report chaser, a chair's briefing, a weekly digest), so it carries no
METHOD or SEQUENCE and no calendar client acts on it.

    multipart/alternative
      text/plain; charset=utf-8
      text/html; charset=utf-8
"""

import hashlib
from datetime import datetime
from email.message import EmailMessage

from app.invites.content import Paragraph, as_html, as_text, one_line
from app.invites.imip import MAIL_POLICY, address_headers, set_subject
from app.invites.values import Organizer, Recipient


def plain_message(
    recipient: Recipient,
    organizer: Organizer,
    subject: str,
    parts: list[Paragraph],
    stamp: datetime,
    message_id: str,
) -> EmailMessage:
    message = EmailMessage(policy=MAIL_POLICY)
    address_headers(message, organizer, recipient, stamp, message_id)
    set_subject(message, one_line(subject))
    text = as_text(parts)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(as_html(parts, subject), subtype="html")
    for part in list(message.walk())[1:]:
        del part["MIME-Version"]  # the stdlib repeats it on parts; it belongs on the top only
    # A boundary from the content, not random: a resend after a crash is the same bytes.
    seed = hashlib.sha256(str(message["Message-ID"]).encode() + text.encode()).hexdigest()[:24]
    message.set_boundary(f"=_quorum_0_{seed}")
    return message
