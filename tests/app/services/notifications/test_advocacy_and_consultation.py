"""A children-in-care review of a child aged 8 or more invites the advocacy service unless the
request says why not; the child's and the carer's invites carry the consultation form."""

from datetime import date

import pytest
from sqlalchemy import delete

from app.extensions import db
from app.models import SettingsVersion
from app.services.notifications import notices
from app.services.notifications.outbox import message_bytes
from tests.app.factories.outbox import SLOT, book, decoded_parts, make_world, outbox_rows
from tests.app.factories.settings import use_settings

ADVOCACY = "advocacy@example.org"
FORM = "https://forms.example.org/consultation"


@pytest.fixture(autouse=True)
def _service(app):
    use_settings(advocacy_email=ADVOCACY, advocacy_name="Testshire Advocacy",
                 consultation_form_url=FORM)  # fmt: skip


def _world(born: date, **request_fields):
    world = make_world(roles=("child", "carer", "parent", "gp"), **request_fields)
    world.request.case.children[0].date_of_birth = born
    db.session.commit()
    return world


def _text(email: str) -> str:
    (row,) = [row for row in outbox_rows() if row.recipient_email.lower() == email.lower()]
    return "\n".join(decoded_parts(message_bytes(row)))


def test_a_child_aged_8_on_the_day_has_the_advocacy_service_invited_as_an_advocate(app):
    book(_world(born=date(2018, 3, 10)))  # 8 on Tue 10 Mar 2026, the day of the meeting

    advocacy = notices.recipients(outbox_rows()[0].meeting)[ADVOCACY]
    assert (advocacy.name, advocacy.audience, advocacy.role) == (
        "Testshire Advocacy",
        "family",
        "advocate",
    )
    assert "You are invited as an advocate" in _text(ADVOCACY)


@pytest.mark.parametrize(
    ("born", "fields"),
    [
        (date(2018, 3, 11), {}),  # 8 the day after the meeting
        (date(2010, 1, 1), {"advocacy_not_invited_reason": "Has their own advocate"}),
        (date(2010, 1, 1), {"meeting_type": "RCPC"}),
    ],
)
def test_no_advocacy_service_for_a_younger_child_a_recorded_reason_or_another_meeting(
    app, born, fields
):
    book(_world(born=born, **fields))

    assert ADVOCACY not in {row.recipient_email for row in outbox_rows()}


def test_no_address_set_up_invites_no_advocacy_service(app):
    db.session.execute(delete(SettingsVersion))
    use_settings(consultation_form_url=FORM)
    book(_world(born=date(2010, 1, 1)))

    assert ADVOCACY not in {row.recipient_email for row in outbox_rows()}


def test_the_child_and_the_carer_get_the_consultation_form_and_nobody_else(app):
    world = _world(born=date(2012, 5, 1))
    book(world)

    assert FORM in _text(world.people["child"].email)
    assert FORM in _text(world.people["carer"].email)
    assert FORM not in _text(world.people["parent"].email)
    assert FORM not in _text(world.people["gp"].email)
    assert FORM not in _text(world.chair.email)


def test_a_conference_sends_no_consultation_form(app):
    world = _world(born=date(2012, 5, 1), meeting_type="ICPC")
    book(world, starts_at=SLOT)

    assert FORM not in _text(world.people["child"].email)
