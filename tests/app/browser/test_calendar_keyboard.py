"""The calendars from the keyboard alone (WCAG 2.1.1), in Chromium: a meeting in the week
table and in the day view is reached with Tab and opened with Enter."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from tests.app.browser.test_plan_and_confirm import sign_in
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_request,
    make_room,
    make_user,
)

pytestmark = [pytest.mark.browser]
TUESDAY = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)  # the factories' week (NOW is Mon 2 March)


def _tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches `selector` (a keyboard user's way there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} was never reached with Tab")


@pytest.fixture
def booked():
    town = make_locality(name="Boston")
    meeting = make_meeting(chair=make_chair(name="Alex Chair"), starts_at=TUESDAY,
                           room=make_room(locality=town),
                           request=make_request(case=make_case(reference="KEYS01")))  # fmt: skip
    email = make_user(role="admin").email
    db.session.commit()
    return meeting.id, town.id, email


def test_a_meeting_in_the_week_is_opened_from_the_keyboard(app, page: Page, booked):
    meeting_id, _, email = booked
    sign_in(page, email)
    page.goto("/calendar/chairs?week=2026-03-02")
    _tab_to(page, ".quorum-week__event")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/calendar')[0]}/meetings/{meeting_id}")


def test_a_meeting_in_the_day_view_is_opened_from_the_keyboard(app, page: Page, booked):
    meeting_id, town_id, email = booked
    sign_in(page, email)
    page.goto(f"/calendar/day?date=2026-03-03&locality={town_id}")
    _tab_to(page, ".quorum-week__event")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/calendar')[0]}/meetings/{meeting_id}")
