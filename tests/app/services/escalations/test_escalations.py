"""After a meeting, each professional with neither a report nor apologies is proposed to the
meeting's chair, once; only that chair raises or dismisses it; raised ones go in a weekly email."""

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import Escalation
from app.services import NotFound, ServiceError
from app.services.escalations import digest, escalations
from app.services.notifications.outbox import message_bytes
from tests.app.factories.outbox import parsed
from tests.app.factories.rows import make_chair, make_user
from tests.app.services.chasers.factories import (
    MEETING,
    booked_meeting,
    receive_report,
    send_apologies,
    sent,
)

AFTER = datetime(2026, 3, 12, 13, tzinfo=UTC)  # the meeting ended at 11:00


def _rows() -> list[Escalation]:
    return list(db.session.scalars(db.select(Escalation).order_by(Escalation.id)))


def _chair_user(world):
    world.chair.user = make_user(role="chair")
    db.session.commit()
    return world.chair.user


def test_professionals_with_neither_report_nor_apologies_are_proposed_after_the_meeting(app):
    world, _ = booked_meeting(roles=("gp", "police", "social_worker", "parent"))
    send_apologies(world, "police")
    receive_report(world, "social_worker")

    assert escalations.propose(MEETING) == 0  # not over yet
    assert escalations.propose(AFTER) == 1
    assert escalations.propose(AFTER) == 0  # once

    (row,) = _rows()
    assert (row.person_id, row.organisation, row.status) == (world.people["gp"].id, "gp",
                                                             "proposed")  # fmt: skip
    assert row.chair_id == world.chair.id


def test_only_the_meetings_chair_raises_or_dismisses_and_bad_input_changes_nothing(app):
    world, _ = booked_meeting(roles=("gp", "police"))
    escalations.propose(AFTER)
    gp_row, police_row = _rows()
    chair = _chair_user(world)
    other = make_chair()
    other.user = make_user(role="chair")
    admin = make_user(role="admin")
    db.session.commit()

    for user in (other.user, admin):
        with pytest.raises(NotFound):
            escalations.raise_escalation(AFTER, user, gp_row.id, "")
    with pytest.raises(ServiceError, match="theme"):
        escalations.raise_escalation(AFTER, chair, gp_row.id, "bogus")
    with pytest.raises(ServiceError, match="why"):
        escalations.dismiss(AFTER, chair, police_row.id, "  ")
    assert {row.status for row in _rows()} == {"proposed"}

    escalations.raise_escalation(AFTER, chair, gp_row.id, "no_report")
    escalations.dismiss(AFTER, chair, police_row.id, "Report came by post")
    assert [(r.status, r.theme, r.acted_by_id) for r in _rows()] == [
        ("raised", "no_report", chair.id), ("dismissed", "", chair.id),
    ]  # fmt: skip
    with pytest.raises(ServiceError):
        escalations.dismiss(AFTER, chair, gp_row.id, "changed my mind")


def test_a_chair_with_raised_escalations_gets_one_weekly_email_and_one_with_none_gets_none(app):
    world, _ = booked_meeting(roles=("gp",))
    booked_meeting(roles=("police",))  # another chair, whose escalation stays proposed
    escalations.propose(AFTER)
    chair = _chair_user(world)
    escalations.raise_escalation(AFTER, chair, _rows()[0].id, "no_report")

    # Last week's (from Mon 9 March) is still due until 07:00 London on Mon 16 March.
    assert digest.send_weekly(datetime(2026, 3, 16, 6, 59, tzinfo=UTC)) == 1
    assert digest.send_weekly(datetime(2026, 3, 16, 6, 59, 30, tzinfo=UTC)) == 0
    assert digest.send_weekly(datetime(2026, 3, 16, 7, 0, tzinfo=UTC)) == 1  # this week's
    assert digest.send_weekly(datetime(2026, 3, 18, 9, tzinfo=UTC)) == 0

    rows = sent("digest")
    assert {row.recipient_email for row in rows} == {world.chair.email}
    text = parsed(message_bytes(rows[-1])).get_body(("plain",)).get_content()
    assert f"{world.people['gp'].name}, GP – No report sent" in text
