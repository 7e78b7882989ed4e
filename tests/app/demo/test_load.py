"""The demo county (`load_demo`): what a new user sees after `make run`.

Loading takes a few seconds, so the tests share one loaded database (a module-scoped fixture)
and only read it; the ones that write roll back.
"""

import shutil
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import current_app
from sqlalchemy import func, select, text

from app import create_app
from app.demo.load import existing_data, load_demo
from app.demo.rows import meetings_from_plan
from app.extensions import db
from app.models import (
    AuditEvent,
    Chair,
    ChildrensHome,
    IndependentVisitor,
    KeptApart,
    Meeting,
    MeetingRequest,
    Person,
    Reg44Visit,
    Room,
    User,
    UserMfa,
)
from app.services import ServiceError
from app.services.accounts.auth import authenticate
from app.services.accounts.mfa import sealing
from app.services.accounts.mfa.enrolment import second_step
from app.services.reg44.tracker import tracker
from solver.checker.check import check
from solver.generate.profiles import profile_for
from tests.app.conftest import TEST_DATABASE_URL, _config, _truncate_all

pytestmark = pytest.mark.db
# Thursday 24 December 2026: Christmas Day is a Friday and Boxing Day's substitute the Monday,
# so the next working day is Tuesday 29 December.
NOW = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
FIRST_DAY = date(2026, 12, 29)
CP_CONFERENCES = ("ICPC", "RCPC", "PREBIRTH_ICPC")
# Two meetings of one chair (or in one room) that overlap, among the blocking statuses.
OVERLAPS = """
    SELECT count(*) FROM meetings a JOIN meetings b
      ON a.{column} = b.{column} AND a.id < b.id
     AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
     WHERE a.status IN ('confirmed', 'held') AND b.status IN ('confirmed', 'held')
"""


@pytest.fixture(scope="module")
def demo(migrated_database, tmp_path_factory):
    url = TEST_DATABASE_URL
    if not url:
        copy = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copyfile(migrated_database, copy)
        url = f"sqlite:///{copy}"
    app = create_app(_config(url))
    with app.app_context():
        yield load_demo(NOW, seed=0)
        db.session.remove()
        if TEST_DATABASE_URL:
            _truncate_all()
        db.engine.dispose()


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _open_requests() -> list[MeetingRequest]:
    return db.session.scalars(select(MeetingRequest).where(MeetingRequest.status == "open")).all()


def test_the_chairs_with_the_chair_role_add_up_to_18_6_fte(demo):
    chairs = db.session.scalars(select(Chair).where(Chair.roles.contains("chair"))).all()

    assert sum(c.fte for c in chairs) == Decimal("18.6")
    assert any(c.fte < 1 for c in chairs)  # some part-time


def test_every_chair_of_the_generators_lincolnshire_roster_is_loaded(demo):
    # The README says 19 chairs for 18.6 FTE; the generator's roster (which the month's planted
    # plan is built on) has 15 full-time, 3 at 0.8 and 2 at 0.6: 20 chairs.
    (roster,) = profile_for("county-month").rosters
    chairs = roster.full_time + roster.four_day + roster.three_day

    assert _count(Chair, Chair.roles.contains("chair")) == chairs
    assert _count(Chair) == chairs + roster.team_managers


def test_there_are_three_team_managers_with_portable_kits_among_the_chairs(demo):
    managers = db.session.scalars(select(Chair).where(Chair.roles.contains("team_manager"))).all()

    assert len(managers) == 3
    assert _count(Chair, Chair.portable_hybrid_kit.is_(True)) > 0


def test_about_fourteen_rooms_about_half_fully_hybrid(demo):
    rooms, full = _count(Room), _count(Room, Room.hybrid == "full")

    assert 12 <= rooms <= 16
    assert abs(full - rooms / 2) <= 2


def test_about_five_hundred_cases(demo):
    assert demo.counts["cases"] == 500


