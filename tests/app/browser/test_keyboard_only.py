"""A booking team's day from the keyboard alone (no mouse, no clicks), in Chromium: book a
request from its found times, confirm a plan with one meeting left out, and record a chair's
sickness and confirm the repair. Every step is reached with Tab and done with Enter, Space or
typing: no keyboard trap on the way."""

from datetime import date

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting, MeetingRequest
from tests.app.browser.test_plan_and_confirm import sign_in
from tests.app.browser.test_repair_sick_chair import make_sick_chairs_week
from tests.app.factories.proposals import make_done_run
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_request,
    make_room,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


FOCUSED = """([selector, text]) => {
  const element = document.activeElement
  return element.matches(selector) && element.textContent.includes(text)
}"""


def tab_to(page: Page, selector: str, text: str = "", limit: int = 300) -> None:
    """Press Tab until the focused element matches `selector` (and holds `text`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        try:
            if page.evaluate(FOCUSED, [selector, text]):
                return
        except PlaywrightError:  # the page reloaded itself (a repair's preview once it is done)
            page.wait_for_load_state()
    raise AssertionError(f"{selector} {text!r} was never reached with Tab")


def _admin(page: Page) -> None:
    email = make_user(role="admin").email
    db.session.commit()
    sign_in(page, email)
    db.session.commit()  # ends the test's read: on SQLite the app's writes wait for it


def test_booking_a_found_time_from_the_keyboard(app, page: Page):
    town = make_locality(name="Sleaford")
    make_room(locality=town)
    make_chair(base_locality=town)
    request = make_request(case=make_case(home_locality=town), earliest=date(2026, 3, 4),
                           latest=date(2026, 3, 17))  # fmt: skip
    request_id = request.id
    _admin(page)
    page.goto(f"/requests/{request_id}/times")
    tab_to(page, "button[type=submit]", "Book this")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Booked.", exact=True)).to_be_visible()
    assert db.session.get(MeetingRequest, request_id).status == "booked"
    db.session.commit()


def test_confirming_a_plan_from_the_keyboard(app, page: Page):
    run = make_done_run(requests=2)
    run_id = run.id
    first = db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id)).first().id
    _admin(page)
    page.goto(f"/plans/{run_id}")
    tab_to(page, f"#book-{first}")
    page.keyboard.press("Space")  # untick the first meeting
    expect(page.locator(f"#book-{first}")).not_to_be_checked()
    tab_to(page, "button", "Confirm selected meetings")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Booked 1 meeting.")).to_be_visible()
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1
    db.session.commit()


def test_recording_a_chairs_sickness_and_confirming_the_repair_from_the_keyboard(
    app, scheduler, page: Page
):
    sick, _, _ = make_sick_chairs_week()
    sick_name = sick.name
    _admin(page)
    page.goto("/rearrangements/chair")
    tab_to(page, "#chair")
    page.keyboard.type(sick_name)  # a select follows what is typed
    for name, day in (("first_day", "3"), ("last_day", "5")):
        tab_to(page, f"#{name}-day")
        page.keyboard.type(day)
        page.keyboard.press("Tab")
        page.keyboard.type("3")
        page.keyboard.press("Tab")
        page.keyboard.type("2026")
    tab_to(page, "input[name=reason]")  # the first reason; arrows move between them
    while not page.evaluate(
        "document.activeElement.labels[0].textContent.includes('Chair absence')"
    ):  # fmt: skip
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "button", "Record the change")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="The repair")).to_be_visible(timeout=60_000)
    expect(page.locator("#preview-counts")).to_contain_text("3 meetings would move")
    expect(page.get_by_role("button", name="Confirm these changes")).to_be_visible()
    tab_to(page, "button", "Confirm these changes")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Moved 3 meetings.")).to_be_visible()
    moved = db.session.scalars(select(Meeting).where(Meeting.status == "confirmed")).all()
    assert sick_name not in {meeting.chair.name for meeting in moved}
    db.session.commit()
