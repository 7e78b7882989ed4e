"""The service navigation, grouped for each role: a few sections in the header, and the pages of
the section you are in just below it.

A section shows when its user may reach at least one of its pages (the access policy decides),
and links to the first of them. A page belongs to the section whose blueprint it is served by,
so a case's request, a meeting's page or a plan run keeps its section highlighted.
"""

from dataclasses import dataclass

from flask import request, url_for
from flask_login import current_user

from app.policy import may_reach


@dataclass(frozen=True)
class Section:
    name: str
    pages: tuple[tuple[str, str], ...]  # (endpoint, link text), the first is where it opens
    also: tuple[str, ...] = ()  # other blueprints whose pages are in this section


HOME = Section("Home", (("main.dashboard", "Home"),))
CASES = Section(
    "Cases",
    (("cases.index", "Cases"), ("requests.index", "Meeting requests"), ("people.index", "People")),
)
BOOKING = Section(
    "Booking",
    (
        ("plans.index", "Plan"),
        ("calendar.chairs", "Calendar"),
        ("meetings.list_page", "Meetings"),
        ("rearrangements.index", "Rearrange"),
        ("calendar.at_risk", "At risk"),
    ),
    also=("find_times", "held"),
)
FOLLOW_UP = Section(
    "Follow-up",
    (
        ("escalations.index", "Escalations"),
        ("outbox.index", "Messages sent"),
        ("reg44.tracker_page", "Regulation 44 visits"),
    ),
)
OVERSIGHT = Section(
    "Oversight",
    (("approvals.index", "Agreements"), ("figures.index", "Figures"), ("audit.index", "Audit log")),
)
SET_UP = Section(
    "Set-up",
    (
        ("chairs.index", "Chairs"),
        ("rooms.index", "Rooms"),
        ("localities.index", "Localities"),
        ("imports.index", "Import from a spreadsheet"),
        ("settings.index", "Local practice"),
        ("users.index", "Users"),
        ("api_tokens.index", "API tokens"),
        ("feeds.index", "Calendar feeds"),
    ),
    also=("passwords",),
)

# What each role does most comes first: a booking team books, a manager decides, a chair
# prepares for their own meetings.
SECTIONS = {
    "admin": (HOME, CASES, BOOKING, FOLLOW_UP, OVERSIGHT, SET_UP),
    "manager": (HOME, OVERSIGHT, CASES, BOOKING, FOLLOW_UP, SET_UP),
    "chair": (
        HOME,
        Section("My week", (("calendar.chairs", "My week"),)),
        Section("My meetings", (("meetings.list_page", "My meetings"),)),
        Section("Reports to read", (("replies.reports_to_read_page", "Reports to read"),)),
        Section("Escalations", (("escalations.index", "Escalations"),)),
        Section("My calendar feed", (("feeds.index", "My calendar feed"),)),
    ),
}


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    active: bool


def _reachable(section: Section, role: str) -> list[tuple[str, str]]:
    return [(endpoint, text) for endpoint, text in section.pages if may_reach(role, endpoint)]


def _blueprints(section: Section) -> set[str]:
    return {endpoint.split(".", 1)[0] for endpoint, _ in section.pages} | set(section.also)


def _current(role: str) -> Section | None:
    """The section this page is in: the first whose pages share its blueprint."""
    for section in SECTIONS.get(role, ()):
        if section is not HOME and request.blueprint in _blueprints(section):
            return section
    return HOME if request.endpoint == "main.dashboard" else None


def sections() -> list[Link]:
    """The header's links for the signed-in user."""
    role = current_user.role
    here = _current(role)
    links = []
    for section in SECTIONS.get(role, ()):
        pages = _reachable(section, role)
        if pages:
            links.append(Link(url_for(pages[0][0]), section.name, section is here))
    return links


def section_pages() -> tuple[str, list[Link]]:
    """The current section's name and its pages, for the bar below the header; no pages when
    the section has only one (the header link is enough)."""
    role = current_user.role
    here = _current(role)
    if here is None:
        return "", []
    pages = _reachable(here, role)
    if len(pages) < 2:
        return here.name, []
    links = []
    for endpoint, text in pages:
        href = url_for(endpoint)
        links.append(Link(href, text, request.endpoint == endpoint))
    return here.name, links
