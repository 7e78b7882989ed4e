"""Each chair's weekly email of their open (raised) escalations, from Monday 07:00 London time;
none for a chair with none open. Recorded under one key per chair and week (SentNotice) in the
same transaction as its outbox message, so a stopped scheduler sends the week's digest when it
is back, once, and two sweeps at once send it once."""

from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.invites import Recipient
from app.invites.content import Paragraph
from app.models import Chair, Escalation, SentNotice
from app.models.notifications.sent_notices import NoticeKind
from app.services.escalations.escalations import organisation_words, theme_words
from app.services.notifications import chasers
from app.services.notifications.notices import invite_reference
from app.time import LONDON, format_day, london_date, to_local

SEND_FROM = time(7, 0)  # Monday morning, London time


def send_weekly(now: datetime) -> int:
    local = to_local(now)
    monday = local.date() - timedelta(days=local.weekday())
    if local < datetime.combine(monday, SEND_FROM, tzinfo=LONDON):
        monday -= timedelta(days=7)  # before 07:00 on Monday: last week's is the one due
    chair_ids = db.session.scalars(
        select(Escalation.chair_id).where(Escalation.status == "raised").distinct()
    ).all()
    queued = 0
    for chair_id in sorted(chair_ids):
        key = f"digest:chair={chair_id}:week={monday.isoformat()}"
        if chasers.recorded(key):
            continue
        chair = db.session.get_one(Chair, chair_id)
        open_ones = list(db.session.scalars(
            select(Escalation).filter_by(chair_id=chair_id, status="raised")
            .order_by(Escalation.raised_at, Escalation.id)
        ))  # fmt: skip
        recipient = Recipient(chair.email.strip(), chair.name, "chair")
        subject, words = digest_words(open_ones)
        notice = SentNotice(key=key, kind=NoticeKind.DIGEST, chair_id=chair_id, due_on=monday,
                            outcome="sent", created_at=now)  # fmt: skip
        if chasers.send_once(now, notice, "digest", recipient, subject, words):
            queued += 1
    return queued


def digest_words(open_ones: list[Escalation]) -> tuple[str, list[Paragraph]]:
    count = len(open_ones)
    noun = "escalation" if count == 1 else "escalations"
    lines = []
    for escalation in open_ones:
        meeting = escalation.meeting
        theme = theme_words(escalation.theme)
        raised = format_day(london_date(escalation.raised_at)) if escalation.raised_at else ""
        lines.append(
            f"{format_day(london_date(meeting.starts_at))}, ref {invite_reference(meeting)}: "
            f"{escalation.person.name}, {organisation_words(escalation.organisation)}"
            + (f" – {theme}" if theme else "")
            + (f" (raised {raised})" if raised else "")
        )
    base = current_app.config["QUORUM_PUBLIC_URL"].rstrip("/")
    return f"Your open escalations this week: {count}", [
        Paragraph(None, (f"You have {count} open {noun}, raised with the agencies below.",)),
        Paragraph("Open", tuple(lines)),
        Paragraph(None, ("Mark each one resolved in Quorum once it is:", f"{base}/escalations")),
    ]