def test_about_240_open_requests_in_the_services_proportions(demo):
    types = Counter(r.meeting_type for r in _open_requests())
    total = sum(types.values())

    assert 200 <= total <= 280
    assert abs(types["CIC_REVIEW"] / total - 2 / 3) <= 0.10
    assert 0.15 <= sum(types[t] for t in CP_CONFERENCES) / total <= 0.35
    assert types["STB_REVIEW"] and types["SECURE_REVIEW"] and types["PREBIRTH_STRATEGY"]


def test_every_open_request_window_starts_on_or_after_the_next_working_day(demo):
    earliest = min(r.earliest for r in _open_requests())

    assert earliest == FIRST_DAY == demo.first_day


def test_every_email_address_is_on_example_org(demo):
    emails = [e for model in (User, Chair, Person) for e in db.session.scalars(select(model.email))]

    assert emails and all(e.endswith("@example.org") for e in emails if e)


def test_some_domestic_abuse_cases_keep_two_parties_apart(demo):
    assert 1 <= _count(KeptApart) <= 30


@pytest.mark.parametrize("column", ["room_id", "chair_id"])
def test_no_two_held_meetings_overlap(demo, column):
    assert db.session.scalar(text(OVERLAPS.format(column=column))) == 0


def test_a_year_of_held_meetings_lies_before_the_load_day_and_a_few_were_late(demo):
    held = db.session.scalars(select(Meeting).where(Meeting.status == "held")).all()

    assert len(held) > 500
    assert all(NOW.date().replace(year=2025) <= m.held_on < NOW.date() for m in held)
    late = [m for m in held if m.late_reason]
    assert 0 < len(late) < len(held) * 0.1
    assert all(m.late_agreed_by for m in late)


def test_the_planted_plan_keeps_every_hard_rule_of_the_demo_month(demo):
    assert check(demo.instance, demo.plan).violations == []


def test_the_planted_plan_books_into_the_database_without_an_overlap(demo):
    db.session.add_all(meetings_from_plan(demo.plan, demo.rows, NOW, status="confirmed"))
    db.session.flush()  # the database's own no-overlap constraints would refuse it here
    try:
        assert _count(Meeting, Meeting.status == "confirmed") == len(demo.plan["assignments"])
        for column in ("room_id", "chair_id"):
            assert db.session.scalar(text(OVERLAPS.format(column=column))) == 0
    finally:
        db.session.rollback()


def test_the_demo_accounts_sign_in_with_their_generated_passwords(demo):
    roles = {role: authenticate(email, password) for role, email, password in demo.accounts}

    assert {role: user.role for role, user in roles.items() if user} == {
        "admin": "admin",
        "manager": "manager",
        "chair": "chair",
    }
    assert roles["chair"].chair is not None


def test_the_demo_admin_and_manager_come_with_an_authenticator_whose_key_is_given(demo):
    users = {role: authenticate(email, password) for role, email, password in demo.accounts}
    assert {role: second_step(user) for role, user in users.items()} == {
        "admin": "code",
        "manager": "code",
        "chair": None,
    }
    for role in ("admin", "manager"):
        user = users[role]
        stored = db.session.get(UserMfa, user.id)
        key = demo.authenticator_keys[user.email]
        assert sealing.unseal(current_app.config["SECRET_KEY"], stored.secret_sealed) == key


def test_one_audit_row_records_the_load(demo):
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "demo.loaded")).one()

    assert event.object_id == "seed-0" and "cases=500" in event.detail


def test_a_second_load_is_refused_and_changes_nothing(demo):
    before = existing_data()

    with pytest.raises(ServiceError, match="already has data"):
        load_demo(NOW, seed=1)

    assert existing_data() == before


def test_the_demo_has_homes_and_visitors_for_the_regulation_44_tracker(demo):
    assert _count(ChildrensHome) == 4 and _count(IndependentVisitor) == 2
    assert _count(Reg44Visit) > 20
    emails = db.session.scalars(select(IndependentVisitor.email))
    assert all(email.endswith("@example.org") for email in emails)
    statuses = {cell.status for row in tracker(NOW.date()).rows for cell in row.cells}
    assert {"visited", "missed", "due", "upcoming"} <= statuses
