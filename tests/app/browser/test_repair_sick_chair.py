"""An admin repairs the plan from the browser (Chromium via Playwright): marks a chair sick for
three days, waits for the repair the scheduler makes, previews it, confirms, and finds the
meetings with the other chair in the week's list."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting
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

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Tuesday to Thursday of the factories' week (NOW is Monday 2 March 2026).
SICK_DAYS = [datetime(2026, 3, day, 10, tzinfo=UTC) for day in (3, 4, 5)]


def make_sick_chairs_week():
    """One town, two chairs and two rooms; the first chair has a meeting on each sick day, the
    second one meeting on Friday. Returns the chairs and the sick chair's case references."""
    town = make_locality(name="Sleaford")
    rooms = [make_room(locality=town), make_room(locality=town)]
    sick = make_chair(base_locality=town, name="Alex Sick")
    well = make_chair(base_locality=town, name="Brook Well")
    references = []
    for starts_at in SICK_DAYS:
        request = make_request(case=make_case(home_locality=town), status="booked")
        make_meeting(request=request, chair=sick, room=rooms[0], starts_at=starts_at)
        references.append(request.case.reference)
    friday = make_request(case=make_case(home_locality=town), status="booked")
    make_meeting(
        request=friday, chair=well, room=rooms[1], starts_at=datetime(2026, 3, 6, 10, tzinfo=UTC)
    )
    return sick, well, references


def record_sickness(page: Page, chair_name: str) -> None:
    page.goto("/rearrangements")
    page.get_by_role("link", name="A chair is unavailable").click()
    page.get_by_label("Chair", exact=True).select_option(label=chair_name)
    for name, day in (("first_day", "3"), ("last_day", "5")):
        page.locator(f"#{name}-day").fill(day)
        page.locator(f"#{name}-month").fill("3")
        page.locator(f"#{name}-year").fill("2026")
    page.get_by_label("Chair absence").check()
    page.get_by_role("button", name="Record the change").click()
    expect(page.get_by_text("Quorum is working out which meetings must move")).to_be_visible()


def chairs_by_reference() -> dict[str, str]:
    booked = {
        meeting.request.case.reference: meeting.chair.name
        for meeting in db.session.scalars(select(Meeting).where(Meeting.status == "confirmed"))
    }
    db.session.commit()  # ends the read: on SQLite the app's transactions take the write lock
    return booked


def test_an_admin_marks_a_chair_sick_for_three_days_previews_the_repair_and_confirms(
    app, scheduler, page
):
    admin_email = make_user(role="admin").email
    sick, well, references = make_sick_chairs_week()
    sick_name, well_name = sick.name, well.name
    db.session.commit()

    sign_in(page, admin_email)
    record_sickness(page, sick_name)
    # The scheduler solves the repair; the page polls and reloads itself when it is done.
    expect(page.get_by_role("heading", name="The repair")).to_be_visible(timeout=60_000)
    expect(page.locator("#preview-counts")).to_contain_text("3 meetings would move")
    for reference in references:
        row = page.locator("tr", has_text=reference)
        expect(row).to_contain_text(sick_name)  # from
        expect(row).to_contain_text(f"Update: {well_name} (chair)")  # to the well chair
        expect(row).to_contain_text(f"Cancellation: {sick_name} (chair)")
    page.get_by_role("button", name="Confirm these changes").click()

    expect(page.get_by_text("Moved 3 meetings.")).to_be_visible()
    booked = chairs_by_reference()
    assert all(booked[reference] == well_name for reference in references), booked
    page.goto("/calendar/list?week=2026-03-02")
    for reference in references:
        expect(page.locator("main tbody tr", has_text=reference)).to_contain_text(well_name)
