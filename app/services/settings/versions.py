"""Saving a new version of the authority's settings, and moving the windows it changes.

A version takes effect from a day (today or later) and is never edited afterwards: a meeting
held under last year's rules is judged by them. Saving asks first: when the new settings would
move the window of any open request, the page lists those requests and the manager chooses
to move them or to keep the windows they were given (a request made later uses the settings in
force on the day it is made).
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import MeetingRequest, SettingsVersion
from app.models.requests import RequestStatus
from app.services import ServiceError, audit
from app.services.requests.rules import type_label
from app.services.settings import authority_settings, forget_cached
from app.services.settings.stored import from_json, to_json
from app.services.settings.values import SettingsErrors, effective_day, from_form
from app.time import format_day, london_date
from app.timescales import AuthoritySettings, TimescaleError, Window, window

# A version is set up ahead, not years ahead: a slip in the year is caught.
LONGEST_AHEAD = timedelta(days=366)
MAX_REASON = 1000


@dataclass(frozen=True)
class WindowMove:
    """An open request whose window the new settings would move."""

    request: MeetingRequest
    now: tuple[date, date]
    then: Window
    past: bool = False  # the new latest day has gone: the meeting would be out of timescale

    @property
    def words(self) -> str:
        words = (
            f"{type_label(self.request.meeting_type)}, case {self.request.case.reference}: "
            f"{_span(*self.now)} becomes {_span(self.then.earliest, self.then.latest)}"
        )
        return words + (" (already past: it would be out of timescale)" if self.past else "")


@dataclass(frozen=True)
class Version:
    """A version for the history table: when, by whom, why and what it changed."""

    effective_from: date
    created_at: datetime
    by: str
    reason: str
    changed: list[str]
    in_force: bool


def history(today: date) -> list[Version]:
    """Every version, latest first, each with the settings it changed from the one before."""
    query = select(SettingsVersion).order_by(SettingsVersion.effective_from)
    rows = list(db.session.scalars(query))
    in_force = max((r.effective_from for r in rows if r.effective_from <= today), default=None)
    found = []
    before = AuthoritySettings()
    for row in rows:
        settings = from_json(row.values)
        found.append(Version(
            row.effective_from, row.created_at, row.created_by.name if row.created_by else "",
            row.reason, changed_settings(before, settings), row.effective_from == in_force,
        ))  # fmt: skip
        before = settings
    return found[::-1]


def changed_settings(before: AuthoritySettings, after: AuthoritySettings) -> list[str]:
    """The names of the settings that differ (the audit row and the history say which)."""
    return [
        item.name
        for item in fields(AuthoritySettings)
        if getattr(before, item.name) != getattr(after, item.name)
    ]


def windows_moved(before: AuthoritySettings, after: AuthoritySettings,
                  today: date) -> list[WindowMove]:  # fmt: skip
    """Every open request whose window changes from `before` to `after`, soonest latest day
    first. Only the change is judged: a window entered some other way (imported, or computed
    under older settings) is not moved by a change that does not bear on it."""
    moves = []
    open_requests = db.session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.status == RequestStatus.OPEN.value)
        .order_by(MeetingRequest.latest, MeetingRequest.id)
    )
    for meeting_request in open_requests:
        try:
            was, then = (_window(meeting_request, settings) for settings in (before, after))
        except TimescaleError:
            continue  # a request its own page already shows as needing a fix
        if _span_of(was) != _span_of(then):
            now = (meeting_request.earliest, meeting_request.latest)
            moves.append(WindowMove(meeting_request, now, then, then.latest < today))
    return moves


def _window(meeting_request: MeetingRequest, settings: AuthoritySettings) -> Window:
    return window(meeting_request.meeting_type, meeting_request.trigger_date,
                  sequence=meeting_request.sequence, edd=meeting_request.expected_delivery,
                  settings=settings)  # fmt: skip


def _span_of(computed: Window) -> tuple[date, date, date]:
    return computed.earliest, computed.latest, computed.preferred_latest


@dataclass(frozen=True)
class Outcome:
    """What a submission did: saved (with the windows it moved), or stopped to ask whether to
    move `moves` (nothing saved yet)."""

    saved: bool
    moves: list[WindowMove]
    effective_from: date


def submit(now: datetime, actor_id: int | None, form: Mapping[str, str],
           windows: str = "") -> Outcome:  # fmt: skip
    """The settings page's form, checked in full (every field at fault is named at once).

    `windows` is the manager's answer once asked: "move" the open requests' windows the new
    settings change, or "keep" them. Unasked ("") and some would move, nothing is saved and
    the outcome lists them. One transaction, audited; bad input changes nothing."""
    today = london_date(now)
    settings, effective_from, reason = _checked(form, today)
    moves = windows_moved(authority_settings(effective_from), settings, today)
    if moves and windows not in ("move", "keep"):
        return Outcome(False, moves, effective_from)
    if windows != "move":
        moves = []
    row = SettingsVersion(effective_from=effective_from, values=to_json(settings), reason=reason,
                          created_at=now, created_by_id=actor_id)  # fmt: skip
    db.session.add(row)
    try:
        db.session.flush()
        changed = changed_settings(authority_settings(effective_from), settings)
        audit.record(now, actor_id, "settings.version", row,
                     f"effective_from={effective_from.isoformat()}; changed: "
                     f"{', '.join(changed)}; windows moved: {len(moves)}")  # fmt: skip
        for move in moves:
            _move(now, actor_id, move, effective_from)
        db.session.commit()
    except IntegrityError:
        # Another manager saved a version for the same day a moment ago.
        db.session.rollback()
        raise _day_taken(effective_from) from None
    finally:
        forget_cached()
    return Outcome(True, moves, effective_from)


def _checked(form: Mapping[str, str], today: date) -> tuple[AuthoritySettings, date, str]:
    """The settings, the day they take effect and why, or SettingsErrors naming every field
    at fault (the settings' own, the day and the reason)."""
    errors: dict[str, str] = {}
    settings = None
    try:
        settings = from_form(form)
    except SettingsErrors as error:
        errors.update(error.errors)
    try:
        effective_from = _check_day(effective_day(form), today)
    except ServiceError as error:
        errors["effective_from"] = error.message
    reason = (form.get("reason") or "").strip()
    if not reason:
        errors["reason"] = "Say why the settings change (the history keeps it)."
    elif len(reason) > MAX_REASON:
        errors["reason"] = f"Give the reason in {MAX_REASON} characters or fewer."
    if errors:
        raise SettingsErrors(errors)
    assert settings is not None
    if not changed_settings(authority_settings(effective_from), settings):
        raise ServiceError("Nothing has changed: these are the settings already in force from "
                           f"{format_day(effective_from)}.", "reason")  # fmt: skip
    taken = db.session.scalar(
        select(SettingsVersion.id).where(SettingsVersion.effective_from == effective_from)
    )
    if taken is not None:
        raise _day_taken(effective_from)
    return settings, effective_from, reason


def _day_taken(day: date) -> ServiceError:
    return ServiceError(
        f"A version already takes effect on {format_day(day)}: choose another day (versions "
        "are kept as they were saved).",
        "effective_from",
    )


def _check_day(effective_from: date, today: date) -> date:
    if effective_from < today:
        raise ServiceError(
            f"Settings take effect from today ({format_day(today)}) or a later day: meetings "
            "already held keep the rules of their time.",
            "effective_from",
        )
    if effective_from > today + LONGEST_AHEAD:
        raise ServiceError("Settings take effect within a year of today: check the year.",
                           "effective_from")  # fmt: skip
    return effective_from


def _move(now: datetime, actor_id: int | None, move: WindowMove, effective_from: date) -> None:
    meeting_request, then = move.request, move.then
    meeting_request.earliest = then.earliest
    meeting_request.latest = then.latest
    meeting_request.preferred_latest = then.preferred_latest
    meeting_request.window_rule = then.rule[:300]
    was = f"{move.now[0].isoformat()} to {move.now[1].isoformat()}"
    audit.record(now, actor_id, "request.window_moved", meeting_request,
                 f"settings from {effective_from.isoformat()}; was {was}; "
                 "changed: earliest, latest, preferred_latest")  # fmt: skip


def _span(first: date, last: date) -> str:
    return f"{first:%-d %b %Y} to {last:%-d %b %Y}"


def add_closure_days(now: datetime, actor_id: int | None, days: set[date],
                     reason: str) -> SettingsVersion | None:  # fmt: skip
    """Add (not commit) a version from today with these council closure days besides those in
    force; None when it has them all. Closure days move no statutory deadline, so no window
    moves. Refused when a version already takes effect today (versions are never edited)."""
    today = london_date(now)
    before = authority_settings(today)
    after = replace(before, closure_days=before.closure_days | frozenset(days))
    if after.closure_days == before.closure_days:
        return None
    taken = db.session.scalar(
        select(SettingsVersion.id).where(SettingsVersion.effective_from == today)
    )
    if taken is not None:
        raise _day_taken(today)
    row = SettingsVersion(effective_from=today, values=to_json(after), reason=reason[:MAX_REASON],
                          created_at=now, created_by_id=actor_id)  # fmt: skip
    db.session.add(row)
    db.session.flush()
    audit.record(now, actor_id, "settings.version",
                 row, f"effective_from={today.isoformat()}; changed: closure_days; "
                 "windows moved: 0")  # fmt: skip
    forget_cached()
    return row
