"""The authority's settings as a version stores them: every setting, as JSON, so a version
stands alone (a later change to a default in the code never rewrites an earlier year's rules).
"""

import json
from dataclasses import fields
from datetime import date, time
from typing import Any

from app.timescales import AuthoritySettings

__all__ = ["from_json", "to_json"]


def to_json(settings: AuthoritySettings) -> str:
    """Every setting, so a stored version stands alone."""
    values: dict[str, Any] = {}
    for item in fields(AuthoritySettings):
        value = getattr(settings, item.name)
        if isinstance(value, time):
            value = value.strftime("%H:%M")
        elif isinstance(value, frozenset):
            value = sorted(day.isoformat() for day in value)
        elif isinstance(value, tuple):
            value = list(value)
        elif not isinstance(value, (bool, int, str)):
            value = dict(value)
        values[item.name] = value
    return json.dumps(values, sort_keys=True)


def from_json(text: str) -> AuthoritySettings:
    """The settings a version stored; a setting added since it was stored takes its default."""
    stored = json.loads(text)
    known = {item.name: item for item in fields(AuthoritySettings)}
    values: dict[str, Any] = {}
    for name, value in stored.items():
        if name not in known:
            continue  # a setting since removed
        default = getattr(AuthoritySettings(), name)
        if isinstance(default, time):
            value = time.fromisoformat(value)
        elif isinstance(default, frozenset):
            value = frozenset(date.fromisoformat(day) for day in value)
        elif isinstance(default, tuple):
            value = tuple(value)
        values[name] = value
    return AuthoritySettings(**values)
