"""Dragging a meeting on the week's table in Chromium: dropped on another chair's Wednesday,
it opens the move form with that day and chair filled in; the admin gives the reason and moves
it, and the week shows it in its new place."""

import itertools
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Locality, Meeting
from tests.app.browser.test_plan_and_confirm import sign_in
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_request,
    make_room,
    make_travel_time,
    make_user,
)

pytestmark = [pytest.mark.browser]
TUESDAY = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # the factories' week (NOW is Mon 2 March)


def test_an_admin_drags_a_meeting_to_another_chairs_wednesday_and_moves_it(app, page: Page):
    town = make_locality(name="Sleaford")
    room = make_room(locality=town)
    alex = make_chair(name="Alex First", base_locality=town)
    brook = make_chair(name="Brook Second", base_locality=town)
    request = make_request(case=make_case(reference="DRAG01", home_locality=town))
    meeting = make_meeting(chair=alex, room=room, starts_at=TUESDAY, request=request)
    for a, b in itertools.combinations(db.session.scalars(select(Locality)).all(), 2):
        make_travel_time(a, b, minutes=20)
    email = make_user(role="admin").email
    meeting_id, brook_id = meeting.id, brook.id
    db.session.commit()
    sign_in(page, email)
    db.session.commit()

    page.set_viewport_size({"width": 1366, "height": 1200})  # the whole week on the screen
    page.goto("/calendar/chairs?week=2026-03-02")
    event = page.locator(f'[data-move-url="/meetings/{meeting_id}/move"]')
    target = page.locator(f'td[data-drop-day="2026-03-04"][data-drop-chair="{brook_id}"]')
    # Press, move a little and over the target twice, release: as a hand drags (a drag
    # starts only once the pointer has moved while pressed).
    event.hover()
    page.mouse.down()
    box = target.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 10, box["y"] + 10, steps=10)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=10)
    page.mouse.up()

    expect(page.get_by_role("heading", name="Move the meeting")).to_be_visible()
    expect(page.locator("#day-day")).to_have_value(re.compile(r"^0?4$"))
    expect(page.get_by_label("Chair", exact=True)).to_have_value(str(brook_id))
    page.get_by_label("Family request").check()
    page.get_by_role("button", name="Move the meeting").click()
    expect(page.get_by_text("Moved. Everyone invited gets the updated invitation.")).to_be_visible()

    moved = db.session.get(Meeting, meeting_id)
    assert (moved.chair_id, moved.starts_at.day) == (brook_id, 4)
    db.session.commit()
