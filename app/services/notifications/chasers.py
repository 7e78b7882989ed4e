"""Report chasers and the chair's briefing, sent by a scheduler sweep (jobs.chaser_sweep).

A professional whose report is asked for and not received, and who has not sent apologies, gets
a chaser 5 and again 2 working days before the meeting; the chair gets a briefing the working
day before (who has not replied, who sent apologies, whose report is missing). Days are London
calendar days counted in England's working days (app.timescales), so a clock change cannot move
a chaser by an hour or a day.

Each one is recorded (`SentNotice`, under a unique key) in the same transaction as its outbox
message, so the sweep can run again at any time: a scheduler that was stopped catches up, and
two sweeps at once send each message once (the second one's insert of the same key fails and
its message is rolled back with it). Catching up never sends late: a chaser whose day came
before the meeting was booked is skipped (short notice), and so is the 5-day chaser once the
2-day one is due, so nobody gets two at once. What is sent says nothing of the child or the
case: the meeting's time, its neutral reference, the report's due day and the private link.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.invites import Recipient, audience_for_role
from app.invites.content import Paragraph
from app.models import Chair, Meeting, Person, SentNotice
from app.models.notifications.sent_notices import NoticeKind, NoticeOutcome
from app.services.notifications import notices
from app.services.notifications.outbox import queue_plain_email
from app.services.replies.links import reply_url, response_for
from app.services.replies.status import AttendeeStatus, statuses
from app.services.settings import authority_settings
from app.time import london_date, to_local
from app.timescales.calendar import WorkingCalendar

log = logging.getLogger("quorum.chasers")

CALENDAR = WorkingCalendar()
# Working days before the meeting of the chair's briefing. The two chasers' days are the
# authority's (5 and 2 by default); their kinds keep the default days in their names.
BRIEFING = 1
# Far enough ahead to cover 5 working days across Christmas and Easter.
LOOK_AHEAD = timedelta(days=21)
WANTS_REPORT = ("requested", "overdue")
OUTCOMES = {"send": NoticeOutcome.SENT, "skip": NoticeOutcome.SKIPPED}

# Family members are named in a briefing by role only; professionals by name and role.
ROLE_WORDS = {
    "parent": "Parent", "carer": "Carer", "child": "The child", "advocate": "Advocate",
    "social_worker": "Social worker", "team_manager_sw": "Social work team manager",
    "health_visitor": "Health visitor", "school_nurse": "School nurse", "gp": "GP",
    "school": "School", "police": "Police", "midwife": "Midwife", "probation": "Probation",
    "housing": "Housing", "other": "Other",
}  # fmt: skip


@dataclass
class ChaserReport:
    chasers: int = 0
    briefings: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class Due:
    """What a notice's day means today: not yet, send it, or skip it (never sent late)."""

    day: date
    action: str  # "wait" | "send" | "skip"


def notice_days(meeting_day: date) -> dict[NoticeKind, date]:
    first, second = authority_settings().agency_report_chase_working_days_before
    return {
        NoticeKind.CHASER_5: CALENDAR.subtract_working_days(meeting_day, first),
        NoticeKind.CHASER_2: CALENDAR.subtract_working_days(meeting_day, second),
        NoticeKind.BRIEFING: CALENDAR.subtract_working_days(meeting_day, BRIEFING),
    }


def due(kind: NoticeKind, meeting: Meeting, today: date) -> Due:
    """A notice is sent from its day until the meeting starts (a stopped scheduler catches up),
    except: a meeting booked after that day was short notice, so it is skipped; and the first
    chaser is skipped once the second is due, rather than the two arriving together."""
    days = notice_days(london_date(meeting.starts_at))
    day = days[kind]
    if today < day:
        return Due(day, "wait")
    if london_date(meeting.created_at) > day:
        return Due(day, "skip")
    if kind == NoticeKind.CHASER_5 and today >= days[NoticeKind.CHASER_2]:
        return Due(day, "skip")
    return Due(day, "send")


