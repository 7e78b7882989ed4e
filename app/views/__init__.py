"""HTML blueprints and what every page needs (templates, navigation)."""

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from app.services.requests.rules import type_label
from app.time import format_day, format_local
from app.views import (
    api_docs,
    cases,
    escalations,
    main,
    navigation,
    reg44,
    replies,
    requests,
    search,
)
from app.views.access import guard_the_page
from app.views.accounts import auth, mfa, passwords, sso, tokens, users
from app.views.booking import calendar, find_times, held, meetings, plans, rearrangements
from app.views.notifications import feeds, outbox
from app.views.oversight import approvals, audit, figures, settings
from app.views.reference import chairs, imports, localities, people, rooms

BLUEPRINTS = [
    api_docs.bp, auth.bp, main.bp,
    localities.bp, rooms.bp, chairs.bp, people.bp, cases.bp, requests.bp,
    meetings.bp, calendar.bp, plans.bp, find_times.bp, held.bp,
    outbox.bp, feeds.bp, rearrangements.bp, replies.bp, escalations.bp, reg44.bp, settings.bp,
    figures.bp, sso.bp, users.bp, tokens.bp, passwords.bp, mfa.bp, audit.bp, approvals.bp,
    search.bp,
    imports.bp,
]  # fmt: skip


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
    app.context_processor(
        lambda: {
            "navigation_sections": navigation.sections,
            "section_pages": navigation.section_pages,
        }
    )
    # Meeting types in words and times in UK time on every page, never a raw code or UTC.
    app.jinja_env.globals.update(type_label=type_label, format_day=format_day,
                                 format_local=format_local)  # fmt: skip
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    sso.init_app(app)
