"""Unavailability, shared by rooms (closures), chairs (leave) and people (court days and so on):
the service, its table's constraints, and the add/list/remove part of each owner's page, where
dates and times are entered and shown in Europe/London time."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Unavailability
from app.services import NotFound, ServiceError
from app.services.reference import unavailability as service
from app.services.reference.unavailability import Period
from tests.app.factories.reference_forms import (
    CHAIR,
    OWNERS,
    PERSON,
    ROOM,
    Browser,
    assert_refused,
    count,
    date_parts,
    last_audit,
    make_unavailability,
    period_data,
)
from tests.app.factories.rows import NOW, make_chair, make_room


def period(kind="leave", start=(2026, 6, 1, 9, 0), end=(2026, 6, 1, 17, 0), note="") -> Period:
    return Period(kind, date(*start[:3]), time(*start[3:]), date(*end[:3]), time(*end[3:]), note)


@pytest.mark.parametrize("kind", OWNERS)
def test_a_period_is_added_to_its_owner_alone(app, kind):
    owner = kind.make()
    row = service.add(NOW, None, owner, period(kind=kind.period_kind))
    owners = {column: getattr(row, column) for column in ("chair_id", "room_id", "person_id")}
    assert owners == {**dict.fromkeys(owners), kind.owner_column: owner.id}
    assert row.kind == kind.period_kind


@pytest.mark.parametrize("kind", OWNERS)
def test_an_owner_is_refused_a_kind_it_cannot_have(app, kind):
    with pytest.raises(ServiceError, match="Select a kind from the list"):
        service.add(NOW, None, kind.make(), period(kind=kind.wrong_kind))


def test_a_start_in_the_spring_forward_gap_is_refused_on_the_start_time(app):
    with pytest.raises(ServiceError) as refusal:
        service.add(NOW, None, make_chair(), period(start=(2026, 3, 29, 1, 30)))
    assert refusal.value.field == "starts_at"


def test_an_end_in_the_spring_forward_gap_is_refused_on_the_end_time(app):
    with pytest.raises(ServiceError) as refusal:
        service.add(
            NOW, None, make_chair(), period(start=(2026, 3, 28, 9, 0), end=(2026, 3, 29, 1, 0))
        )
    assert refusal.value.field == "ends_at"


def test_a_period_across_the_autumn_change_lasts_the_real_elapsed_time(app):
    row = service.add(
        NOW, None, make_chair(), period(start=(2026, 10, 24, 18, 0), end=(2026, 10, 25, 18, 0))
    )
    assert row.ends_at - row.starts_at == timedelta(hours=25)


def test_a_period_ending_in_the_repeated_autumn_hour_ends_at_its_first_occurrence(app):
    row = service.add(
        NOW, None, make_chair(), period(start=(2026, 10, 25, 0, 30), end=(2026, 10, 25, 1, 30))
    )
    assert row.ends_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_an_end_before_the_start_changes_nothing(app):
    with pytest.raises(ServiceError, match="The end must be after the start"):
        service.add(
            NOW, None, make_chair(), period(start=(2026, 6, 2, 9, 0), end=(2026, 6, 1, 9, 0))
        )
    assert count(Unavailability) == 0


def test_a_note_over_200_characters_is_refused(app):
    with pytest.raises(ServiceError, match="Note must be 200 characters or fewer"):
        service.add(NOW, None, make_chair(), period(note="x" * 201))


def test_periods_that_have_ended_are_not_listed(app):
    chair = make_chair()
    make_unavailability(chair_id=chair.id, starts_at=NOW - timedelta(days=2))
    current = make_unavailability(chair_id=chair.id, starts_at=NOW - timedelta(hours=1))
    assert service.periods_of(chair, NOW) == [current]


def test_another_owners_period_cannot_be_removed(app):
    chair, other = make_chair(), make_chair()
    row = make_unavailability(chair_id=other.id)
    with pytest.raises(NotFound):
        service.remove(NOW, None, chair, row.id)


def test_the_database_refuses_a_period_with_two_owners(app):
    chair, room = make_chair(), make_room()
    with pytest.raises(IntegrityError):
        make_unavailability(chair_id=chair.id, room_id=room.id)


def test_the_database_refuses_a_period_that_ends_as_it_starts(app):
    chair = make_chair()
    with pytest.raises(IntegrityError):
        make_unavailability(chair_id=chair.id, starts_at=NOW, ends_at=NOW)


def test_the_database_refuses_an_unknown_kind(app):
    with pytest.raises(IntegrityError):
        make_unavailability(chair_id=make_chair().id, kind="holiday")


def test_the_database_refuses_a_naive_time(app):
    with pytest.raises(Exception, match="naive datetime"):
        make_unavailability(chair_id=make_chair().id, starts_at=datetime(2026, 6, 1, 9, 0))


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


# Winter (GMT = UTC), summer (BST = UTC+1), and the day after the clocks go back.
@pytest.mark.parametrize(
    ("kind", "day", "times", "utc"),
    [
        pytest.param(
            ROOM, date(2026, 6, 1), ("09:00", "17:30"), ((8, 0), (16, 30)), id="room-in-summer"
        ),
        pytest.param(
            CHAIR, date(2026, 12, 7), ("09:00", "17:00"), ((9, 0), (17, 0)), id="chair-in-winter"
        ),
        pytest.param(
            PERSON,
            date(2026, 10, 26),
            ("10:00", "16:00"),
            ((10, 0), (16, 0)),
            id="person-after-the-clocks-go-back",
        ),
    ],
)
def test_a_period_entered_in_uk_time_is_stored_in_utc(admin, kind, day, times, utc):
    row = kind.make()
    db.session.commit()
    response = admin.post(kind.periods_url(row), period_data(kind.period_kind, day, *times))
    assert response.status_code == 302
    stored = db.session.scalar(select(Unavailability))
    assert (getattr(stored, kind.owner_column), stored.kind) == (row.id, kind.period_kind)
    assert (stored.starts_at, stored.ends_at) == tuple(
        datetime(day.year, day.month, day.day, *hour_minute, tzinfo=UTC) for hour_minute in utc
    )


@pytest.mark.parametrize("kind", OWNERS)
def test_adding_a_period_writes_an_audit_row(admin, kind):
    row = kind.make()
    db.session.commit()
    data = period_data(kind.period_kind, date(2026, 6, 1), "09:00", "09:00", date(2026, 6, 2))
    admin.post(kind.periods_url(row), data)
    assert (last_audit().action, last_audit().detail) == (
        "unavailability.added",
        f"{kind.owner_column}={row.id} kind={kind.period_kind}",
    )


@pytest.mark.parametrize("kind", OWNERS)
def test_a_kind_of_period_the_owner_cannot_have_is_refused_on_its_page(admin, kind):
    row = kind.make()
    db.session.commit()
    data = period_data(kind.wrong_kind, date(2026, 12, 7), "09:00", "17:00")
    assert_refused(admin.post(kind.periods_url(row), data), "Select a kind from the list")
    assert count(Unavailability) == 0


JUNE_1, JUNE_2 = date(2026, 6, 1), date(2026, 6, 2)
SPRING_FORWARD = date_parts(date(2026, 3, 29))
BAD_PERIODS = [
    (
        "ending-before-it-starts",
        {"starts_at": "14:00", "ends_on": date_parts(JUNE_1), "ends_at": "13:00"},
        "The end must be after the start",
    ),
    ("ending-at-its-start", {"ends_on": date_parts(JUNE_1)}, "The end must be after the start"),
    (
        "starting-in-the-spring-forward-hour",
        {
            "starts_on": SPRING_FORWARD,
            "starts_at": "01:30",
            "ends_on": SPRING_FORWARD,
            "ends_at": "12:00",
        },
        "01:30 on 29 March 2026 does not exist in UK time",
    ),
    (
        "start-time-25-00",
        {"starts_at": "25:00"},
        "Enter the start time as hours and minutes, like 09:30",
    ),
    (
        "start-date-31-february",
        {"starts_on": ["31", "2", "2026"]},
        "Start date must be a real date",
    ),
    ("no-end-date", {"ends_on": ["", "", ""]}, "Enter the end date"),
]


# Each case changes part of a valid day from 09:00 on 1 June, on every owner's form.
@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        pytest.param(kind, fields, message, id=f"{kind.name}-{case}")
        for kind in (ROOM, CHAIR, PERSON)
        for case, fields, message in BAD_PERIODS
    ],
)
def test_a_period_that_is_not_a_real_span_of_uk_time_is_refused(admin, kind, fields, message):
    row = kind.make()
    db.session.commit()
    data = {**period_data(kind.period_kind, JUNE_1, "09:00", "09:00", JUNE_2), **fields}
    assert_refused(admin.post(kind.periods_url(row), data), message)
    assert count(Unavailability) == 0


@pytest.mark.parametrize("kind", OWNERS)
def test_whole_days_need_no_times(admin, kind):
    """A day's leave, or three days: blank times run from the start of the first day to the
    end of the last, in UK time (here BST: 23:00 UTC the evening before)."""
    row = kind.make()
    db.session.commit()
    data = {**period_data(kind.period_kind, JUNE_1, "", "", JUNE_2), "ends_at": ""}
    response = admin.post(kind.periods_url(row), data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    period = db.session.scalars(select(Unavailability)).one()
    bst_midnights = (datetime(2026, 5, 31, 23, tzinfo=UTC), datetime(2026, 6, 2, 23, tzinfo=UTC))
    assert (period.starts_at, period.ends_at) == bst_midnights


# The page lists periods not yet ended, so these tests fix "now" (sign-in included).
@pytest.mark.parametrize("kind", OWNERS)
def test_the_owners_page_lists_a_summer_period_in_uk_time(client, kind):
    row = kind.make()
    kind.add_period(row, starts_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    db.session.commit()
    with time_machine.travel(datetime(2026, 5, 1, tzinfo=UTC), tick=False):
        page = Browser(client).page(f"{kind.pages}/{row.id}")
    assert "Mon 1 Jun 2026, 09:00" in page


@pytest.mark.parametrize("kind", OWNERS)
def test_the_owners_page_leaves_out_periods_that_have_ended(client, kind):
    row = kind.make()
    kind.add_period(row, note="Boiler repair")
    db.session.commit()
    with time_machine.travel(datetime(2027, 1, 1, tzinfo=UTC), tick=False):
        page = Browser(client).page(f"{kind.pages}/{row.id}")
    assert "Boiler repair" not in page


@pytest.mark.parametrize("kind", OWNERS)
def test_removing_a_period_deletes_it_and_is_audited(admin, kind):
    row = kind.make()
    added = kind.add_period(row)
    db.session.commit()
    assert admin.post(f"{kind.periods_url(row)}/{added.id}/remove").status_code == 302
    assert count(Unavailability) == 0
    assert last_audit().action == "unavailability.removed"


@pytest.mark.parametrize("kind", OWNERS)
def test_another_owners_period_cannot_be_removed_through_this_owners_page(admin, kind):
    row, other = kind.make(), kind.make()
    others = kind.add_period(other)
    db.session.commit()
    assert admin.post(f"{kind.periods_url(row)}/{others.id}/remove").status_code == 404
    assert count(Unavailability) == 1
