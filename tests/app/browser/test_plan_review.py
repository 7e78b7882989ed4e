"""Reviewing a plan in Chromium: filter the proposal to the meetings out of timescale, untick
those shown, and confirm the rest (the rows hidden by the filter are still booked); the status
line says what is shown and ticked."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, MeetingRequest
from tests.app.browser.test_plan_and_confirm import sign_in
from tests.app.factories.proposals import make_done_run
from tests.app.factories.rows import make_user

pytestmark = [pytest.mark.browser]


def test_an_admin_filters_unticks_the_late_ones_and_books_the_rest(app, page: Page):
    email = make_user(role="admin").email
    run = make_done_run(requests=3)  # proposed at 10:00, 12:00, 14:00 on Tue 3 March 2026
    late = db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id)).first()
    late.earliest = late.preferred_latest = late.latest = date(2026, 3, 2)
    late_id, run_id = late.id, run.id
    db.session.commit()

    sign_in(page, email)
    db.session.commit()  # ends the test's read: on SQLite the app's writes wait for it
    page.goto(f"/plans/{run_id}")
    status = page.locator("[data-plan-status]")
    expect(status).to_have_text("Showing 3 of 3 meetings; 3 ticked to book.")
    page.get_by_label("Out of timescale").check()
    expect(status).to_have_text("Showing 1 of 3 meetings; 3 ticked to book.")
    expect(page.locator("[data-plan-row]:visible")).to_have_count(1)
    page.get_by_role("button", name="Untick those shown").click()
    expect(status).to_have_text("Showing 1 of 3 meetings; 2 ticked to book.")
    page.get_by_label("Out of timescale").uncheck()
    expect(status).to_have_text("Showing 3 of 3 meetings; 2 ticked to book.")
    page.get_by_role("button", name="Confirm selected meetings").click()
    expect(page.get_by_text("Booked 2 meetings.")).to_be_visible()

    booked = {m.request_id for m in db.session.scalars(select(Meeting))}
    db.session.commit()
    assert len(booked) == 2 and late_id not in booked
