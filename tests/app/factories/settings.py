"""The authority's local practice for a test: one stored version, in force from long ago."""

from dataclasses import replace
from datetime import UTC, date, datetime

from app.extensions import db
from app.models import SettingsVersion
from app.services.settings import forget_cached
from app.services.settings.stored import to_json
from app.timescales import AuthoritySettings

SINCE = date(2000, 1, 1)


def use_settings(**changes) -> AuthoritySettings:
    """Store the defaults with `changes` as the settings in force (committed), as a manager
    saving the Local practice page would; returns them."""
    settings = replace(AuthoritySettings(), **changes)
    db.session.add(SettingsVersion(effective_from=SINCE, values=to_json(settings), reason="test",
                                   created_at=datetime(2000, 1, 1, tzinfo=UTC)))  # fmt: skip
    db.session.commit()
    forget_cached()
    return settings
