"""The authority's local practice: stored versions, in force by date, checked as a whole, and
the open requests' windows a change would move, moved only when the manager says so."""

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, MeetingRequest, SettingsVersion
from app.services import ServiceError
from app.services.requests.rules import typical_minutes
from app.services.settings import authority_settings, forget_cached
from app.services.settings.stored import from_json, to_json
from app.services.settings.values import SettingsErrors, form_values, from_form
from app.services.settings.versions import history, submit
from app.timescales import AuthoritySettings, window
from tests.app.factories.rows import NOW, make_request, make_user

TODAY = NOW.date()  # Monday 2 March 2026
LINCOLNSHIRE = replace(
    AuthoritySettings(),
    secure_review_subsequent_months=1,
    closure_days=frozenset({date(2026, 12, 29), date(2026, 12, 30)}),
    day_start=time(9, 30),
    day_end=time(16, 30),
    meeting_minutes={"RCPC": 120},
    liaison_contacts={"gp": "gp.liaison@example.org"},
    join_link_template="https://meet.example.org/quorum-{reference}",
    agency_report_chase_working_days_before=(7, 3),
)


def _form(settings: AuthoritySettings, day: date = TODAY, reason: str = "Agreed locally"):
    return {**form_values(settings), "effective_from-day": str(day.day),
            "effective_from-month": str(day.month), "effective_from-year": str(day.year),
            "reason": reason}  # fmt: skip


def _secure_review(held_on: date) -> MeetingRequest:
    """An open secure accommodation review, its window computed under the defaults."""
    computed = window("SECURE_REVIEW", held_on, sequence="subsequent")
    return make_request(
        meeting_type="SECURE_REVIEW", sequence="subsequent", trigger_date=held_on,
        earliest=computed.earliest, latest=computed.latest,
        preferred_latest=computed.preferred_latest, duration_minutes=60,
    )  # fmt: skip


def _versions() -> int:
    return db.session.scalar(select(func.count()).select_from(SettingsVersion))


# -- stored and typed -------------------------------------------------------------------------


def test_a_stored_version_reads_back_as_the_same_settings():
    assert from_json(to_json(LINCOLNSHIRE)) == LINCOLNSHIRE
    assert from_json(to_json(LINCOLNSHIRE)) != AuthoritySettings()


def test_a_version_stored_before_a_setting_existed_takes_its_default_and_ignores_old_ones():
    stored = '{"advocate_from_age": 11, "a_setting_since_removed": 3}'
    assert from_json(stored) == replace(AuthoritySettings(), advocate_from_age=11)


def test_the_page_shows_the_settings_and_reads_them_back_unchanged():
    assert from_form(form_values(LINCOLNSHIRE)) == LINCOLNSHIRE


def test_a_table_set_for_one_type_keeps_the_defaults_of_the_others():
    settings = AuthoritySettings(meeting_minutes={"RCPC": 120})
    assert (settings.minutes("RCPC"), settings.minutes("ICPC")) == (120, 120)
    assert settings.minutes("CIC_REVIEW") == AuthoritySettings().minutes("CIC_REVIEW") == 90


def test_every_field_at_fault_is_named_at_once():
    form = {**form_values(AuthoritySettings()), "secure_review_subsequent_months": "4",
            "day_start": "9am", "advocacy_email": "not an address",
            "consultation_form_url": "http://forms.example.org", "closure_days": "2026-02-30",
            "meeting_minutes.ICPC": "two hours", "liaison.police": "nobody"}  # fmt: skip
    with pytest.raises(SettingsErrors) as refused:
        from_form(form)
    assert set(refused.value.errors) == {
        "secure_review_subsequent_months", "day_start", "advocacy_email",
        "consultation_form_url", "closure_days", "meeting_minutes.ICPC", "liaison.gp",
    }  # fmt: skip
    assert "from 1 to 3" in refused.value.errors["secure_review_subsequent_months"]
    assert "'2026-02-30' is not a date" in refused.value.errors["closure_days"]


def test_a_working_day_that_ends_before_it_starts_is_refused():
    form = {**form_values(AuthoritySettings()), "day_start": "17:00", "day_end": "09:00"}
    with pytest.raises(SettingsErrors, match="must start before it ends"):
        from_form(form)


def test_a_joining_link_template_may_hold_only_the_reference():
    form = {**form_values(AuthoritySettings()),
            "join_link_template": "https://meet.example.org/{name}"}  # fmt: skip
    with pytest.raises(SettingsErrors, match=r"only placeholder it may contain is \{reference\}"):
        from_form(form)


# -- saved, in force by date ------------------------------------------------------------------


def test_settings_are_in_force_from_their_day_and_earlier_days_keep_theirs(app):
    submit(NOW, None, _form(LINCOLNSHIRE, TODAY + timedelta(days=30)))
    assert authority_settings(TODAY) == AuthoritySettings()
    assert authority_settings(TODAY + timedelta(days=29)) == AuthoritySettings()
    assert authority_settings(TODAY + timedelta(days=30)) == LINCOLNSHIRE
    assert authority_settings(date(2027, 6, 1)) == LINCOLNSHIRE


