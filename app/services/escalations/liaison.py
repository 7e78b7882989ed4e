"""Each organisation's quarterly summary of the escalations raised about its staff, to its
liaison contact (a local setting), from 07:00 London time on the first day of each
financial quarter (April, July, October, January) for the quarter just ended. Sent even when
none were raised, so the contact knows the service looked. Recorded under one key per
organisation and quarter (SentNotice) with its outbox message, as the chair's weekly digest is,
so a stopped scheduler sends it once when it is back."""

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.invites import Recipient
from app.invites.content import Paragraph
from app.models import Escalation, SentNotice
from app.models.escalations import ORGANISATIONS
from app.models.notifications.sent_notices import NoticeKind
from app.services.escalations.escalations import organisation_words, theme_words
from app.services.notifications import chasers
from app.services.notifications.notices import invite_reference
from app.services.settings import authority_settings
from app.time import LONDON, format_day, london_date, to_local, to_utc

SEND_FROM = time(7, 0)
QUARTER_STARTS = (1, 4, 7, 10)  # months: the financial year starts in April


class LiaisonContactsError(ValueError):
    pass


def liaison_contacts(setting: object) -> dict[str, str]:
    """{organisation code: email} from a dict, or from text like "gp=a@x.org; police=b@y.org"."""
    if isinstance(setting, Mapping):
        pairs = list(setting.items())
    else:
        pairs = []
        for item in str(setting or "").replace(",", ";").split(";"):
            if item.strip():
                code, equals, email = item.partition("=")
                if not equals:
                    raise LiaisonContactsError(
                        f"Liaison contacts: '{item.strip()}' is not organisation=email."
                    )
                pairs.append((code, email))
    contacts = {}
    for code, email in pairs:
        code, email = str(code).strip(), str(email).strip()
        if code not in ORGANISATIONS:
            raise LiaisonContactsError(f"Liaison contacts: '{code}' is not one of "
                                       f"{', '.join(ORGANISATIONS)}.")  # fmt: skip
        if "@" not in email:
            raise LiaisonContactsError(f"Liaison contacts: '{email}' for {code} is not an "
                                       "email address.")  # fmt: skip
        contacts[code] = email
    return contacts


def quarter_just_ended(now: datetime) -> tuple[date, date]:
    """(first day, last day) of the quarter whose summary is due now: the one before the
    current quarter, from 07:00 London time on the current quarter's first day."""
    local = to_local(now)
    month = max(m for m in QUARTER_STARTS if m <= local.month)
    start = date(local.year, month, 1)
    if local < datetime.combine(start, SEND_FROM, tzinfo=LONDON):
        start = _previous_quarter(start)  # before 07:00 on its first day: the one before is due
    return _previous_quarter(start), start - timedelta(days=1)


def _previous_quarter(start: date) -> date:
    return date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)


def send_quarterly(now: datetime) -> int:
    contacts = dict(authority_settings().liaison_contacts)
    first, last = quarter_just_ended(now)
    queued = 0
    for code, email in sorted(contacts.items()):
        key = f"liaison:org={code}:quarter={first.isoformat()}"
        if chasers.recorded(key):
            continue
        raised = _raised(code, first, last)
        recipient = Recipient(email, f"{organisation_words(code)} liaison", "professional")
        subject, words = summary_words(code, first, last, raised)
        notice = SentNotice(key=key, kind=NoticeKind.DIGEST, due_on=last + timedelta(days=1),
                            outcome="sent", created_at=now)  # fmt: skip
        if chasers.send_once(now, notice, "digest", recipient, subject, words):
            queued += 1
    return queued


def _raised(code: str, first: date, last: date) -> list[Escalation]:
    """Escalations about this organisation's staff raised in the quarter (still open or since
    resolved); proposed and dismissed ones were never raised with them."""
    starts = to_utc(first, time(0))
    ends = to_utc(last + timedelta(days=1), time(0))
    return list(db.session.scalars(
        select(Escalation)
        .where(Escalation.organisation == code, Escalation.status.in_(("raised", "resolved")),
               Escalation.raised_at >= starts, Escalation.raised_at < ends)
        .order_by(Escalation.raised_at, Escalation.id)
    ))  # fmt: skip


def summary_words(code: str, first: date, last: date,
                  raised: list[Escalation]) -> tuple[str, list[Paragraph]]:  # fmt: skip
    who = organisation_words(code)
    period = f"{format_day(first)} to {format_day(last)}"
    subject = f"Escalations about {who} staff: {period}"
    if not raised:
        return subject, [Paragraph(None, (f"No escalations were raised about {who} staff by the "
                                          f"independent chairs from {period}.",))]  # fmt: skip
    themes = Counter(theme_words(e.theme) or "No theme given" for e in raised)
    lines = []
    for escalation in raised:
        meeting = escalation.meeting
        lines.append(
            f"{format_day(london_date(meeting.starts_at))}, ref {invite_reference(meeting)}: "
            f"{escalation.person.name}"
            + (f" – {theme_words(escalation.theme)}" if escalation.theme else "")
            + (" (resolved)" if escalation.status == "resolved" else " (open)")
        )
    count = len(raised)
    return subject, [
        Paragraph(
            None,
            (
                f"The independent chairs raised {count} "
                f"escalation{'' if count == 1 else 's'} about {who} staff from "
                f"{period}.",
            ),
        ),  # fmt: skip
        Paragraph("By theme", tuple(f"{theme}: {n}" for theme, n in themes.most_common())),
        Paragraph("Each one", tuple(lines)),
        Paragraph(
            None, ("To talk about any of them, reply to this email, quoting its reference.",)
        ),  # fmt: skip
    ]
