"""The week by chair or room as a table of five working days, each meeting a link to its page;
the calendars opening on the coming week at the weekend; and the printed day or week sheet by
chair, room or locality with what the day needs and no navigation."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine

from app.extensions import db
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_request,
    make_room,
)

MONDAY = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)  # 10:00 BST
THURSDAY = datetime(2026, 4, 2, 13, 0, tzinfo=UTC)  # 14:00 BST


def _text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def _world():
    town = make_locality(name="Boston")
    room = make_room(name="Room 1", locality=town, address="1 Market Place", hybrid="none")
    alex, sam = (
        make_chair(name="Alex Chair", portable_hybrid_kit=True),
        make_chair(name="Sam Chair"),
    )
    hybrid = make_request(case=make_case(reference="WEEK01"), format="hybrid",
                          joining_link="https://meet.example.org/j/42", needs_step_free=True,
                          locality=town)  # fmt: skip
    first = make_meeting(chair=alex, room=room, starts_at=MONDAY, request=hybrid)
    plain = make_request(case=make_case(reference="WEEK02"), locality=town)
    second = make_meeting(chair=sam, room=room, starts_at=THURSDAY, request=plain)
    db.session.commit()
    return first, second


def _cells(page: str, row_title: str) -> list[str]:
    row = page.split(
        f'<th scope="row" class="govuk-table__header quorum-week__who">{row_title}</th>', 1
    )[1]
    row = row.split("</tr>", 1)[0]
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


def test_the_week_by_chair_is_a_table_of_five_days_with_each_meeting_a_link(client):
    first, second = _world()
    signed_in_as(client, "admin")
    page = _text(client.get("/calendar/chairs?week=2026-03-30"))
    heads = re.findall(r'<th scope="col" class="govuk-table__header[^"]*">([^<]+)', page)
    assert heads == ["Chair", "Mon 30 Mar", "Tue 31 Mar", "Wed 1 Apr", "Thu 2 Apr", "Fri 3 Apr"]
    alex, sam = _cells(page, "Alex Chair"), _cells(page, "Sam Chair")
    assert f'href="/meetings/{first.id}"' in alex[0] and "10:00–11:30" in alex[0]
    assert "WEEK01" in alex[0] and "Room 1" in alex[0]
    assert all("href" not in cell for cell in alex[1:])
    assert f'href="/meetings/{second.id}"' in sam[3] and "14:00–15:30" in sam[3]
    assert 'id="quorum-calendar"' not in page  # no script needed to read the week


def test_the_week_by_room_puts_meetings_in_their_rooms_row_naming_the_chair(client):
    _world()
    signed_in_as(client, "admin")
    page = _text(client.get("/calendar/rooms?week=2026-03-30"))
    cells = _cells(page, "Room 1, Boston")
    assert "Alex Chair" in cells[0] and "Sam Chair" in cells[3]


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (datetime(2026, 4, 5, 12, tzinfo=UTC), "Monday 6 April 2026"),  # a Sunday: next week
        (datetime(2026, 4, 4, 12, tzinfo=UTC), "Monday 6 April 2026"),  # a Saturday
        (datetime(2026, 4, 3, 12, tzinfo=UTC), "Monday 30 March 2026"),  # a Friday: this week
    ],
)
def test_the_calendar_opens_on_the_current_or_next_working_week(client, today, monday):
    with time_machine.travel(today):
        signed_in_as(client, "admin")
        page = _text(client.get("/calendar/chairs"))
        assert f"Week of {monday}" in page
        assert f"Week of {monday}" in _text(client.get("/calendar/list"))


def test_a_day_sheet_by_chair_has_what_the_day_needs_and_no_navigation(client):
    _world()
    signed_in_as(client, "admin")
    page = _text(client.get("/calendar/sheet?by=chair&span=day&date=2026-03-30"))
    assert "govuk-service-navigation" not in page and "Sign out" not in page
    sheets = page.split('<section class="quorum-sheet"')[1:]
    assert len(sheets) == 1  # only Alex has a meeting that Monday
    alex = sheets[0]
    assert "Alex Chair" in alex and "10:00–11:30" in alex and "WEEK01" in alex
    assert "Room 1, Boston: 1 Market Place" in alex
    assert "In the room or online: https://meet.example.org/j/42" in alex
    assert "The chair brings the portable hybrid kit" in alex
    assert "Step-free access" in alex


def test_a_week_sheet_by_locality_lists_the_weeks_meetings_on_one_page_per_place(client):
    _world()
    signed_in_as(client, "admin")
    page = _text(client.get("/calendar/sheet?by=locality&span=week&date=2026-04-01"))
    sheets = page.split('<section class="quorum-sheet"')[1:]
    assert len(sheets) == 1 and "Boston" in sheets[0]
    assert sheets[0].index("WEEK01") < sheets[0].index("WEEK02")
    assert "Mon 30 Mar" in sheets[0] and "Thu 2 Apr" in sheets[0]
    assert "Alex Chair" in sheets[0] and "Sam Chair" in sheets[0]  # the chair column


def test_a_chairs_sheet_has_only_their_own_meetings(client):
    first, _ = _world()
    user = signed_in_as(client, "chair")
    first.chair.user = user
    db.session.commit()
    page = _text(client.get("/calendar/sheet?by=room&span=week&date=2026-03-30"))
    assert "WEEK01" in page and "WEEK02" not in page


@pytest.mark.parametrize("query", ["by=child", "span=month", "date=2026-13-01"])
def test_a_bad_sheet_request_is_a_400_in_words(client, query):
    signed_in_as(client, "admin")
    response = client.get(f"/calendar/sheet?{query}")
    assert response.status_code == 400


def test_printing_hides_the_navigation_and_link_addresses():
    css = open("app/static/quorum.css", encoding="utf-8").read()
    printed = css.split("@media print {", 1)[1]
    for hidden in (".govuk-service-navigation", ".quorum-section-nav", ".quorum-account",
                   ".govuk-pagination"):  # fmt: skip
        assert hidden in printed.split("display: none", 1)[0]
    assert "a[href]::after { content: none !important; }" in css
    assert "break-before: page" in css  # each group of a sheet on its own page


def test_the_day_sheet_is_offered_from_the_calendars(client):
    signed_in_as(client, "admin")
    for url in ("/calendar/chairs?week=2026-03-30", "/calendar/list?week=2026-03-30"):
        page = _text(client.get(url))
        assert 'action="/calendar/sheet"' in page
        assert 'name="date" type="date" value="2026-03-30"' in page  # the week shown
