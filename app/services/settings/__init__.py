"""The authority's local practice (LP in docs/meeting-types-and-timescales.md), from one place.

Managers set it on the settings page (`versions`); each version is in force from its day until
the next, and an authority that has set nothing gets the documented defaults. Everything that
computes a window, a notice, a reminder or an invite asks `authority_settings()`.
"""

from datetime import date

from flask import g, has_app_context
from sqlalchemy import select

from app.extensions import db
from app.models import SettingsVersion
from app.services.settings.stored import from_json
from app.time import london_date, utc_now
from app.timescales import AuthoritySettings

_DEFAULTS = AuthoritySettings()


def authority_settings(on: date | None = None) -> AuthoritySettings:
    """The settings in force on `on` (default today, in London)."""
    day = on or london_date(utc_now())
    for effective_from, settings in _versions():
        if effective_from <= day:
            return settings
    return _DEFAULTS


def _versions() -> list[tuple[date, AuthoritySettings]]:
    """Every version, latest first; read once per request or scheduler job (a settings page
    save clears it), as windows and invites ask for the settings many times over."""
    if has_app_context() and "authority_settings" in g:
        return g.authority_settings
    rows = db.session.execute(
        select(SettingsVersion.effective_from, SettingsVersion.values).order_by(
            SettingsVersion.effective_from.desc()
        )
    )
    versions = [(effective_from, from_json(values)) for effective_from, values in rows]
    if has_app_context():
        g.authority_settings = versions
    return versions


def forget_cached() -> None:
    """After a version is saved (or a test changes the database under the app)."""
    if has_app_context():
        g.pop("authority_settings", None)
