"""The authority's local settings (LP in docs/meeting-types-and-timescales.md), from one place.

For now every authority gets the documented defaults; when they are stored per authority, only
this function changes.
"""

from app.timescales import AuthoritySettings

_DEFAULTS = AuthoritySettings()


def authority_settings() -> AuthoritySettings:
    return _DEFAULTS
