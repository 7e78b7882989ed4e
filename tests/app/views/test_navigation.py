"""The service navigation grouped for each role: a handful of sections in the header, the pages
of the section you are in below it, landmarks around the account bar and back link, and a
chair's own week, meetings, reports to read and feed."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine

from app.extensions import db
from tests.app.auth_helpers import signed_in_as
from tests.app.services.chasers.factories import BOOKED, booked_meeting, receive_report


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def _links(nav: str) -> list[str]:
    """Each link's text, without the markup inside it (the current one is in a <strong>)."""
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", nav)]


def _header(page: str) -> list[str]:
    return _links(page.split('class="govuk-service-navigation__list"', 1)[1].split("</ul>", 1)[0])


def _section_pages(page: str) -> list[str]:
    if 'class="quorum-section-nav"' not in page:
        return []
    return _links(page.split('class="quorum-section-nav"', 1)[1].split("</nav>", 1)[0])


@pytest.mark.parametrize(
    ("role", "sections"),
    [
        ("admin", ["Home", "Cases", "Booking", "Follow-up", "Oversight", "Set-up"]),
        ("manager", ["Home", "Oversight", "Cases", "Booking", "Follow-up", "Set-up"]),
        ("chair", ["Home", "My week", "My meetings", "Reports to read", "Escalations",
                   "My calendar feed"]),
    ],
)  # fmt: skip
def test_each_role_has_a_few_sections_in_the_header(client, role, sections):
    signed_in_as(client, role)
    assert _header(_text(client.get("/"))) == sections


def test_the_section_you_are_in_shows_its_pages_and_marks_the_current_one(client):
    signed_in_as(client, "admin")
    page = _text(client.get("/at-risk"))
    assert _section_pages(page) == ["Plan", "Calendar", "Meetings", "Rearrange", "At risk"]
    current = re.search(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', page.split(
        'class="quorum-section-nav"', 1)[1])  # fmt: skip
    assert current.group(1).strip() == "At risk"
    header = page.split('class="govuk-service-navigation__list"', 1)[1].split("</ul>", 1)[0]
    active = header.split("govuk-service-navigation__item--active", 1)[1].split("</li>", 1)[0]
    assert _links(active) == ["Booking"]


def test_only_an_admin_sees_users_in_set_up(client):
    signed_in_as(client, "manager")
    pages = _section_pages(_text(client.get("/rooms")))
    assert "Rooms" in pages and "Users" not in pages


def test_the_account_bar_and_back_link_are_in_landmarks(client):
    signed_in_as(client, "admin")
    page = client.get("/users/new").get_data(as_text=True)
    assert '<section class="quorum-account govuk-body-s" aria-label="Your account">' in page
    back = page.split('<nav aria-label="Back">', 1)[1].split("</nav>", 1)[0]
    assert "govuk-back-link" in back


def test_a_chair_reads_the_reports_for_their_coming_meetings(client):
    world, meeting = booked_meeting()
    receive_report(world, "gp")
    other = booked_meeting()[0].chair  # another chair's meeting is not on the list
    with time_machine.travel(BOOKED):
        world.chair.user = signed_in_as(client, "chair")
        db.session.commit()
        page = _text(client.get("/reports"))
    assert f'href="/meetings/{meeting.id}"' in page
    assert f"/meetings/{meeting.id}/reports/" in page and "report.pdf" in page
    assert "Asked for, due" in page  # the social worker's report is still awaited
    assert other.name not in page


def test_a_chair_with_no_meetings_ahead_is_told_so(client):
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC)):
        signed_in_as(client, "chair")
        assert "You have no meetings in the next six weeks." in _text(client.get("/reports"))


def test_staff_do_not_have_a_chairs_reading_list(client):
    signed_in_as(client, "admin")
    assert client.get("/reports").status_code == 403