def test_a_save_is_audited_with_what_changed_and_kept_in_the_history(app):
    manager = make_user(role="manager", name="Tess Manager")
    db.session.commit()
    outcome = submit(NOW, manager.id, _form(LINCOLNSHIRE, reason="Secure reviews monthly"))
    assert outcome.saved and outcome.moves == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings.version"))
    assert event.actor_id == manager.id
    assert "secure_review_subsequent_months" in event.detail
    assert "closure_days" in event.detail and "advocate_from_age" not in event.detail
    (version,) = history(TODAY)
    assert (version.by, version.reason, version.in_force) == (
        "Tess Manager", "Secure reviews monthly", True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"day": TODAY - timedelta(days=1)}, "effective_from", "keep the rules of their time"),
        ({"day": TODAY + timedelta(days=400)}, "effective_from", "within a year"),
        ({"reason": "  "}, "reason", "Say why"),
        ({"settings": AuthoritySettings()}, "reason", "Nothing has changed"),
    ],
)
def test_a_bad_save_is_refused_in_words_and_changes_nothing(app, changes, field, words):
    form = _form(changes.get("settings", LINCOLNSHIRE), changes.get("day", TODAY),
                 changes.get("reason", "Agreed locally"))  # fmt: skip
    with pytest.raises(ServiceError, match=words) as refused:
        submit(NOW, None, form)
    assert refused.value.field == field
    db.session.rollback()
    assert _versions() == 0


def test_a_second_version_for_the_same_day_is_refused(app):
    submit(NOW, None, _form(LINCOLNSHIRE))
    with pytest.raises(ServiceError, match="already takes effect"):
        submit(NOW, None, _form(replace(LINCOLNSHIRE, advocate_from_age=10)))
    db.session.rollback()
    assert _versions() == 1
    forget_cached()
    assert authority_settings(TODAY) == LINCOLNSHIRE


def test_a_request_made_after_the_change_gets_the_new_length(app):
    assert typical_minutes("RCPC") == 90
    submit(NOW, None, _form(LINCOLNSHIRE))
    assert typical_minutes("RCPC") == 120


# -- open requests' windows -------------------------------------------------------------------


def test_a_change_that_moves_windows_asks_first_and_saves_nothing(app):
    review = _secure_review(date(2026, 2, 2))
    # A review whose window was entered otherwise (not as the rules compute it): the change
    # does not bear on its type, so it is not listed.
    make_request(meeting_type="CIC_REVIEW")
    db.session.commit()
    latest_before = review.latest

    outcome = submit(NOW, None, _form(LINCOLNSHIRE))

    assert not outcome.saved and _versions() == 0
    (move,) = outcome.moves
    assert move.request.id == review.id
    assert (move.now[1], move.then.latest) == (latest_before, date(2026, 3, 2))
    assert f"{latest_before:%-d %b %Y} becomes" in move.words
    assert not move.past and "already past" not in move.words


def test_a_window_moved_into_the_past_says_the_meeting_would_be_late(app):
    _secure_review(date(2026, 1, 5))  # monthly: latest Thu 5 Feb, gone by Mon 2 March
    db.session.commit()

    (move,) = submit(NOW, None, _form(LINCOLNSHIRE)).moves

    assert move.past and move.then.latest == date(2026, 2, 5)
    assert move.words.endswith("(already past: it would be out of timescale)")


def test_moving_the_windows_saves_and_moves_each_with_an_audit_row(app):
    review = _secure_review(date(2026, 2, 2))
    db.session.commit()

    outcome = submit(NOW, None, _form(LINCOLNSHIRE), windows="move")

    assert outcome.saved and len(outcome.moves) == 1
    db.session.expire_all()
    moved = db.session.get(MeetingRequest, review.id)
    assert moved.latest == date(2026, 3, 2)
    assert "1 month after" in moved.window_rule
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "request.window_moved")) == 1  # fmt: skip


def test_keeping_the_windows_saves_and_moves_none(app):
    review = _secure_review(date(2026, 2, 2))
    db.session.commit()
    latest_before = review.latest

    outcome = submit(NOW, None, _form(LINCOLNSHIRE), windows="keep")

    assert outcome.saved and outcome.moves == []
    db.session.expire_all()
    assert db.session.get(MeetingRequest, review.id).latest == latest_before


def test_a_held_meetings_window_never_moves(app):
    review = _secure_review(date(2026, 2, 2))
    review.status = "held"
    db.session.commit()
    latest_before = review.latest

    outcome = submit(NOW, None, _form(LINCOLNSHIRE), windows="move")

    assert outcome.saved and outcome.moves == []
    db.session.expire_all()
    assert db.session.get(MeetingRequest, review.id).latest == latest_before


def test_missing_reports_are_chased_twice_the_first_earlier():
    form = {**form_values(AuthoritySettings()), "agency_report_chase_working_days_before": "2, 5"}
    with pytest.raises(SettingsErrors, match="chased twice") as refused:
        from_form(form)
    assert list(refused.value.errors) == ["agency_report_chase_working_days_before"]
