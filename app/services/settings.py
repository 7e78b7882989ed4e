"""The authority's local settings (LP in spec/domain-timescales.md), from one place.

For now every authority gets the spec's defaults; a later issue stores them per authority, and
only this function changes.
"""

from app.timescales import AuthoritySettings

_DEFAULTS = AuthoritySettings()


def authority_settings() -> AuthoritySettings:
    return _DEFAULTS
