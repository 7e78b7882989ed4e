"""Report chasers 5 and 2 working days before a meeting (London days, bank holidays skipped),
once each, to professionals whose report is asked for and not in and who have not sent
apologies; skipped, not sent late, when the meeting was booked after the day."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting
from app.services.notifications.chasers import send_due
from app.services.notifications.notices import invite_reference
from app.services.notifications.outbox import message_bytes
from app.services.notifications.outbox_relay import relay_due
from app.services.replies.links import open_link
from tests.app.factories.outbox import Clock, decoded_parts, parsed, smtp_transport
from tests.app.factories.settings import use_settings
from tests.app.services.chasers.factories import (
    booked_meeting,
    day_before,
    london,
    notices,
    receive_report,
    send_apologies,
    sent,
)

FIRST, SECOND = london(2026, 3, 5), london(2026, 3, 10)  # 00:00 on each chaser's day


def _recipients() -> list[str]:
    return [row.recipient_email for row in sent("chaser")]


def test_the_first_chaser_goes_on_the_fifth_working_day_before_and_not_a_minute_earlier(app):
    world, _ = booked_meeting()

    send_due(day_before(FIRST))
    assert sent("chaser") == []

    send_due(FIRST)
    # The GP and the social worker: professionals; the parent is not asked for a report.
    assert sorted(_recipients()) == sorted(
        [world.people["gp"].email, world.people["social_worker"].email]
    )
    assert {n.kind for n in notices()} == {"chaser_5"}


def test_each_chaser_is_sent_once_however_often_the_sweep_runs(app):
    booked_meeting(roles=("gp",))

    for moment in (FIRST, FIRST, london(2026, 3, 6, 15), day_before(SECOND)):
        send_due(moment)
    assert len(sent("chaser")) == 1
    send_due(SECOND)
    send_due(london(2026, 3, 10, 17))
    assert [n.kind for n in notices()] == ["chaser_5", "chaser_2"]
    assert len(sent("chaser")) == 2


def test_nobody_who_sent_apologies_or_their_report_is_chased(app):
    world, _ = booked_meeting()
    send_apologies(world, "gp")
    receive_report(world, "social_worker")

    send_due(FIRST)
    send_due(SECOND)

    assert sent("chaser") == []


def test_a_meeting_booked_after_the_first_chasers_day_skips_it_and_gets_the_second(app):
    booked_meeting(roles=("gp",), booked=london(2026, 3, 9, 11))

    send_due(london(2026, 3, 9, 12))  # after the first chaser's day: it is not sent late
    assert sent("chaser") == []
    assert [(n.kind, n.outcome) for n in notices()] == [("chaser_5", "skipped")]

    send_due(SECOND)
    assert len(sent("chaser")) == 1
    assert [(n.kind, n.outcome) for n in notices()] == [
        ("chaser_5", "skipped"), ("chaser_2", "sent"),
    ]  # fmt: skip


def test_a_meeting_booked_on_the_first_chasers_day_gets_it(app):
    booked_meeting(roles=("gp",), booked=london(2026, 3, 5, 16))

    send_due(london(2026, 3, 5, 16, 5))

    assert [(n.kind, n.outcome) for n in notices()] == [("chaser_5", "sent")]


def test_a_stopped_scheduler_catches_up_without_duplicates_or_two_chasers_at_once(app):
    booked_meeting(roles=("gp",))
    send_due(day_before(FIRST))  # then the scheduler is stopped for the whole week

    send_due(london(2026, 3, 11, 9))  # restarted after the second chaser's day
    send_due(london(2026, 3, 11, 9, 5))

    assert [(n.kind, n.outcome) for n in notices("chaser_5") + notices("chaser_2")] == [
        ("chaser_5", "skipped"), ("chaser_2", "sent"),
    ]  # fmt: skip
    assert len(sent("chaser")) == 1


def test_a_stopped_scheduler_sends_the_first_chaser_late_while_the_second_is_not_due(app):
    booked_meeting(roles=("gp",))

    send_due(london(2026, 3, 9, 9))  # stopped from before the 5th until Monday the 9th

    assert [(n.kind, n.outcome) for n in notices()] == [("chaser_5", "sent")]


@pytest.mark.parametrize(
    ("meeting", "kind", "first_moment"),
    [
        # The clocks go forward on Sun 29 Mar 2026: Thu 2 Apr's second chaser is Tue 31 Mar,
        # which starts at 23:00 UTC on the 30th; its first is Thu 26 Mar, midnight GMT.
        (datetime(2026, 4, 2, 9, tzinfo=UTC), "chaser_2", datetime(2026, 3, 30, 23, tzinfo=UTC)),
        (datetime(2026, 4, 2, 9, tzinfo=UTC), "chaser_5", datetime(2026, 3, 26, 0, tzinfo=UTC)),
        # They go back on Sun 25 Oct 2026: Wed 28 Oct's first chaser is Wed 21 Oct (BST, from
        # 23:00 UTC on the 20th), its second Mon 26 Oct (GMT, from midnight UTC).
        (
            datetime(2026, 10, 28, 10, tzinfo=UTC),
            "chaser_5",
            datetime(2026, 10, 20, 23, tzinfo=UTC),
        ),
        (datetime(2026, 10, 28, 10, tzinfo=UTC), "chaser_2", datetime(2026, 10, 26, 0, tzinfo=UTC)),
        # Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr): Tue 7 Apr's second chaser is
        # Wed 1 Apr, and Wed 8 Apr's is Thu 2 Apr, both from 23:00 UTC the day before (BST).
        (datetime(2026, 4, 7, 9, tzinfo=UTC), "chaser_2", datetime(2026, 3, 31, 23, tzinfo=UTC)),
        (datetime(2026, 4, 8, 9, tzinfo=UTC), "chaser_2", datetime(2026, 4, 1, 23, tzinfo=UTC)),
    ],
)
def test_a_chaser_falls_on_its_london_day_across_clock_changes_and_bank_holidays(
    app, meeting, kind, first_moment
):
    booked_meeting(starts_at=meeting, roles=("gp",))

    send_due(day_before(first_moment))
    assert notices(kind) == []

    send_due(first_moment)
    assert [n.outcome for n in notices(kind)] == ["sent"]


def test_a_chaser_carries_the_private_link_and_the_due_day_and_arrives_over_smtp(app, smtp):
    world, _ = booked_meeting(roles=("gp",))
    recorder, port, start = smtp
    start()

    send_due(FIRST)
    relay_due(Clock(FIRST), smtp_transport(port))

    (row,) = sent("chaser")
    assert row.status == "sent" and row.recipient_email == world.people["gp"].email
    (received,) = [body for body in recorder.received if body == message_bytes(row)]
    assert " ".join(str(parsed(received)["Subject"]).split()) == (
        f"Reminder: your report for the meeting on Thursday 12 March – ref {_reference()}"
    )
    text = parsed(received).get_body(("plain",)).get_content()
    assert "It is due by Monday 9 March 2026." in text
    (link,) = {line for line in text.splitlines() if "/reply/" in line}
    # The GP's own private link: it opens their reply page.
    opened = open_link(FIRST, link.rpartition("/reply/")[2])
    assert opened.person.id == world.people["gp"].id


def _reference() -> str:
    return invite_reference(db.session.scalars(select(Meeting)).one())


def test_the_second_chaser_says_the_report_is_overdue(app):
    booked_meeting(roles=("gp",))

    send_due(SECOND)

    text = "\n".join(decoded_parts(message_bytes(sent("chaser")[0])))
    assert "It was due by Monday 9 March 2026: please send it as soon as you can" in text


def test_a_cancelled_meeting_is_not_chased(app):
    _, meeting = booked_meeting(roles=("gp",))
    meeting.status = "cancelled"
    db.session.commit()

    send_due(FIRST)

    assert sent("chaser") == [] and notices() == []


def test_a_meeting_past_is_not_chased(app):
    booked_meeting(roles=("gp",))

    send_due(datetime(2026, 3, 12, 12, tzinfo=UTC))

    assert notices() == []


def test_the_chasers_days_are_the_authoritys(app):
    use_settings(agency_report_chase_working_days_before=(7, 3))
    booked_meeting(roles=("gp",))  # on Thursday 12 March

    send_due(day_before(london(2026, 3, 3)))
    assert sent("chaser") == []
    send_due(london(2026, 3, 3))  # 7 working days before
    assert [n.kind for n in notices()] == ["chaser_5"]
    send_due(day_before(london(2026, 3, 9)))
    assert len(sent("chaser")) == 1
    send_due(london(2026, 3, 9))  # 3 working days before
    assert [n.kind for n in notices()] == ["chaser_5", "chaser_2"]
