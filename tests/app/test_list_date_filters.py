"""A list's date filter that cannot be used — a day outside the years Quorum plans in, or not a
date at all — is refused in words naming the filter (a 400 page; under /api, the 422 naming the
field that all bad API input gets), never ignored with the whole list answered as if filtered."""

from html import unescape

import pytest

from app.extensions import db
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.rows import make_case, make_locality, make_request

RANGE = "must be between 2000 and 2099"
ENDS_BEFORE = "Window ends on or before"


def _ends_before(day: str, month: str, year: str) -> str:
    return f"/requests?ends_before={day}&ends_before={month}&ends_before={year}"


# (address, status, words the page must hold): for each list page and each date it filters by.
PAGES = [
    pytest.param(_ends_before("13", "3", "2026"), 200, "Meeting requests", id="requests-valid"),
    pytest.param(
        _ends_before("1", "1", "9999"), 400, f"{ENDS_BEFORE} {RANGE}", id="requests-year-9999"
    ),
    pytest.param(
        _ends_before("1", "1", "0001"), 400, f"{ENDS_BEFORE} {RANGE}", id="requests-year-0001"
    ),
    pytest.param(
        _ends_before("31", "2", "2026"),
        400,
        f"{ENDS_BEFORE} must be a real date",
        id="requests-garbage",
    ),
    pytest.param("/meetings?from=2026-03-02", 200, "Meetings", id="meetings-from-valid"),
    pytest.param(
        "/meetings?from=0001-01-01", 400, f'The "From" date {RANGE}', id="meetings-from-0001"
    ),
    pytest.param(
        "/meetings?from=next-week",
        400,
        'The "From" date must be written as YYYY-MM-DD',
        id="meetings-from-garbage",
    ),
    pytest.param(
        "/meetings?from=2026-03-02&to=2026-03-31", 200, "Meetings", id="meetings-to-valid"
    ),
    pytest.param("/meetings?to=9999-12-31", 400, f'The "To" date {RANGE}', id="meetings-to-9999"),
    pytest.param(
        "/meetings?to=31/03/2026",
        400,
        'The "To" date must be written as YYYY-MM-DD',
        id="meetings-to-garbage",
    ),
    *(
        param
        for view in ("chairs", "rooms", "list")
        for param in (
            pytest.param(f"/calendar/{view}?week=2026-03-02", 200, "", id=f"{view}-valid"),
            pytest.param(
                f"/calendar/{view}?week=9999-12-31",
                400,
                f"The week in the address (?week=) {RANGE}",
                id=f"{view}-week-9999",
            ),
            pytest.param(
                f"/calendar/{view}?week=soon",
                400,
                "The week in the address (?week=) must be written as YYYY-MM-DD",
                id=f"{view}-week-garbage",
            ),
        )
    ),
    pytest.param("/calendar/day?date=2026-03-02", 200, "", id="day-valid"),
    pytest.param(
        "/calendar/day?date=0001-01-01",
        400,
        f"The date in the address (?date=) {RANGE}",
        id="day-date-0001",
    ),
    pytest.param(
        "/calendar/day?date=2026-13-01",
        400,
        "The date in the address (?date=) must be written as YYYY-MM-DD",
        id="day-date-garbage",
    ),
]


@pytest.mark.parametrize(("path", "status", "words"), PAGES)
def test_a_list_pages_date_filter_is_used_or_refused_naming_it(client, path, status, words):
    make_locality()  # the day view shows one
    signed_in_as(client, "admin")

    response = client.get(path)

    page = unescape(response.get_data(as_text=True))
    assert response.status_code == status, page[:2000]
    assert response.mimetype == "text/html"
    assert words in page


@pytest.mark.parametrize(
    "parts", [("1", "1", "9999"), ("x", "3", "2026")], ids=["out-of-range", "garbage"]
)
def test_a_refused_request_filter_lists_nothing_as_if_it_applied(client, parts):
    make_request(case=make_case(reference="CANY01"))
    db.session.commit()
    signed_in_as(client, "admin")

    response = client.get(_ends_before(*parts))

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and ENDS_BEFORE in page
    assert "CANY01" not in page and "No meeting requests match" not in page


CALENDAR = [
    ("/calendar/list?week=2026-03-02", 200, None),
    ("/calendar/list?week=0001-01-01", 400, "week"),
    ("/calendar/day?date=9999-12-31", 400, "date"),
    ("/calendar/chairs?week=monday", 400, "week"),
]


@pytest.mark.parametrize(("url", "status", "field"), CALENDAR)
def test_the_calendars_dates_are_used_or_refused_naming_them(client, url, status, field):
    signed_in_as(client, "admin")

    response = client.get(url)

    assert response.status_code == status, response.get_data(as_text=True)
    if field:
        assert f"(?{field}=)" in response.get_data(as_text=True)


API = [
    ("/api/v1/meeting-requests?window_ends_before=2026-03-31", 200, None),
    ("/api/v1/meeting-requests?window_ends_before=9999-12-31", 422, "window_ends_before"),
    ("/api/v1/meeting-requests?window_ends_before=0001-01-01", 422, "window_ends_before"),
    ("/api/v1/meeting-requests?window_ends_before=31-03-2026", 422, "window_ends_before"),
    ("/api/v1/meetings?from=2026-03-02&to=2026-03-06", 200, None),
    ("/api/v1/meetings?from=0001-01-01&to=2026-03-06", 422, "from"),
    ("/api/v1/meetings?from=2026-03-02&to=9999-12-31", 422, "to"),
    ("/api/v1/meetings?from=yesterday&to=2026-03-06", 422, "from"),
    ("/api/v1/meetings?from=2026-03-02&to=2026-02-30", 422, "to"),
]


@pytest.mark.parametrize(("path", "status", "field"), API)
def test_an_api_lists_date_filter_is_used_or_refused_naming_it(client, path, status, field):
    token = make_token(role="admin")

    response = client.get(path, headers=bearer(token))

    assert response.status_code == status, response.get_data(as_text=True)
    if field:
        assert list(response.get_json()["errors"]) == [field], response.get_json()
