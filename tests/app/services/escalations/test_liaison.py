"""Each organisation's liaison contact gets a quarterly summary of the escalations raised about
its staff, once, from 07:00 London time on the first day of the next financial quarter."""

from datetime import UTC, date, datetime

import pytest

from app.services.escalations import escalations
from app.services.escalations.liaison import (
    LiaisonContactsError,
    liaison_contacts,
    quarter_just_ended,
    send_quarterly,
)
from app.services.notifications.outbox import message_bytes
from tests.app.factories.outbox import parsed
from tests.app.factories.settings import use_settings
from tests.app.services.chasers.factories import booked_meeting, sent
from tests.app.services.escalations.test_escalations import AFTER, _chair_user, _rows

APRIL_1_7AM_BST = datetime(2026, 4, 1, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "quarter"),
    [
        (datetime(2026, 4, 1, 5, 59, tzinfo=UTC), (date(2025, 10, 1), date(2025, 12, 31))),
        (APRIL_1_7AM_BST, (date(2026, 1, 1), date(2026, 3, 31))),
        (datetime(2026, 6, 30, 22, tzinfo=UTC), (date(2026, 1, 1), date(2026, 3, 31))),
        (datetime(2027, 1, 1, 7, tzinfo=UTC), (date(2026, 10, 1), date(2026, 12, 31))),  # GMT
    ],
)
def test_the_quarter_due_is_the_one_before_from_7am_london_on_the_first_day(now, quarter):
    assert quarter_just_ended(now) == quarter


def test_each_liaison_contact_gets_their_quarter_once_and_none_is_still_said(app):
    use_settings(liaison_contacts={"gp": "gp.liaison@example.org", "police": "police@example.org"})
    world, _ = booked_meeting(roles=("gp",))
    escalations.propose(AFTER)
    escalations.raise_escalation(AFTER, _chair_user(world), _rows()[0].id, "no_report")

    assert send_quarterly(APRIL_1_7AM_BST) == 2
    assert send_quarterly(datetime(2026, 4, 2, 9, tzinfo=UTC)) == 0

    texts = {}
    for row in sent("digest"):
        message = parsed(message_bytes(row))
        texts[row.recipient_email] = (str(message["Subject"]),
                                      message.get_body(("plain",)).get_content())  # fmt: skip
    subject, text = texts["gp.liaison@example.org"]
    assert "Escalations about GP staff" in " ".join(subject.split())
    assert "raised 1 escalation about GP staff" in text
    assert "No report sent: 1" in text and world.people["gp"].name in text
    assert "No escalations were raised about Police staff" in texts["police@example.org"][1]


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("gp", "is not organisation=email"),
        ("doctors=a@example.org", "'doctors' is not one of"),
        ("gp=not-an-address", "is not an email address"),
    ],
)
def test_a_wrong_liaison_setting_is_refused_in_words(setting, words):
    with pytest.raises(LiaisonContactsError, match=words):
        liaison_contacts(setting)


def test_the_setting_reads_from_text_or_a_mapping():
    assert liaison_contacts("gp = a@example.org, police=b@example.org") == {
        "gp": "a@example.org", "police": "b@example.org"}  # fmt: skip
    assert liaison_contacts({"housing": "h@example.org"}) == {"housing": "h@example.org"}
    assert liaison_contacts("") == {}


def test_an_escalation_counts_in_the_quarter_it_was_raised_even_when_resolved_in_the_next(app):
    use_settings(liaison_contacts={"gp": "gp.liaison@example.org"})
    world, _ = booked_meeting(roles=("gp",))
    escalations.propose(AFTER)
    chair = _chair_user(world)
    escalations.raise_escalation(AFTER, chair, _rows()[0].id, "no_report")
    escalations.resolve(datetime(2026, 5, 5, 9, tzinfo=UTC), chair, _rows()[0].id)

    send_quarterly(datetime(2026, 7, 1, 6, tzinfo=UTC))  # April to June: raised before it

    (row,) = sent("digest")
    text = parsed(message_bytes(row)).get_body(("plain",)).get_content()
    assert "No escalations were raised about GP staff" in text
