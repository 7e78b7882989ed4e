"""A booking after its request's latest day is out of timescale: it needs the reason, given
before it is confirmed (a plan, a repair, a booking) and kept on the meeting. The manager's
agreement is the signed-in manager's own, never a typed name (app.services.approvals)."""

from __future__ import annotations

from datetime import date

from app.services import ServiceError

Agreement = str  # why it cannot be held in time; a manager agrees it (app.services.approvals)
REASON_LENGTH = 500


def required_agreements(late: list[tuple[int, date]], given: dict[int, str]) -> dict[int, str]:
    """`late`: (key, day) of each booking out of timescale, keyed as the form names them
    (late-<key>-reason). Every one needs its reason; the first missing is named."""
    missing = [(key, day) for key, day in late if not (given.get(key) or "").strip()]
    if missing:
        key, day = missing[0]
        count = len(missing)
        raise ServiceError(
            f"{count} meeting{'s' if count > 1 else ''} would be out of timescale "
            f"(the first on {day:%a %-d %b %Y}): give the reason.",
            f"late-{key}",
        )
    return {key: given[key].strip()[:REASON_LENGTH] for key, _ in late}
