"""HTML blueprints and what every page needs (templates, navigation)."""

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from app.views import (
    auth,
    calendar,
    cases,
    chairs,
    feeds,
    find_times,
    localities,
    main,
    meetings,
    outbox,
    people,
    plans,
    rearrangements,
    requests,
    rooms,
)

BLUEPRINTS = [
    auth.bp, main.bp, localities.bp, rooms.bp, chairs.bp, people.bp, cases.bp, requests.bp,
    meetings.bp, calendar.bp, plans.bp, find_times.bp,
    outbox.bp, feeds.bp, rearrangements.bp,
]  # fmt: skip


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    text: str
    roles: tuple[str, ...]


# Add a page here and in the role x URL matrix test (tests/app/test_access_matrix.py).
NAVIGATION = [
    NavItem("main.dashboard", "Home", ("admin", "manager", "chair")),
    NavItem("localities.index", "Localities", ("admin", "manager")),
    NavItem("rooms.index", "Rooms", ("admin", "manager")),
    NavItem("chairs.index", "Chairs", ("admin", "manager")),
    NavItem("people.index", "People", ("admin", "manager")),
    NavItem("cases.index", "Cases", ("admin", "manager")),
    NavItem("requests.index", "Requests", ("admin", "manager")),
    NavItem("meetings.list_page", "Meetings", ("admin", "manager", "chair")),
    NavItem("plans.index", "Plan", ("admin", "manager")),
    NavItem("rearrangements.index", "Rearrange", ("admin", "manager")),
    NavItem("calendar.chairs", "Calendar", ("admin", "manager", "chair")),
    NavItem("calendar.at_risk", "At risk", ("admin", "manager")),
    NavItem("outbox.index", "Outbox", ("admin", "manager")),
    NavItem("feeds.index", "Feeds", ("admin", "manager", "chair")),
]


def register_views(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    app.context_processor(lambda: {"navigation_items": navigation_items})
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def navigation_items() -> list[dict]:
    items = []
    for item in NAVIGATION:
        if current_user.role in item.roles:
            href = url_for(item.endpoint)
            active = request.path == href or (href != "/" and request.path.startswith(href))
            items.append({"href": href, "text": item.text, "active": active})
    return items