def send_due(now: datetime) -> ChaserReport:
    """Queue every chaser and briefing due now that has not been recorded; each commits alone."""
    report = ChaserReport()
    today = london_date(now)
    meeting_ids = db.session.scalars(
        select(Meeting.id)
        .where(
            Meeting.status == "confirmed",
            Meeting.starts_at > now,
            Meeting.starts_at < now + LOOK_AHEAD,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    for meeting_id in meeting_ids:
        meeting = db.session.get_one(Meeting, meeting_id)
        _chase_meeting(now, today, meeting, report)
        _brief_chair(now, today, meeting, report)
    return report


def _chase_meeting(now: datetime, today: date, meeting: Meeting, report: ChaserReport) -> None:
    for kind in (NoticeKind.CHASER_5, NoticeKind.CHASER_2):
        when = due(kind, meeting, today)
        if when.action == "wait":
            continue
        for status in statuses(now, meeting):
            if not status.invited or status.reply == "apologies":
                continue
            if status.report not in WANTS_REPORT:
                continue
            response = response_for(now, meeting.request_id, status.person_id)
            db.session.flush()
            key = f"{kind}:meeting={meeting.id}:response={response.id}"
            if recorded(key):
                db.session.commit()  # the response, if it was made just now
                continue
            notice = SentNotice(key=key, kind=kind, meeting_id=meeting.id,
                                response_id=response.id, due_on=when.day,
                                outcome=OUTCOMES[when.action], created_at=now)  # fmt: skip
            if when.action == "send":
                person = db.session.get_one(Person, status.person_id)
                recipient = Recipient(person.email.strip(), person.name, "professional")
                subject, words = chaser_words(meeting, status, reply_url(response), today)
                if send_once(now, notice, "chaser", recipient, subject, words):
                    report.chasers += 1
            elif record_once(notice):
                report.skipped += 1


def _brief_chair(now: datetime, today: date, meeting: Meeting, report: ChaserReport) -> None:
    when = due(NoticeKind.BRIEFING, meeting, today)
    key = f"briefing:meeting={meeting.id}"
    if when.action == "wait" or recorded(key):
        return
    chair = db.session.get_one(Chair, meeting.chair_id)
    notice = SentNotice(key=key, kind=NoticeKind.BRIEFING, meeting_id=meeting.id,
                        chair_id=chair.id, due_on=when.day, outcome=OUTCOMES[when.action],
                        created_at=now)  # fmt: skip
    if when.action == "send":
        recipient = Recipient(chair.email.strip(), chair.name, "chair")
        subject, words = briefing_words(meeting, statuses(now, meeting))
        if send_once(now, notice, "briefing", recipient, subject, words):
            report.briefings += 1
    elif record_once(notice):
        report.skipped += 1


def recorded(key: str) -> bool:
    return db.session.scalar(select(SentNotice.id).where(SentNotice.key == key)) is not None


def send_once(now: datetime, notice: SentNotice, email_kind: str, recipient: Recipient,
              subject: str, words: list[Paragraph]) -> bool:  # fmt: skip
    """Queue the email and record its notice in one commit, or neither (record_once)."""
    row = queue_plain_email(now, email_kind, recipient, subject, words, notice.meeting_id)
    db.session.flush()
    notice.outbox_message_id = row.id
    return record_once(notice)


def record_once(notice: SentNotice) -> bool:
    """Commit the notice with its outbox message, or neither: another sweep recorded the same
    key a moment ago (its insert waited for ours, or ours for its), so its message is the one."""
    key = notice.key
    try:
        db.session.add(notice)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if not recorded(key):
            raise  # not the other sweep's row: a fault of ours, to be seen
        log.info("%s: already recorded by another sweep", key.partition(":")[0])
        return False
    return True


# -- the words ------------------------------------------------------------------------------


def _when(meeting: Meeting) -> str:
    local = to_local(meeting.starts_at)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def chaser_words(
    meeting: Meeting, status: AttendeeStatus, link: str, today: date
) -> tuple[str, list[Paragraph]]:
    """A kind reminder with the person's private link and the report's due day; the meeting is
    named by its time and neutral reference only."""
    reference = notices.invite_reference(meeting)
    local = to_local(meeting.starts_at)
    subject = f"Reminder: your report for the meeting on {local:%A} {local.day} {local:%B}"
    subject += f" – ref {reference}"
    due_day = status.report_due
    if due_day is None or today <= due_day:
        by = f"It is due by {_day(due_day)}." if due_day else "Please send it before the meeting."
    else:
        by = (f"It was due by {_day(due_day)}: please send it as soon as you can, so that it can "
              "be shared before the meeting.")  # fmt: skip
    organizer = notices.organizer()
    return subject, [
        Paragraph(None, (f"Hello {status.name},",)),
        Paragraph(
            "Your report",
            (
                f"Thank you for your help with the meeting on {_when(meeting)} (reference "
                f"{reference}). We have not received your report yet. {by}",
            ),
        ),
        Paragraph(
            "Your private link",
            (
                "You can upload your report, and tell us whether you will come, here:",
                link,
                "This link is for you alone: please do not forward this email.",
            ),
        ),
        Paragraph(
            None,
            (
                "If you cannot come, you can send your apologies through the same link. If you "
                "have already sent your report another way, thank you, and please ignore this "
                "reminder.",
                organizer.name,
            ),
        ),
    ]


def _who(status: AttendeeStatus) -> str:
    role = ROLE_WORDS.get(status.role, status.role.replace("_", " ").capitalize())
    if audience_for_role(status.role) == "family":
        return role  # by role only: a family member's name does not go out by email
    return f"{status.name}, {role}"


def briefing_words(meeting: Meeting, people: list[AttendeeStatus]) -> tuple[str, list[Paragraph]]:
    reference = notices.invite_reference(meeting)
    local = to_local(meeting.starts_at)
    subject = f"Briefing for your meeting on {local:%A} {local.day} {local:%B} – ref {reference}"
    not_replied = [_who(s) for s in people if s.reply == "none"]
    apologies = [_who(s) for s in people if s.reply == "apologies"]
    missing = [_who(s) for s in people if s.report in WANTS_REPORT]
    base = current_app.config["QUORUM_PUBLIC_URL"].rstrip("/")
    return subject, [
        Paragraph(None, (f"Your meeting on {_when(meeting)} (reference {reference}) is on the "
                         "next working day. This is where the replies and reports stand.",)),
        Paragraph("Not replied yet", tuple(not_replied) or ("Everyone has replied.",)),
        Paragraph("Sent apologies", tuple(apologies) or ("No one has sent apologies.",)),
        Paragraph("Reports not received", tuple(missing) or ("Every report asked for is in.",)),
        Paragraph(None, (
            "The reasons for apologies, and the reports, are on the meeting's page in Quorum:",
            f"{base}/meetings/{meeting.id}",
        )),
    ]  # fmt: skip
