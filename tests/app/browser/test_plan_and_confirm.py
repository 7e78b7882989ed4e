"""An admin plans from the browser (Chromium via Playwright): signs in, starts a plan run,
watches its progress bar, confirms the ticked meetings and finds them in the chair week view."""

import itertools
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, User
from app.time import LONDON
from tests.app.auth_helpers import enrol, is_enrolled, next_code
from tests.app.factories.rows import (
    TEST_PASSWORD,
    make_case,
    make_chair,
    make_locality,
    make_request,
    make_room,
    make_travel_time,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REQUESTS = 12
# The page's own state: the status tag, and the progress bar while the run is active.
PROGRESS_STATE = """() => {
  const tag = document.querySelector('#plan-progress .govuk-tag')
  const bar = document.querySelector('#plan-progress-bar')
  return tag ? [tag.textContent.trim(), bar ? Number(bar.value) : null] : null
}"""


def make_four_town_world() -> list[str]:
    """Twelve open requests over four towns, three chairs and rooms: enough driving between
    towns that the solver spends its whole time budget improving the plan (a one-town world
    is solved to optimality at once, and then there is no progress to watch)."""
    towns = [make_locality(name=name) for name in ("Sleaford", "Boston", "Louth", "Spalding")]
    for a, b in itertools.combinations(towns, 2):
        make_travel_time(a, b, minutes=25 + 10 * abs(towns.index(a) - towns.index(b)))
    for town in towns[:3]:
        make_room(locality=town)
        make_chair(base_locality=town)
    cases = [make_case(home_locality=towns[n % len(towns)]) for n in range(REQUESTS)]
    for case in cases:
        make_request(case=case)
    return [case.reference for case in cases]


def sign_in(page: Page, email: str) -> None:
    """Password, then the code from the user's authenticator app (set up here first)."""
    user = db.session.scalar(select(User).where(User.email == email))
    if not is_enrolled(user):
        enrol(user)
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("textbox", name="Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(next_code(user))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def start_planning(page: Page) -> None:
    page.goto("/plans")
    page.get_by_label("Time to spend improving the plan").select_option(label="10 seconds")
    page.get_by_role("button", name="Start planning").click()
    expect(page.get_by_text("Planning has started.")).to_be_visible()


def watch_progress(page: Page, limit_seconds: float = 60) -> list[tuple[str, int | None]]:
    """Every (status, bar value) the page shows, as htmx updates it, until it says Done."""
    seen: list[tuple[str, int | None]] = []
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        try:
            state = page.evaluate(PROGRESS_STATE)
        except PlaywrightError:  # the page is reloading (htmx's HX-Refresh once the run ends)
            state = None
        if state and (not seen or seen[-1] != tuple(state)):
            seen.append(tuple(state))
        if seen and seen[-1][0] == "Done":
            return seen
        page.wait_for_timeout(100)
    raise AssertionError(f"the run did not finish within {limit_seconds} s; the page showed {seen}")


def booked_by_week() -> dict[date, list[tuple[str, str]]]:
    """(case reference, chair) of each confirmed meeting, by the Monday of its week in London."""
    weeks: dict[date, list[tuple[str, str]]] = {}
    for meeting in db.session.scalars(select(Meeting).where(Meeting.status == "confirmed")):
        day = meeting.starts_at.astimezone(LONDON).date()
        monday = day - timedelta(days=day.weekday())
        booked = (meeting.request.case.reference, meeting.chair.name)
        weeks.setdefault(monday, []).append(booked)
    db.session.commit()  # ends the read: on SQLite the app's transactions take the write lock
    return weeks


def test_an_admin_plans_watches_progress_confirms_and_sees_the_meetings_in_the_chair_week(
    app, scheduler, page
):
    admin_email = make_user(role="admin").email
    references = make_four_town_world()
    db.session.commit()

    sign_in(page, admin_email)
    start_planning(page)
    seen = watch_progress(page)

    statuses = [status for status, _ in seen]
    running = [value for status, value in seen if status == "Running"]
    assert statuses[0] in ("Queued", "Running") and statuses[-1] == "Done", seen
    assert len(set(running)) >= 3 and running == sorted(running), seen  # the bar fills up

    expect(page.get_by_role("heading", name="Proposed meetings")).to_be_visible()
    boxes = page.locator("input[name=request_ids]")
    expect(boxes).to_have_count(REQUESTS)
    for box in boxes.all():
        expect(box).to_be_checked()
    left_out = page.locator(f"label[for={boxes.first.get_attribute('id')}]").text_content()
    boxes.first.uncheck()
    page.get_by_role("button", name="Confirm selected meetings").click()
    expect(page.get_by_text(f"Booked {REQUESTS - 1} meetings.")).to_be_visible()

    weeks = booked_by_week()
    booked = [reference for week in weeks.values() for reference, _ in week]
    assert sorted(booked) == sorted(r for r in references if r not in left_out)
    assert len(booked) == REQUESTS - 1
    for monday, meetings in weeks.items():
        see_the_week_by_chair(page, monday, meetings)
        see_the_week_as_a_list(page, monday, meetings)


def see_the_week_by_chair(page: Page, monday: date, meetings: list[tuple[str, str]]) -> None:
    page.goto(f"/calendar/chairs?week={monday.isoformat()}")
    week = page.locator(".quorum-week__table")
    for reference, chair in meetings:
        row = week.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=chair))
        expect(row.get_by_role("link").filter(has_text=reference)).to_be_visible()
    expect(week.locator(".quorum-week__event")).to_have_count(len(meetings))


def see_the_week_as_a_list(page: Page, monday: date, meetings: list[tuple[str, str]]) -> None:
    page.goto(f"/calendar/list?week={monday.isoformat()}")
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(len(meetings))
    listed = rows.all_inner_texts()
    for reference, chair in meetings:
        assert any(reference in row and chair in row for row in listed), (reference, listed)
