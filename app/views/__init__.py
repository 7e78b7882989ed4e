"""HTML blueprints and what every page needs (templates, navigation)."""

from flask import Flask, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from app.policy import may_reach
from app.views import (
    api_docs,
    cases,
    escalations,
    main,
    plans,
    rearrangements,
    reg44,
    replies,
    requests,
)
from app.views.access import guard_the_page
from app.views.accounts import auth, mfa, passwords, sso, tokens, users
from app.views.booking import calendar, find_times, held, meetings
from app.views.notifications import feeds, outbox
from app.views.oversight import approvals, audit, figures, settings
from app.views.reference import chairs, imports, localities, people, rooms

BLUEPRINTS = [
    api_docs.bp, auth.bp, main.bp,
    localities.bp, rooms.bp, chairs.bp, people.bp, cases.bp, requests.bp,
    meetings.bp, calendar.bp, plans.bp, find_times.bp, held.bp,
    outbox.bp, feeds.bp, rearrangements.bp, replies.bp, escalations.bp, reg44.bp, settings.bp,
    figures.bp, sso.bp, users.bp, tokens.bp, passwords.bp, mfa.bp, audit.bp, approvals.bp,
    imports.bp,
]  # fmt: skip


# The pages in the header, in order; each shows to the roles the access policy gives it.
NAVIGATION = [
    ("main.dashboard", "Home"),
    ("localities.index", "Localities"),
    ("rooms.index", "Rooms"),
    ("chairs.index", "Chairs"),
    ("people.index", "People"),
    ("cases.index", "Cases"),
    ("requests.index", "Requests"),
    ("meetings.list_page", "Meetings"),
    ("plans.index", "Plan"),
    ("rearrangements.index", "Rearrange"),
    ("calendar.chairs", "Calendar"),
    ("calendar.at_risk", "At risk"),
    ("reg44.tracker_page", "Reg 44"),
    ("escalations.index", "Escalations"),
    ("figures.index", "Figures"),
    ("outbox.index", "Outbox"),
    ("feeds.index", "Feeds"),
    ("settings.index", "Local practice"),
    ("approvals.index", "Agreements"),
    ("audit.index", "Audit log"),
    ("users.index", "Users"),
]


def register_views(app: Flask) -> None:
    assert app.template_folder is not None  # create_app gives the shipped templates folder
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
    app.before_request(guard_the_page)
    app.context_processor(lambda: {"navigation_items": navigation_items})
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    sso.init_app(app)


def navigation_items() -> list[dict]:
    items = []
    for endpoint, text in NAVIGATION:
        if may_reach(current_user.role, endpoint):
            href = url_for(endpoint)
            active = request.path == href or (href != "/" and request.path.startswith(href))
            items.append({"href": href, "text": text, "active": active})
    return items
