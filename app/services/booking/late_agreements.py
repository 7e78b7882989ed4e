"""A booking after its request's latest day is out of timescale: it needs the reason and the
manager who agreed, given before it is confirmed (a plan, a repair) and kept on the meeting."""

from __future__ import annotations

from datetime import date

from app.models.meetings import AGREED_BY_LENGTH
from app.services import ServiceError

Agreement = tuple[str, str]  # (why it cannot be held in time, the manager who agreed)


def required_agreements(late: list[tuple[int, date]], given: dict[int, Agreement]) -> dict:
    """`late`: (key, day) of each booking out of timescale, keyed as the form names them
    (late-<key>-reason). Every one needs both parts; the first missing is named."""
    missing = [
        (key, day) for key, day in late if not all(p.strip() for p in given.get(key, ("", "")))
    ]
    if missing:
        key, day = missing[0]
        count = len(missing)
        raise ServiceError(
            f"{count} meeting{'s' if count > 1 else ''} would be out of timescale "
            f"(the first on {day:%a %-d %b %Y}): give the reason and the manager who agreed.",
            f"late-{key}",
        )
    too_long = [key for key, _ in late if len(given[key][1].strip()) > AGREED_BY_LENGTH]
    if too_long:
        raise ServiceError(
            f"Give the agreeing manager's name in at most {AGREED_BY_LENGTH} characters.",
            f"late-{too_long[0]}",
        )
    return {key: tuple(part.strip()[:500] for part in given[key]) for key, _ in late}
