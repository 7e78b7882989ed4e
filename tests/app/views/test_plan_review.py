"""Reviewing a plan that may hold a county month: each row's window and flags (out of
timescale, after the preferred day, a new chair), the data the filters read, the page with
nothing ticked, and what this plan alone costs (not the bookings made before it)."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import Chair, MeetingRequest, Room
from app.services.booking.bookings import book_meeting
from app.services.planning import runs as plan_runs
from app.services.requests.rules import type_label
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.plan_runs import HORIZON_END, make_plannable_world
from tests.app.factories.proposals import make_done_run
from tests.app.factories.rows import NOW, make_chair


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=True):
        yield


def _row(page: str, request_id: int) -> str:
    start = page.index(f'id="book-{request_id}"')
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def test_each_row_shows_its_window_and_flags_for_the_filters(client):
    run = make_done_run(requests=3)  # all proposed on Tue 3 March 2026
    late, risky, new_chair = db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id))
    late.earliest = late.preferred_latest = late.latest = date(2026, 3, 2)
    risky.earliest, risky.preferred_latest, risky.latest = (
        date(2026, 2, 20), date(2026, 3, 2), date(2026, 3, 10))  # fmt: skip
    new_chair.allocated_chair = make_chair(name="Their Own Chair")
    db.session.commit()
    signed_in_as(client, "admin")

    page = client.get(f"/plans/{run.id}").get_data(as_text=True)

    assert 'data-flags="late ' in _row(page, late.id) and "Out of timescale" in _row(page, late.id)
    assert "After the preferred day" in _row(page, risky.id)
    assert 'data-flags="at-risk ' in _row(page, risky.id)
    assert "Fri 20 Feb 2026 to Tue 10 Mar 2026" in _row(page, risky.id)  # its window
    assert 'data-flags="new-chair"' in _row(page, new_chair.id)
    assert "New chair" in _row(page, new_chair.id)
    assert f'data-type="{new_chair.meeting_type}"' in _row(page, new_chair.id)
    assert f'data-locality="{new_chair.locality_id}"' in _row(page, new_chair.id)
    # The filter panel offers the types and localities proposed, in words.
    code = new_chair.meeting_type
    assert f'<option value="{code}">{type_label(code)}</option>' in page
    assert ">Sleaford</option>" in page
    assert "plan-review.js" in page


def test_the_page_can_be_asked_for_with_nothing_ticked(client):
    run = make_done_run(requests=2)
    signed_in_as(client, "admin")
    page = client.get(f"/plans/{run.id}?ticked=none").get_data(as_text=True)
    assert page.count('name="request_ids"') == 2 and page.count(" checked>") == 0
    assert "Show with everything ticked" in page


def test_the_costs_shown_are_this_plans_alone(client):
    """A hybrid meeting booked before the plan, in a room without hybrid equipment, costs the
    calendar a portable kit; the plan's page does not count it as the plan's."""
    booked, _ = make_plannable_world(requests=2)
    chair, room = db.session.scalars(select(Chair)).one(), db.session.scalars(select(Room)).one()
    booked.format, booked.joining_link = "hybrid", "https://meet.example.org/j/1"
    room.hybrid, chair.portable_hybrid_kit = "none", True
    db.session.commit()
    starts = datetime(2026, 3, 4, 10, tzinfo=UTC)
    book_meeting(NOW, None, booked.id, starts, starts + timedelta(hours=1), chair.id, room.id)
    signed_in_as(client, "admin")
    form = {"horizon_end": [str(HORIZON_END.day), str(HORIZON_END.month), "2026"]}
    assert (
        client.post("/plans", data={**form, "csrf_token": csrf_token(client, "/plans")}).status_code
        == 302
    )
    run = plan_runs.execute_next_plan_run(lambda: NOW, deterministic=True, workers=1)
    assert run.status == "done", run.error
    assert json.loads(run.solution)["breakdown"]["portable_kit"] == 1  # the calendar's

    page = unescape(re.sub(r"\s+", " ", client.get(f"/plans/{run.id}").get_data(as_text=True)))

    assert "needing the chair's portable kit" not in page  # the plan adds no cost at all
    assert "1 new meeting would be booked" in page
